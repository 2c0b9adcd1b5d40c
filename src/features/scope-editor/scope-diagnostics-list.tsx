import { useEffect, useRef } from "react";
import type { ParsedScopeList } from "../../protocol/scopes/parsed-scope.ts";
import type { ScopeDiagnostic } from "../../protocol/scopes/scope-diagnostic.ts";
import { SEVERITY_LABELS, summarizeDiagnostics } from "./summarize-diagnostics.ts";

interface Props {
  /** Prefix for element ids, unique on the page. */
  id: string;
  label: string;
  list: ParsedScopeList;
  onFix(diagnostic: ScopeDiagnostic): void;
}

/**
 * The diagnostics as text, each with its IG link and its quick fix as a button, so every problem can be read and
 * fixed without Monaco (screen readers, keyboard only, or when the editor failed to load).
 */
export function ScopeDiagnosticsList({ id, label, list, onFix }: Props) {
  const { diagnostics } = list;
  const container = useRef<HTMLDivElement>(null);
  // After a fix its button disappears; focus moves to the fix now in its place, or to the summary.
  const focusAfterFix = useRef<number | null>(null);

  useEffect(() => {
    const index = focusAfterFix.current;
    if (index === null || !container.current) return;
    focusAfterFix.current = null;
    const buttons = container.current.querySelectorAll<HTMLButtonElement>("button[data-fix]");
    const target = diagnostics.length > 0 ? buttons[Math.min(index, buttons.length - 1)] : undefined;
    (target ?? container.current.querySelector<HTMLElement>("[data-summary]"))?.focus();
  }, [diagnostics]);

  let fixIndex = 0;
  return (
    <div className="scope-diagnostics" ref={container}>
      <p id={`${id}-summary`} className="scope-diagnostics-summary" role="status" tabIndex={-1} data-summary="">
        {summarizeDiagnostics(diagnostics)}
      </p>
      {diagnostics.length > 0 ? (
        <ul className="scope-diagnostics-list" aria-label={`Problems in ${label}`}>
          {diagnostics.map((d, i) => {
            const messageId = `${id}-problem-${i}`;
            const index = d.fix ? fixIndex++ : -1;
            return (
              <li
                key={`${d.code}-${d.range.start}-${d.range.end}`}
                className={`scope-diagnostic scope-diagnostic-${d.severity}`}
              >
                <span className="scope-diagnostic-severity">{SEVERITY_LABELS[d.severity]}</span>{" "}
                <span id={messageId}>{d.message}</span>{" "}
                <a href={d.specUrl} target="_blank" rel="noreferrer">
                  The rule
                  <span className="visually-hidden"> for {d.code} in SMART App Launch 2.2, opens in a new tab</span>
                </a>
                {d.fix ? (
                  <>
                    {" "}
                    <button
                      type="button"
                      className="button scope-diagnostic-fix"
                      data-fix=""
                      aria-describedby={messageId}
                      onClick={() => {
                        focusAfterFix.current = index;
                        onFix(d);
                      }}
                    >
                      Fix: {d.fix.title}
                    </button>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
