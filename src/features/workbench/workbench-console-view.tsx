import { useId } from "react";
import { explainAppError } from "../../lib/explain-app-error.ts";
import type { WorkbenchConsoleEntry } from "../../lib/workbench-console.ts";

/** What the learner's app printed, threw or rejected, with a plain explanation for the usual mistakes. */
export function WorkbenchConsoleView({
  entries,
  onClear,
}: {
  entries: readonly WorkbenchConsoleEntry[];
  onClear(): void;
}) {
  const id = useId();
  return (
    <section aria-labelledby={`${id}-title`} className="workbench-console">
      <h2 id={`${id}-title`}>Your app's console</h2>
      <button type="button" className="button" onClick={onClear} disabled={entries.length === 0}>
        Clear the console
      </button>
      {entries.length === 0 ? (
        <p className="hint">Nothing yet: console.log, errors and failed promises of your app's pages show here.</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
        <div role="log" aria-label="Console output" className="workbench-console-lines" tabIndex={0}>
          <ol>
            {entries.map((entry, index) => {
              const explanation = entry.level === "error" ? explainAppError(entry.text) : null;
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: an append-only log; lines never move.
                <li key={index} className={`console-${entry.level}`}>
                  <span className="console-page">{entry.page}</span>{" "}
                  {entry.level === "log" ? "" : <strong>{entry.level}: </strong>}
                  <code>{entry.text}</code>
                  {entry.where ? <span className="console-page"> at {entry.where}</span> : null}
                  {explanation ? <p className="console-explanation">What this means: {explanation}</p> : null}
                </li>
              );
            })}
          </ol>
        </div>
      )}
    </section>
  );
}
