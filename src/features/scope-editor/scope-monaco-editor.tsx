import { useEffect, useLayoutEffect, useRef } from "react";
import { monaco } from "../../lib/monaco-setup.ts";
import { useDocumentDisplay } from "../../lib/use-document-display.ts";
import type { ParseScopesOptions } from "../../protocol/scopes/parse-scopes.ts";
import type { ParsedScopeList } from "../../protocol/scopes/parsed-scope.ts";
import {
  clearScopeModelOptions,
  registerScopeLanguage,
  SCOPE_LANGUAGE_ID,
  SCOPE_THEMES,
  setScopeMarkers,
  setScopeModelOptions,
} from "./register-scope-language.ts";
import { minimalEdit } from "./text-edit.ts";

/** Props of the Monaco-based scope editor; the text itself lives in the parent `ScopeEditor`. */
export interface ScopeMonacoEditorProps {
  value: string;
  onChange(value: string): void;
  /** What a screen reader announces on focus (Monaco's own input has no `<label>`). */
  ariaLabel: string;
  /** The latest parse; its markers are shown once the editor text matches `list.text`. */
  list: ParsedScopeList;
  options: ParseScopesOptions;
  /** Where the fallback textarea's caret was, if the learner was typing in it when Monaco arrived. */
  takeFallbackSelection(): { start: number; end: number } | null;
  onReady(): void;
}

const MIN_LINES = 2;
const MAX_LINES = 10;
const PADDING = 8;

function lineRange(model: monaco.editor.ITextModel, start: number, end: number): monaco.Range {
  const from = model.getPositionAt(start);
  const to = model.getPositionAt(end);
  return new monaco.Range(from.lineNumber, from.column, to.lineNumber, to.column);
}

/**
 * Monaco with the SMART scope language: colours, completion, hover, live markers and quick fixes. Loaded lazily
 * by `ScopeEditor`, which shows a plain textarea until this chunk arrives (and if it never does).
 */
export function ScopeMonacoEditor(props: ScopeMonacoEditorProps) {
  const container = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const display = useDocumentDisplay();
  const displayRef = useRef(display);
  displayRef.current = display;

  // A layout effect: the textarea above is removed (onReady) before the browser paints both inputs at once.
  useLayoutEffect(() => {
    const node = container.current;
    if (!node) return;
    registerScopeLanguage();
    const initial = latest.current;
    const model = monaco.editor.createModel(initial.value, SCOPE_LANGUAGE_ID);
    setScopeModelOptions(model, initial.options);
    const editor = monaco.editor.create(node, {
      model,
      ariaLabel: initial.ariaLabel,
      theme: SCOPE_THEMES[displayRef.current.theme],
      fontSize: Math.round(displayRef.current.fontSize * 0.95),
      // The app's monospace stack (app.css --mono) rather than Monaco's default "Droid Sans Mono".
      fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace',
      automaticLayout: true,
      // Scope strings never contain tabs: Tab leaves the editor like any form field (no keyboard trap).
      tabFocusMode: true,
      wordWrap: "on",
      minimap: { enabled: false },
      lineNumbers: "off",
      glyphMargin: false,
      folding: false,
      lineDecorationsWidth: 6,
      renderLineHighlight: "none",
      overviewRulerLanes: 0,
      hideCursorInOverviewRuler: true,
      scrollBeyondLastLine: false,
      scrollbar: { horizontal: "hidden", alwaysConsumeMouseWheel: false },
      padding: { top: PADDING, bottom: PADDING },
      wordBasedSuggestions: "off",
      quickSuggestions: { other: true, comments: false, strings: false },
      suggest: { showWords: false, preview: false },
      lightbulb: { enabled: monaco.editor.ShowLightbulbIconMode.On },
      // Suggest and hover widgets overflow this small editor (the container does not clip them). Not "fixed":
      // fixed widgets keep their viewport position when the lesson scrolls, away from the text they belong to.
      fixedOverflowWidgets: false,
      contextmenu: true,
      links: false,
      // Monaco calls EditContext experimental; with it, fast synthetic typing while the suggest list opens lost
      // characters in Chromium. The classic hidden textarea is the long-proven input path for screen readers too.
      editContext: false,
    });
    editorRef.current = editor;

    const fitHeight = () => {
      const lineHeight = editor.getOption(monaco.editor.EditorOption.lineHeight);
      const min = lineHeight * MIN_LINES + 2 * PADDING;
      const max = lineHeight * MAX_LINES + 2 * PADDING;
      node.style.height = `${Math.min(max, Math.max(min, editor.getContentHeight()))}px`;
    };
    fitHeight();
    const sizeListener = editor.onDidContentSizeChange(fitHeight);
    const changeListener = model.onDidChangeContent(() => latest.current.onChange(model.getValue()));
    setScopeMarkers(model, initial.list.text === initial.value ? initial.list.diagnostics : []);

    // Keep the learner's place when the editor replaces the textarea they were typing in.
    const selection = initial.takeFallbackSelection();
    if (selection) {
      editor.focus();
      editor.setSelection(lineRange(model, selection.start, selection.end));
    }
    initial.onReady();

    return () => {
      sizeListener.dispose();
      changeListener.dispose();
      clearScopeModelOptions(model);
      editor.dispose();
      model.dispose();
      editorRef.current = null;
    };
  }, []);

  // A change from outside (a fix applied from the list, a controlled parent) reaches the editor as one undoable edit.
  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model) return;
    const edit = minimalEdit(model.getValue(), props.value);
    if (!edit) return;
    editor.pushUndoStop();
    editor.executeEdits("scope-editor", [
      { range: lineRange(model, edit.start, edit.end), text: edit.text, forceMoveMarkers: true },
    ]);
    editor.pushUndoStop();
  }, [props.value]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    // Markers computed on older text would sit on the wrong characters; the next parse brings fresh ones.
    if (model && model.getValue() === props.list.text) setScopeMarkers(model, props.list.diagnostics);
  }, [props.list]);

  const launch = props.options.launch;
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model) setScopeModelOptions(model, launch ? { launch } : {});
  }, [launch]);

  useEffect(() => {
    monaco.editor.setTheme(SCOPE_THEMES[display.theme]);
  }, [display.theme]);

  useEffect(() => {
    editorRef.current?.updateOptions({ fontSize: Math.round(display.fontSize * 0.95) });
  }, [display.fontSize]);

  return <div ref={container} className="scope-editor-monaco" />;
}
