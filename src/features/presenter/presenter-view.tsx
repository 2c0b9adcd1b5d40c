import { useEffect, useState } from "react";
import { InlineCodeText } from "../../components/inline-code-text.tsx";
import type { PresenterCommand, ProjectedState } from "./presenter-messages.ts";
import { slotUse } from "./slot-time.ts";
import "./presenter.css";

/** One step of the day as the presenter view needs it. */
export interface PresentedStep {
  sessionSlug: string;
  sessionTitle: string;
  /** The session's agenda slot. */
  session: { time: string; minutes: number };
  stepSlug: string;
  title: string;
}

interface Props {
  /** Every step of the day, in order. */
  steps: readonly PresentedStep[];
  state: ProjectedState | null;
  /** The current step's speaker notes (null while they load). */
  notes: string | null;
  onCommand(command: PresenterCommand["command"]): void;
}

function useClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * The presenter view, a second window: the projected step's notes, what comes next, the clock and the time used of
 * the session's agenda slot, and buttons (and the same keys) that move the projected window.
 */
export function PresenterView({ steps, state, notes, onCommand }: Props) {
  const now = useClock();
  useEffect(() => {
    document.title = "Presenter view · SMART on FHIR Lab";
  }, []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (["ArrowRight", "PageDown", " "].includes(event.key)) onCommand("next");
      else if (["ArrowLeft", "PageUp"].includes(event.key)) onCommand("previous");
      else if (event.key === "b" || event.key === "B") onCommand("blank");
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onCommand]);

  const index = state
    ? steps.findIndex((item) => item.sessionSlug === state.sessionSlug && item.stepSlug === state.stepSlug)
    : -1;
  const current = steps[index];
  const next = steps[index + 1];
  const use = current && state ? slotUse(current.session, state.sessionStartedAt, now) : null;
  return (
    <main className="presenter-view">
      <header className="presenter-header">
        <p className="presenter-clock">
          <span className="visually-hidden">Time: </span>
          {new Date(now).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" })}
        </p>
        {use && current ? (
          <p className={use.over ? "presenter-slot presenter-over" : "presenter-slot"}>
            {current.sessionTitle}: {use.used} of {use.planned} min{" "}
            <span className="presenter-muted">({use.slot})</span>
          </p>
        ) : null}
      </header>
      <div className="button-row presenter-controls">
        <button type="button" className="button" onClick={() => onCommand("previous")}>
          ← Previous
        </button>
        <button type="button" className="button button-primary" onClick={() => onCommand("next")}>
          Next →
        </button>
        <button
          type="button"
          className="button"
          aria-pressed={state?.blank ?? false}
          onClick={() => onCommand("blank")}
        >
          Blank the screen (B)
        </button>
      </div>
      {current && state ? (
        <>
          <h1>{current.title}</h1>
          <p className="presenter-muted">
            Section {state.section + 1} of {Math.max(1, state.sections)}
            {state.blank ? " · the projected screen is blank" : ""}
          </p>
          <section aria-labelledby="presenter-notes-title" className="presenter-notes">
            <h2 id="presenter-notes-title">Speaker notes</h2>
            {notes === null ? (
              <p role="status">Loading the notes…</p>
            ) : notes ? (
              notes.split(/\n{2,}/).map((paragraph) => (
                <p key={paragraph}>
                  <InlineCodeText text={paragraph} />
                </p>
              ))
            ) : (
              <p className="presenter-muted">No notes for this step.</p>
            )}
          </section>
          <p className="presenter-next">
            Next: <strong>{next ? next.title : "the end of the day"}</strong>
            {next && next.sessionSlug !== current.sessionSlug ? ` (${next.sessionTitle})` : ""}
          </p>
        </>
      ) : (
        <p role="status">
          Waiting for the projected window: open a lesson step there in presenter mode. This window follows it.
        </p>
      )}
    </main>
  );
}
