import { monaco } from "../../lib/monaco-setup.ts";
import { explainScope } from "../../protocol/scopes/explain-scope.ts";
import { type ParseScopesOptions, parseScopes } from "../../protocol/scopes/parse-scopes.ts";
import type { ScopeDiagnostic, ScopeDiagnosticSeverity } from "../../protocol/scopes/scope-diagnostic.ts";
import { fixEdit } from "./apply-diagnostic-fix.ts";
import { completeScopes, type ScopeCompletionKind } from "./complete-scopes.ts";
import { scopeAt, scopeHoverMarkdown } from "./scope-hover-markdown.ts";
import { type ScopeTokenType, scopeTokens } from "./scope-tokens.ts";

type Model = monaco.editor.ITextModel;

/** Monaco's id for the SMART scope language. */
export const SCOPE_LANGUAGE_ID = "smart-scopes";

/** The editor themes, following the app's `<html data-theme>`. */
export const SCOPE_THEMES = { light: "smart-scopes-light", dark: "smart-scopes-dark" } as const;

/** Where marker messages say they come from. */
const MARKER_OWNER = "smart-scopes";
const MARKER_SOURCE = "SMART App Launch 2.2";

// Per-model options (the launch kind changes which diagnostics apply); providers are registered once per language.
const modelOptions = new Map<string, ParseScopesOptions>();

/** Tells the providers which parse options a model's scope text is checked with. */
export function setScopeModelOptions(model: Model, options: ParseScopesOptions): void {
  modelOptions.set(model.uri.toString(), options);
}

/** Forgets a model's options when its editor goes away. */
export function clearScopeModelOptions(model: Model): void {
  modelOptions.delete(model.uri.toString());
}

function parseModel(model: Model) {
  return parseScopes(model.getValue(), modelOptions.get(model.uri.toString()) ?? {});
}

const MARKER_SEVERITY: Readonly<Record<ScopeDiagnosticSeverity, monaco.MarkerSeverity>> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
};

function toRange(model: Model, start: number, end: number): monaco.IRange {
  const from = model.getPositionAt(start);
  const to = model.getPositionAt(end);
  return {
    startLineNumber: from.lineNumber,
    startColumn: from.column,
    endLineNumber: to.lineNumber,
    endColumn: to.column,
  };
}

/** The engine's diagnostics as Monaco markers: severity mapped, message as written, code linked to the IG. */
export function setScopeMarkers(model: Model, diagnostics: readonly ScopeDiagnostic[]): void {
  const markers = diagnostics.map(
    (d): monaco.editor.IMarkerData => ({
      ...toRange(model, d.range.start, d.range.end),
      severity: MARKER_SEVERITY[d.severity],
      message: d.message,
      source: MARKER_SOURCE,
      code: { value: d.code, target: monaco.Uri.parse(d.specUrl) },
      ...(d.related
        ? {
            relatedInformation: [
              {
                resource: model.uri,
                message: `"${d.related.scope}"`,
                ...toRange(model, d.related.range.start, d.related.range.end),
              },
            ],
          }
        : {}),
    }),
  );
  monaco.editor.setModelMarkers(model, MARKER_OWNER, markers);
}

// Token colours: every foreground reaches WCAG AA (4.5:1) on the editor background of its theme.
const TOKEN_COLOURS: Readonly<Record<"light" | "dark", Readonly<Record<ScopeTokenType, string>>>> = {
  light: {
    context: "7a3e9d",
    "resource-type": "0b5cad",
    permissions: "9a4a00",
    "query-param": "1d6b2f",
    "query-value": "005f73",
    delimiter: "4a5360",
    launch: "7a3e9d",
    "launch-context": "0b5cad",
    identity: "1d6b2f",
    refresh: "9a4a00",
    extension: "4a5360",
    unknown: "1b1f24",
  },
  dark: {
    context: "d7a6ff",
    "resource-type": "7cb8f5",
    permissions: "ffb86b",
    "query-param": "7fd79a",
    "query-value": "6fd6e0",
    delimiter: "aeb8c4",
    launch: "d7a6ff",
    "launch-context": "7cb8f5",
    identity: "7fd79a",
    refresh: "ffb86b",
    extension: "aeb8c4",
    unknown: "e8edf2",
  },
};

const EDITOR_COLOURS = {
  light: { background: "#ffffff", foreground: "#1b1f24" },
  dark: { background: "#1f262e", foreground: "#e8edf2" },
} as const;

function defineThemes(): void {
  for (const mode of ["light", "dark"] as const) {
    const colours = TOKEN_COLOURS[mode];
    monaco.editor.defineTheme(SCOPE_THEMES[mode], {
      base: mode === "dark" ? "vs-dark" : "vs",
      inherit: true,
      rules: [
        { token: "", foreground: EDITOR_COLOURS[mode].foreground.slice(1) },
        ...Object.entries(colours).map(([token, foreground]) => ({
          token,
          foreground,
          ...(token === "resource-type" || token === "context" ? { fontStyle: "bold" } : {}),
        })),
      ],
      colors: {
        "editor.background": EDITOR_COLOURS[mode].background,
        "editor.foreground": EDITOR_COLOURS[mode].foreground,
      },
    });
  }
}

