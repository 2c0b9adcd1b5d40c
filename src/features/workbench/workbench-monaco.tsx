import { useEffect, useLayoutEffect, useRef } from "react";
import { monaco } from "../../lib/monaco-setup.ts";
import { useDocumentDisplay } from "../../lib/use-document-display.ts";
import type { SyntaxProblem } from "./script-syntax-problems.ts";

export interface WorkbenchMonacoProps {
  /** Which project and file: one Monaco model each, so every file keeps its own undo history. */
  path: string;
  value: string;
  onChange(value: string): void;
  ariaLabel: string;
  problems: readonly SyntaxProblem[];
  /** Tab moves focus out of the editor (true) or indents (false). */
  tabMovesFocus: boolean;
  onReady(): void;
}

const LANGUAGES: Readonly<Record<string, string>> = {
  html: "html",
  js: "javascript",
  css: "css",
  json: "json",
  md: "markdown",
};

const models = new Map<string, monaco.editor.ITextModel>();

// Monaco's own "vs" and "vs-dark" colour some tokens below 4.5:1 (WCAG AA); these keep every token readable. A rule
// must name the token as specifically as the base theme's (`metatag.html`, not `metatag`) to replace it.
const THEMES = { light: "workbench-light", dark: "workbench-dark" } as const;
let themesDefined = false;
function defineThemes() {
  if (themesDefined) return;
  themesDefined = true;
  const palette = {
    light: {
      comment: "1b6d1b",
      string: "a31515",
      keyword: "0000c8",
      number: "0b6b47",
      tag: "800000",
      "attribute.name": "b00000",
      "attribute.value": "0000c8",
      delimiter: "383838",
      metatag: "5c5c5c",
      regexp: "811f3f",
      type: "1a6a72",
      annotation: "5c5c5c",
      "metatag.html": "5c5c5c",
      "metatag.content.html": "b00000",
      "delimiter.html": "383838",
    },
    dark: {
      comment: "8cc97a",
      string: "ce9178",
      keyword: "7ab8ff",
      number: "b5cea8",
      tag: "7ab8ff",
      "attribute.name": "9cdcfe",
      "attribute.value": "ce9178",
      delimiter: "d4d4d4",
      metatag: "c8c8c8",
      regexp: "d16969",
      type: "4ec9b0",
      annotation: "e08a8a",
      "variable.predefined": "8fb0ff",
      "metatag.html": "7ab8ff",
      "delimiter.html": "c8c8c8",
      "delimiter.xml": "c8c8c8",
    },
  } as const;
  for (const mode of ["light", "dark"] as const) {
    monaco.editor.defineTheme(THEMES[mode], {
      base: mode === "dark" ? "vs-dark" : "vs",
      inherit: true,
      rules: Object.entries(palette[mode]).map(([token, foreground]) => ({ token, foreground })),
      colors: {},
    });
  }
}

function modelFor(path: string, value: string): monaco.editor.ITextModel {
  let model = models.get(path);
  if (!model || model.isDisposed()) {
    const extension = path.slice(path.lastIndexOf(".") + 1);
    model = monaco.editor.createModel(value, LANGUAGES[extension] ?? "plaintext", monaco.Uri.parse(`file:///${path}`));
    models.set(path, model);
  } else if (model.getValue() !== value) {
    model.setValue(value);
  }
  return model;
}

/** Monaco for the learner's files: colours per language, syntax errors marked, one model per file. */
export function WorkbenchMonaco(props: WorkbenchMonacoProps) {
  const container = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const display = useDocumentDisplay();

  useLayoutEffect(() => {
    const node = container.current;
    if (!node) return;
    defineThemes();
    const editor = monaco.editor.create(node, {
      model: modelFor(latest.current.path, latest.current.value),
      ariaLabel: latest.current.ariaLabel,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      tabSize: 2,
      fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace',
      editContext: false,
      wordBasedSuggestions: "off",
      // Not "dimmed": the dimmed number of the last empty line is below 4.5:1 contrast.
      renderFinalNewline: "on",
    });
    editorRef.current = editor;
    const listener = editor.onDidChangeModelContent(() => {
      const value = editor.getValue();
      if (value !== latest.current.value) latest.current.onChange(value);
    });
    latest.current.onReady();
    return () => {
      listener.dispose();
      editor.dispose();
      editorRef.current = null;
    };
  }, []);

  // Another file, or the text changed from outside (reset to the template).
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    const model = modelFor(props.path, props.value);
    if (editor.getModel() !== model) editor.setModel(model);
  }, [props.path, props.value]);

  useEffect(() => {
    // The theme is global to Monaco (updateOptions does not change it).
    monaco.editor.setTheme(THEMES[display.theme]);
    editorRef.current?.updateOptions({
      fontSize: Math.round(display.fontSize * 0.9),
      tabFocusMode: props.tabMovesFocus,
      ariaLabel: props.ariaLabel,
    });
  }, [display.theme, display.fontSize, props.tabMovesFocus, props.ariaLabel]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      "workbench-syntax",
      props.problems.map((problem) => ({
        severity: monaco.MarkerSeverity.Error,
        message: problem.message,
        startLineNumber: problem.line,
        startColumn: problem.column,
        endLineNumber: problem.line,
        endColumn: problem.column + 1,
      })),
    );
  }, [props.problems]);

  return <div ref={container} className="workbench-monaco" />;
}
