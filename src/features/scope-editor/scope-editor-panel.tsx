import { lazy, Suspense, useMemo } from "react";
import type { ParseScopesOptions } from "../../protocol/scopes/parse-scopes.ts";
import type { ScopeDiagnostic } from "../../protocol/scopes/scope-diagnostic.ts";
import { applyDiagnosticFix } from "./apply-diagnostic-fix.ts";
import { ScopeDiagnosticsList } from "./scope-diagnostics-list.tsx";
import { ScopeEditorErrorBoundary } from "./scope-editor-error-boundary.tsx";
import { ScopeExplanationsList } from "./scope-explanations-list.tsx";
import { useParsedScopes } from "./use-parsed-scopes.ts";

const ScopeMonacoEditor = lazy(() =>
  import("./scope-monaco-editor.tsx").then((module) => ({ default: module.ScopeMonacoEditor })),
);

/** Which input edits the text: the textarea while Monaco loads, Monaco, or the textarea for good. */
export type ScopeEditorMode = "loading" | "monaco" | "fallback";

/** A caret or selection as UTF-16 offsets into the scope text. */
export interface TextSelection {
  start: number;
  end: number;
}

interface Props {
  id: string;
  text: string;
  setText(text: string): void;
  label: string;
  launch: ParseScopesOptions["launch"];
  mode: ScopeEditorMode;
  setMode(mode: ScopeEditorMode): void;
  /** Where the textarea's caret was, if the learner was typing in it when Monaco arrived. */
  takeCaret(): TextSelection | null;
}

const KEYS_HINT = "Ctrl+Space suggests, F8 goes to the next problem, Ctrl+. (⌘. on a Mac) offers quick fixes";

/**
 * The scope engine's side of `ScopeEditor`, loaded lazily with it: Monaco (itself lazy), the diagnostics with
 * their fix buttons, and what each scope asks for.
 */
export function ScopeEditorPanel({ id, text, setText, label, launch, mode, setMode, takeCaret }: Props) {
  const { list, parseNow } = useParsedScopes(text, launch);
  const options = useMemo<ParseScopesOptions>(() => (launch ? { launch } : {}), [launch]);

  const applyFix = (diagnostic: ScopeDiagnostic) => {
    const next = applyDiagnosticFix(text, diagnostic, list.text, options);
    if (next === null) return;
    setText(next);
    parseNow(next);
  };

  return (
    <>
      <ScopeEditorErrorBoundary onError={() => setMode("fallback")} fallback={null}>
        <Suspense fallback={null}>
          <ScopeMonacoEditor
            value={text}
            onChange={setText}
            ariaLabel={`${label}. ${KEYS_HINT}.`}
            list={list}
            options={options}
            takeFallbackSelection={takeCaret}
            onReady={() => setMode("monaco")}
          />
        </Suspense>
      </ScopeEditorErrorBoundary>
      {mode === "monaco" ? (
        <p className="hint scope-editor-keys">
          Keyboard: {KEYS_HINT}; Tab leaves the editor. Hover a scope, or press Ctrl+K then Ctrl+I, to see what it asks
          for.
        </p>
      ) : null}
      <ScopeDiagnosticsList id={id} label={label} list={list} onFix={applyFix} />
      <ScopeExplanationsList list={list} />
    </>
  );
}
