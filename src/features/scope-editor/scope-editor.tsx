import { lazy, Suspense, useEffect, useId, useRef, useState } from "react";
import { useNearViewport } from "../../components/use-near-viewport.ts";
import { ScopeEditorErrorBoundary } from "./scope-editor-error-boundary.tsx";
import type { ScopeEditorMode, TextSelection } from "./scope-editor-panel.tsx";
import { useControllableText } from "./use-controllable-text.ts";
import "./scope-editor.css";

// This file is all that lessons pull into the app's main chunk. The scope engine, the lists and Monaco (about a
// megabyte) load with the panel, only when an editor is on screen; the textarea works until then.
const loadPanel = () => import("./scope-editor-panel.tsx");
const loadMonaco = () => import("./scope-monaco-editor.tsx");
const ScopeEditorPanel = lazy(() => loadPanel().then((module) => ({ default: module.ScopeEditorPanel })));

/** Props of {@link ScopeEditor}. */
export interface ScopeEditorProps {
  /** The scope string, when the parent keeps it (controlled). */
  value?: string;
  /** The starting scope string, when the editor keeps it (uncontrolled). */
  defaultValue?: string;
  onChange?: (value: string) => void;
  /** The visible label, also the editor's accessible name. */
  label: string;
  /** Which kind of client asks: adds the checks for a user-facing app or a backend service. */
  launch?: "user-facing" | "backend";
  /** Prefix for the ids of the editor's elements; unique on the page. */
  id?: string;
}

/**
 * An editor for SMART scope strings: Monaco with colours, completion, hovers, live diagnostics and quick fixes,
 * and below it the same diagnostics and explanations as plain, keyboard-usable HTML. Until Monaco has loaded
 * (and if it cannot), a labelled textarea edits the same text, so nothing typed meanwhile is lost.
 */
export function ScopeEditor({ value, defaultValue = "", onChange, label, launch, id }: ScopeEditorProps) {
  const generatedId = useId();
  const baseId = id ?? `scope-editor${generatedId.replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const textareaId = `${baseId}-input`;
  const [text, setText] = useControllableText(value, defaultValue, onChange);
  const [mode, setMode] = useState<ScopeEditorMode>("loading");
  const caret = useRef<TextSelection | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  // The panel and Monaco (seconds of a phone's CPU) come when the editor nears the screen; until then, and in the
  // prerendered HTML, the text box alone.
  const [box, near] = useNearViewport<HTMLDivElement>();

  useEffect(() => {
    // Fetch Monaco alongside the panel rather than after it; a failure shows up where the panel imports it.
    if (near) loadMonaco().catch(() => {});
  }, [near]);

  const rememberCaret = (target: HTMLTextAreaElement) => {
    caret.current = { start: target.selectionStart, end: target.selectionEnd };
  };

  return (
    <div className="scope-editor" data-editor={mode} ref={box}>
      {mode === "monaco" ? (
        <span className="scope-editor-label">{label}</span>
      ) : (
        <>
          <label className="scope-editor-label" htmlFor={textareaId}>
            {label}
          </label>
          <textarea
            ref={textarea}
            id={textareaId}
            className="scope-editor-textarea"
            value={text}
            rows={3}
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            onChange={(event) => {
              setText(event.target.value);
              rememberCaret(event.target);
            }}
            onFocus={(event) => rememberCaret(event.target)}
            onSelect={(event) => rememberCaret(event.currentTarget)}
            onBlur={(event) => {
              // Focus the learner moved elsewhere stays there; focus lost because Monaco replaced it goes to Monaco.
              if (event.relatedTarget) caret.current = null;
            }}
          />
        </>
      )}
      {mode === "fallback" ? (
        <p className="hint">The code editor could not be loaded, so this is a plain text box.</p>
      ) : null}
      {near ? (
        <ScopeEditorErrorBoundary onError={() => setMode("fallback")} fallback={null}>
          <Suspense fallback={null}>
            <ScopeEditorPanel
              id={baseId}
              text={text}
              setText={setText}
              label={label}
              launch={launch}
              mode={mode}
              setMode={setMode}
              takeCaret={() => {
                // Only when the learner is still in the textarea (or focus fell to the page with it): never steal focus.
                const active = document.activeElement;
                const stillHere = active === textarea.current || active === null || active === document.body;
                const selection = stillHere ? caret.current : null;
                caret.current = null;
                return selection;
              }}
            />
          </Suspense>
        </ScopeEditorErrorBoundary>
      ) : null}
    </div>
  );
}