class LineState implements monaco.languages.IState {
  clone() {
    return this;
  }
  equals(other: monaco.languages.IState) {
    return other === this;
  }
}
const LINE_STATE = new LineState();

const COMPLETION_KINDS: Readonly<Record<ScopeCompletionKind, monaco.languages.CompletionItemKind>> = {
  scope: monaco.languages.CompletionItemKind.Keyword,
  context: monaco.languages.CompletionItemKind.Module,
  "resource-type": monaco.languages.CompletionItemKind.Class,
  permissions: monaco.languages.CompletionItemKind.EnumMember,
  "launch-context": monaco.languages.CompletionItemKind.Class,
  parameter: monaco.languages.CompletionItemKind.Property,
  value: monaco.languages.CompletionItemKind.Value,
};

function intersects(d: ScopeDiagnostic, start: number, end: number): boolean {
  return d.range.start <= end && start <= d.range.end;
}

let registered = false;

/**
 * Registers the SMART scope language once: colours from the engine's parse, completion, hover with
 * `explainScope`, and quick fixes from the engine's fixes (Ctrl+. / Cmd+.). Every answer comes from
 * `src/protocol/scopes`, the same rules the mock authorization server enforces.
 */
export function registerScopeLanguage(): void {
  if (registered) return;
  registered = true;
  defineThemes();
  monaco.languages.register({ id: SCOPE_LANGUAGE_ID, aliases: ["SMART scopes"] });

  monaco.languages.setTokensProvider(SCOPE_LANGUAGE_ID, {
    getInitialState: () => LINE_STATE,
    // Scopes never span whitespace, so each line is tokenised on its own.
    tokenize: (line) => {
      const tokens: monaco.languages.IToken[] = [];
      let at = 0;
      for (const token of scopeTokens(line)) {
        if (token.start > at) tokens.push({ startIndex: at, scopes: "" });
        tokens.push({ startIndex: token.start, scopes: token.type });
        at = token.end;
      }
      if (at < line.length) tokens.push({ startIndex: at, scopes: "" });
      return { tokens, endState: LINE_STATE };
    },
  });

  monaco.languages.setLanguageConfiguration(SCOPE_LANGUAGE_ID, {
    // A scope is one "word" for double-click and Ctrl+arrow: everything between whitespace.
    wordPattern: /[^\s]+/g,
  });

  monaco.languages.registerCompletionItemProvider(SCOPE_LANGUAGE_ID, {
    triggerCharacters: ["/", ".", "?", "&", "=", ","],
    provideCompletionItems: (model, position) => {
      const text = model.getValue();
      const offset = model.getOffsetAt(position);
      const options = modelOptions.get(model.uri.toString()) ?? {};
      const result = completeScopes(text, offset, options);
      const insert = monaco.Range.lift(toRange(model, result.start, offset));
      const replace = monaco.Range.lift(toRange(model, result.start, Math.max(result.end, offset)));
      return {
        suggestions: result.items.map((item) => ({
          label: { label: item.label, description: item.detail },
          kind: COMPLETION_KINDS[item.kind],
          detail: item.detail,
          insertText: item.insertText,
          sortText: item.sortText,
          range: { insert, replace },
          ...(item.retrigger ? { command: { id: "editor.action.triggerSuggest", title: "Suggest" } } : {}),
        })),
      };
    },
  });

  monaco.languages.registerHoverProvider(SCOPE_LANGUAGE_ID, {
    provideHover: (model, position) => {
      const scope = scopeAt(parseModel(model), model.getOffsetAt(position));
      if (!scope) return null;
      return {
        range: toRange(model, scope.range.start, scope.range.end),
        contents: [{ value: scopeHoverMarkdown(explainScope(scope)) }],
      };
    },
  });

  monaco.languages.registerCodeActionProvider(
    SCOPE_LANGUAGE_ID,
    {
      provideCodeActions: (model, range, context) => {
        const text = model.getValue();
        const start = model.getOffsetAt({ lineNumber: range.startLineNumber, column: range.startColumn });
        const end = model.getOffsetAt({ lineNumber: range.endLineNumber, column: range.endColumn });
        const actions: monaco.languages.CodeAction[] = [];
        for (const diagnostic of parseModel(model).diagnostics) {
          const edit = intersects(diagnostic, start, end) ? fixEdit(text, diagnostic) : null;
          if (!edit || !diagnostic.fix) continue;
          const from = model.getPositionAt(diagnostic.range.start);
          const markers = context.markers.filter(
            (m) =>
              typeof m.code === "object" &&
              m.code.value === diagnostic.code &&
              m.startLineNumber === from.lineNumber &&
              m.startColumn === from.column,
          );
          actions.push({
            title: diagnostic.fix.title,
            kind: "quickfix",
            diagnostics: markers,
            isPreferred: actions.length === 0,
            edit: {
              edits: [
                {
                  resource: model.uri,
                  versionId: model.getVersionId(),
                  textEdit: { range: toRange(model, edit.start, edit.end), text: edit.text },
                },
              ],
            },
          });
        }
        return { actions, dispose: () => {} };
      },
    },
    { providedCodeActionKinds: ["quickfix"] },
  );
}
