import { lazy, Suspense, useId, useMemo, useState } from "react";
import { ErrorBoundary } from "../../components/error-boundary.tsx";
import { scriptSyntaxProblems } from "./script-syntax-problems.ts";

// Monaco (about a megabyte) loads with the workbench only; the textarea edits the same text until it arrives.
const WorkbenchMonaco = lazy(() => import("./workbench-monaco.tsx").then((m) => ({ default: m.WorkbenchMonaco })));

interface Props {
  project: string;
  file: string;
  value: string;
  onChange(value: string): void;
}

/**
 * The editor of one workbench file: Monaco when it has loaded (a textarea before that, and if it cannot load), the
 * file's syntax errors marked in it and listed below as text, and a switch for what Tab does.
 */
export function WorkbenchCodeEditor({ project, file, value, onChange }: Props) {
  const id = useId();
  const [mode, setMode] = useState<"loading" | "monaco" | "fallback">("loading");
  const [tabMovesFocus, setTabMovesFocus] = useState(true);
  const problems = useMemo(() => scriptSyntaxProblems(file, value), [file, value]);
  const label = `${file} (${project})`;
  return (
    <div className="workbench-editor" data-editor={mode}>
      <div className="workbench-editor-options">
        <label className="checkbox-line">
          <input
            type="checkbox"
            checked={!tabMovesFocus}
            onChange={(event) => setTabMovesFocus(!event.target.checked)}
          />
          Tab indents in the editor (otherwise Tab moves to the next control)
        </label>
      </div>
      {mode !== "monaco" ? (
        <>
          <label htmlFor={`${id}-text`} className="visually-hidden">
            {label}
          </label>
          <textarea
            id={`${id}-text`}
            className="mono-input workbench-textarea"
            value={value}
            rows={18}
            spellCheck={false}
            onChange={(event) => onChange(event.target.value)}
          />
        </>
      ) : null}
      {mode === "fallback" ? (
        <p className="hint">The code editor could not be loaded: this is a plain text box.</p>
      ) : null}
      <ErrorBoundary what="The code editor" fallback={null} onError={() => setMode("fallback")}>
        <Suspense fallback={null}>
          {mode === "fallback" ? null : (
            <WorkbenchMonaco
              path={`${project}/${file}`}
              value={value}
              onChange={onChange}
              ariaLabel={`Code of ${label}`}
              problems={problems}
              tabMovesFocus={tabMovesFocus}
              onReady={() => setMode("monaco")}
            />
          )}
        </Suspense>
      </ErrorBoundary>
      <div role="status" className="workbench-problems">
        {problems.length === 0 ? (
          <p className="form-help">No syntax errors in {file}.</p>
        ) : (
          <ul aria-label={`Syntax errors in ${file}`}>
            {problems.map((problem) => (
              <li key={`${problem.line}:${problem.column}`} className="error-text">
                {file}:{problem.line}:{problem.column} — {problem.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
