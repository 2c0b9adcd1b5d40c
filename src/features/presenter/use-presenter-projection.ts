import { useCallback, useEffect, useRef, useState } from "react";
import { openPresenterChannel, sessionStartedAt } from "./presenter-channel.ts";
import { presenterAction } from "./presenter-keys.ts";

interface Options {
  active: boolean;
  sessionSlug: string;
  stepSlug: string;
  onNextStep?: (() => void) | undefined;
  onPreviousStep?: (() => void) | undefined;
  onExit(): void;
}

// Keys typed here belong to the control: fields, editors, tab lists, and the embedded tools (a focused visualizer
// steps itself on the same keys).
const CONTROLS =
  "input, textarea, select, [contenteditable=''], [contenteditable='true'], .monaco-editor, [role='tablist'], [role='slider'], .lesson-tool, dialog";

// Space on a focused button, link or choice presses it; the clicker keys (PageDown, →) still move the lesson.
const PRESSABLE = "button, a[href], summary, [role='button'], [role='radio'], [role='checkbox'], label";

/** The lesson's sections: its `##` headings, in order. */
function sections(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(".lesson h2")];
}

/**
 * Presenter mode in the projected window: the clicker keys move through the lesson's sections and then to the next
 * step, B blanks the screen, Esc leaves, ? lists the keys; the presenter view is told where the lesson is and may
 * move it.
 */
export function usePresenterProjection({ active, sessionSlug, stepSlug, onNextStep, onPreviousStep, onExit }: Options) {
  const [section, setSectionState] = useState(-1);
  // The section as of the last move, for moves that arrive before React re-renders (a fast clicker, the other window).
  const sectionRef = useRef(-1);
  const setSection = useCallback((value: number) => {
    sectionRef.current = value;
    setSectionState(value);
  }, []);
  const [blank, setBlank] = useState(false);
  const [help, setHelp] = useState(false);
  const channel = useRef<ReturnType<typeof openPresenterChannel> | null>(null);
  const latest = useRef({ onNextStep, onPreviousStep, onExit, section, blank, sessionSlug, stepSlug });
  latest.current = { onNextStep, onPreviousStep, onExit, section, blank, sessionSlug, stepSlug };

  // A new step starts at its top.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the step changes.
  useEffect(() => setSection(-1), [sessionSlug, stepSlug, setSection]);

  const announce = useCallback(() => {
    const { section: at, blank: dark, sessionSlug: session, stepSlug: step } = latest.current;
    channel.current?.post({
      type: "state",
      sessionSlug: session,
      stepSlug: step,
      section: Math.max(0, at),
      sections: sections().length,
      blank: dark,
      sessionStartedAt: sessionStartedAt(session, Date.now()),
    });
  }, []);

  const move = useCallback(
    (direction: 1 | -1) => {
      const headings = sections();
      const at = sectionRef.current;
      // -1 is the top of the step (its title and objectives), then one stop per section.
      const target = at + direction;
      // Another step: it starts at its top, also for a move that arrives before it has rendered.
      if (target >= headings.length) {
        sectionRef.current = -1;
        return latest.current.onNextStep?.();
      }
      if (target < -1) {
        sectionRef.current = -1;
        return latest.current.onPreviousStep?.();
      }
      setSection(target);
      const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      const heading = target === -1 ? document.getElementById("step-title") : headings[target];
      if (!heading) return;
      if (heading.tabIndex < 0) heading.tabIndex = -1;
      heading.scrollIntoView({ block: "start", behavior: smooth ? "smooth" : "auto" });
      heading.focus({ preventScroll: true });
    },
    [setSection],
  );

  useEffect(() => {
    if (!active) return;
    channel.current = openPresenterChannel((message) => {
      if (message.type !== "command") return;
      if (message.command === "next") move(1);
      else if (message.command === "previous") move(-1);
      else if (message.command === "blank") setBlank((dark) => !dark);
      announce();
    });
    return () => {
      channel.current?.close();
      channel.current = null;
    };
  }, [active, move, announce]);

  // Tell the presenter view after every change (and once at the start).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the state it reports.
  useEffect(() => {
    if (active) announce();
  }, [active, section, blank, sessionSlug, stepSlug, announce]);

  useEffect(() => {
    if (!active) {
      setBlank(false);
      setHelp(false);
      return;
    }
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      // An open dialog (the keys' help, the search) handles its own keys (Esc closes it). Asked of the page, not of
      // React state: the browser closes a dialog on Esc before React has re-rendered, and the next Esc is ours.
      if (target?.closest?.("dialog[open]")) return;
      if (event.key === " " && target?.closest?.(PRESSABLE)) return;
      const action = presenterAction({
        key: event.key,
        altKey: event.altKey,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        defaultPrevented: event.defaultPrevented,
        inControl: Boolean(target?.closest?.(CONTROLS)),
      });
      if (!action) return;
      // While the screen is blank, every key but B and Esc waits.
      if (latest.current.blank && action !== "blank" && action !== "exit") return;
      event.preventDefault();
      if (action === "next") move(1);
      else if (action === "previous") move(-1);
      else if (action === "blank") setBlank((dark) => !dark);
      else if (action === "help") setHelp(true);
      else if (action === "exit") {
        if (latest.current.blank) setBlank(false);
        else latest.current.onExit();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [active, move]);

  return { section, blank, help, closeHelp: () => setHelp(false), unblank: () => setBlank(false) };
}
