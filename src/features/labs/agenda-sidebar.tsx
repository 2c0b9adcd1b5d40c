import { Fragment, memo } from "react";
import { NavLink } from "react-router";
import type { AgendaBreak, LabCatalog } from "./lab-catalog-types.ts";
import { sessionProgress, stepKey, stepPath } from "./lab-navigation.ts";

interface Props {
  catalog: LabCatalog;
  breaks: readonly AgendaBreak[];
  completed: Readonly<Record<string, boolean>>;
  visited: Readonly<Record<string, boolean>>;
  onNavigate?: () => void;
}

function mark(done: boolean, seen: boolean) {
  if (done) return { symbol: "✓", label: "completed" };
  if (seen) return { symbol: "•", label: "visited" };
  return { symbol: "", label: "not started" };
}

/**
 * One step's link. Memoised: a step's first visit marks it in the progress store, which re-renders the agenda, and
 * only the link whose mark changed needs to render again (each is a router link, costly in a page's first second).
 */
const AgendaStepLink = memo(function AgendaStepLink({
  to,
  title,
  done,
  seen,
  onNavigate,
}: {
  to: string;
  title: string;
  done: boolean;
  seen: boolean;
  onNavigate: (() => void) | undefined;
}) {
  const state = mark(done, seen);
  return (
    <NavLink to={to} onClick={onNavigate} className="agenda-link">
      <span className={`progress-mark progress-${state.label.replace(" ", "-")}`} aria-hidden="true">
        {state.symbol}
      </span>
      <span>{title}</span>
      <span className="visually-hidden">({state.label})</span>
    </NavLink>
  );
});

/** The workshop agenda with times and progress marks; every step is a deep link. */
export function AgendaSidebar({ catalog, breaks, completed, visited, onNavigate }: Props) {
  return (
    <nav className="agenda" aria-label="Workshop agenda">
      <ol className="agenda-sessions">
        {catalog.map((session, index) => {
          const progress = sessionProgress(session, completed);
          // A break shows before the first session that starts at or after its end.
          const before = breaks.filter(
            (pause) => pause.time < session.time && (index === 0 || pause.time >= (catalog[index - 1]?.time ?? "")),
          );
          return (
            <Fragment key={session.slug}>
              {before.map((pause) => (
                <li key={pause.time} className="agenda-break">
                  <span className="agenda-time">{pause.time}</span> {pause.title}{" "}
                  <span className="agenda-count">{pause.minutes} min</span>
                </li>
              ))}
              <li className="agenda-session">
                <p className="agenda-session-title">
                  <span className="agenda-time">{session.time}</span>
                  <span>{session.title}</span>
                  <span className="agenda-count">
                    <span aria-hidden="true">{progress.complete ? "✓" : `${progress.done}/${progress.total}`}</span>
                    <span className="visually-hidden">
                      {progress.done} of {progress.total} steps completed
                    </span>
                  </span>
                </p>
                <ol className="agenda-steps">
                  {session.steps.map((step) => {
                    const key = stepKey(session.slug, step.slug);
                    return (
                      <li key={step.slug}>
                        <AgendaStepLink
                          to={stepPath(session.slug, step.slug)}
                          title={step.title}
                          done={Boolean(completed[key])}
                          seen={Boolean(visited[key])}
                          onNavigate={onNavigate}
                        />
                      </li>
                    );
                  })}
                </ol>
              </li>
            </Fragment>
          );
        })}
      </ol>
    </nav>
  );
}
