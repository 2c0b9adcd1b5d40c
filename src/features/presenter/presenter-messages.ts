/** What the projected window tells the presenter view: where the lesson is. */
export interface ProjectedState {
  type: "state";
  sessionSlug: string;
  stepSlug: string;
  /** The lesson section in view (its `##` heading), 0-based, and how many there are. */
  section: number;
  sections: number;
  blank: boolean;
  /** When the projected window started showing this session (epoch ms). */
  sessionStartedAt: number;
}

/** What the presenter view asks the projected window to do. */
export interface PresenterCommand {
  type: "command";
  command: "next" | "previous" | "blank" | "hello";
}

export type PresenterMessage = ProjectedState | PresenterCommand;

const COMMANDS = new Set(["next", "previous", "blank", "hello"]);

/**
 * A message from the other window, checked: a BroadcastChannel delivers whatever any page of the origin posts (all
 * GitHub Pages sites of a user share it), so nothing is trusted by shape alone.
 */
export function readPresenterMessage(data: unknown): PresenterMessage | null {
  if (typeof data !== "object" || data === null) return null;
  const message = data as Record<string, unknown>;
  if (message.type === "command")
    return typeof message.command === "string" && COMMANDS.has(message.command)
      ? { type: "command", command: message.command as PresenterCommand["command"] }
      : null;
  if (message.type !== "state") return null;
  const { sessionSlug, stepSlug, section, sections, blank, sessionStartedAt } = message;
  if (typeof sessionSlug !== "string" || typeof stepSlug !== "string") return null;
  if (!Number.isInteger(section) || !Number.isInteger(sections) || typeof blank !== "boolean") return null;
  if (typeof sessionStartedAt !== "number" || !Number.isFinite(sessionStartedAt)) return null;
  return {
    type: "state",
    sessionSlug,
    stepSlug,
    section: section as number,
    sections: sections as number,
    blank,
    sessionStartedAt,
  };
}
