import { Suspense, useEffect, useRef } from "react";
import { Link } from "react-router";
import { runWhenIdle } from "../../lib/run-when-idle.ts";
import type { LocatedStep } from "./lab-navigation.ts";
import { LessonErrorBoundary } from "./lesson-error-boundary.tsx";
import { lessonElement, preloadLesson } from "./lesson-modules.ts";
import "./lab-step-page.css";

interface Props {
  /** ← → move between steps (off in presenter mode, where the presenter keys move through sections first). */
  keyboardNavigation?: boolean;
  located: { current: LocatedStep; previous: LocatedStep | null; next: LocatedStep | null; total: number };
  completed: boolean;
  onToggleCompleted(): void;
  checkPassed: boolean;
  onCheckPassed(): void;
  onPrevious?: (() => void) | undefined;
  onNext?: (() => void) | undefined;
  previousHref?: string | undefined;
  nextHref?: string | undefined;
}

/** True when an arrow key should move between steps: not while typing, editing code or using a modifier. */
function isStepNavigationKey(event: KeyboardEvent): "previous" | "next" | null {
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.defaultPrevented) return null;
  const target = event.target as HTMLElement | null;
  if (
    target?.closest(
      "input, textarea, select, [contenteditable=''], [contenteditable='true'], .monaco-editor, [role='slider'], [role='tablist']",
    )
  )
    return null;
  if (event.key === "ArrowLeft") return "previous";
  if (event.key === "ArrowRight") return "next";
  return null;
}

/** One lab step: session header, the lesson content, and previous/next with keyboard arrows. */
export function LabStepPage({
  keyboardNavigation = true,
  located,
  completed,
  onToggleCompleted,
  checkPassed,
  onCheckPassed,
  onPrevious,
  onNext,
  previousHref,
  nextHref,
}: Props) {
  const { current, previous, next, total } = located;
  const { session, step } = current;
  const lesson = lessonElement(step.file, { checkPassed, onCheckPassed });
  const heading = useRef<HTMLHeadingElement>(null);
  const stepNumber = session.steps.indexOf(step) + 1;

  useEffect(() => {
    document.title = `${step.title} · ${session.title} · SMART on FHIR Lab`;
    // Move focus to the new step's heading so screen readers announce it after a client-side navigation.
    heading.current?.focus({ preventScroll: false });
  }, [step.title, session.title]);

  // The learner usually moves one step on or back: have those lessons ready so the move does not suspend (each in
  // an idle task of its own, not in the task that hydrates this one).
  useEffect(() => {
    const cancels = [previous, next].flatMap((neighbour) =>
      neighbour ? [runWhenIdle(() => void preloadLesson(neighbour.step.file)?.catch(() => {}))] : [],
    );
    return () => {
      for (const cancel of cancels) cancel();
    };
  }, [previous, next]);

  // The listener reads the newest handlers: a key pressed right after a step change (before effects re-run) must
  // move from the step on screen, not from the one before it.
  const moves = useRef({ onPrevious, onNext });
  moves.current = { onPrevious, onNext };
  useEffect(() => {
    if (!keyboardNavigation) return;
    const onKey = (event: KeyboardEvent) => {
      const direction = isStepNavigationKey(event);
      if (direction === "previous") moves.current.onPrevious?.();
      if (direction === "next") moves.current.onNext?.();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [keyboardNavigation]);

  return (
    <article className="lab-step" aria-labelledby="step-title">
      <header className="lab-step-header">
        <p className="lab-step-session">
          <span className="agenda-time">{session.time}</span> {session.title} · step {stepNumber} of{" "}
          {session.steps.length}
        </p>
        <h1 id="step-title" ref={heading} tabIndex={-1}>
          {step.title}
        </h1>
        {stepNumber === 1 ? <p className="lead">{session.summary}</p> : null}
      </header>
      <div className="lesson">
        <LessonErrorBoundary resetKey={step.file}>
          <Suspense fallback={<p role="status">Loading the lesson…</p>}>
            {lesson ?? <p role="alert">This lesson file is missing from the build.</p>}
          </Suspense>
        </LessonErrorBoundary>
      </div>
      <footer className="lab-step-footer">
        <label className="complete-toggle">
          <input type="checkbox" checked={completed} onChange={onToggleCompleted} /> I have finished this step
        </label>
        <nav className="pager" aria-label="Step navigation">
          {previous && previousHref ? (
            <Link to={previousHref} rel="prev" className="button">
              <span aria-hidden="true">←</span> Previous: {previous.step.title}
            </Link>
          ) : (
            <span />
          )}
          <span className="pager-position">
            {current.index + 1} / {total}
          </span>
          {next && nextHref ? (
            <Link
              to={nextHref}
              rel="next"
              className="button button-primary"
              onClick={(event) => {
                event.preventDefault();
                onNext?.();
              }}
            >
              Next: {next.step.title} <span aria-hidden="true">→</span>
            </Link>
          ) : (
            <span />
          )}
        </nav>
        <p className="hint">Tip: use the ← and → arrow keys to move between steps.</p>
      </footer>
    </article>
  );
}
