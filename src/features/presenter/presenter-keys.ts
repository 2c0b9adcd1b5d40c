/** What a key does in presenter mode (projected window or presenter view). */
export type PresenterAction = "next" | "previous" | "blank" | "exit" | "help";

/** The keys, as the `?` help lists them. */
export const PRESENTER_KEYS: readonly { keys: string; action: string }[] = [
  { keys: "→, PageDown, Space", action: "next section of the lesson, then the next step" },
  { keys: "←, PageUp", action: "previous section, then the previous step" },
  { keys: "B", action: "blank the screen (again to show it)" },
  { keys: "Esc", action: "leave presenter mode" },
  { keys: "?", action: "show these keys" },
];

interface KeyEventLike {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  defaultPrevented: boolean;
  /** The event happened in a text field, an editor or a control with its own keys (a visualizer's). */
  inControl: boolean;
}

/**
 * The action of a key in presenter mode, or null. Clickers send PageDown/PageUp (some →/← or Space). A control that
 * handles the key itself (a focused visualizer steps on the same keys and marks the event handled) comes first.
 */
export function presenterAction(event: KeyEventLike): PresenterAction | null {
  if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return null;
  if (event.key === "Escape") return "exit";
  if (event.inControl) return null;
  switch (event.key) {
    case "ArrowRight":
    case "PageDown":
    case " ":
      return "next";
    case "ArrowLeft":
    case "PageUp":
      return "previous";
    case "b":
    case "B":
      return "blank";
    case "?":
      return "help";
    default:
      return null;
  }
}
