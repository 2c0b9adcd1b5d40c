import { NavLink } from "react-router";
import type { LabCatalog } from "./lab-catalog-types.ts";
import { sessionProgress, stepKey, stepPath } from "./lab-navigation.ts";

interface Props {
  catalog: LabCatalog;
  completed: Readonly<Record<string, boolean>>;
  visited: Readonly<Record<string, boolean>>;
  onNavigate?: () => void;
}

function mark(done: boolean, seen: boolean) {
  if (done) return { symbol: "✓", label: "completed" };
  if (seen) return { symbol: "•", label: "visited" };
  return { symbol: "", label: "not started" };
}

/** The workshop agenda with times and progress marks; every step is a deep link. */
export function AgendaSidebar({ catalog, completed, visited, onNavigate }: Props) {
  return (
    <nav className="agenda" aria-label="Workshop agenda">
      <ol className="agenda-sessions">
        {catalog.map((session) => {
          const progress = sessionProgress(session, completed);
          return (
            <li key={session.slug} className="agenda-session">
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
                  const state = mark(Boolean(completed[key]), Boolean(visited[key]));
                  return (
                    <li key={step.slug}>
                      <NavLink to={stepPath(session.slug, step.slug)} onClick={onNavigate} className="agenda-link">
                        <span className={`progress-mark progress-${state.label.replace(" ", "-")}`} aria-hidden="true">
                          {state.symbol}
                        </span>
                        <span>{step.title}</span>
                        <span className="visually-hidden">({state.label})</span>
                      </NavLink>
                    </li>
                  );
                })}
              </ol>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
