/**
 * The one place the lab configures Monaco. Import it only from lazily loaded editor chunks: it pulls in about a
 * megabyte of editor code, which must never reach the landing route (`scripts/size.ts` fails the build if it does).
 *
 * It uses the slim entry (`monaco-editor/editor`: the editor API with no languages and no contributions) plus only
 * the contributions the scope editor uses, which keeps the chunk a third of the full editor's size (DESIGN.md §3).
 */
import * as monaco from "monaco-editor/editor";
// Icons of the suggest list, the light bulb and the quick-fix menu.
import "monaco-editor/features/codicon/register";
import "monaco-editor/features/hover/register";
import "monaco-editor/features/codeAction/register";
// F8 / Shift+F8: jump to the next problem from the keyboard.
import "monaco-editor/features/gotoError/register";
import "monaco-editor/features/contextmenu/register";
// `features/suggest/register` only brings inline completions; the suggest widget itself lives here.
import "monaco-editor/editor/contrib/suggest/browser/suggestController.js";
// Colours for the workbench's files (Monarch tokenizers, loaded on first use; no language workers).
import "monaco-editor/languages/definitions/html/register";
import "monaco-editor/languages/definitions/javascript/register";
import "monaco-editor/languages/definitions/css/register";
import "monaco-editor/languages/definitions/markdown/register";
// Bundled by Vite into a same-origin worker file under the app's base path; no CDN, works offline.
import EditorWorker from "monaco-editor/editor/editor.worker?worker";

// Monaco asks this for its editor worker. Without it, it would load `editorWebWorkerMain.js` through
// `new URL(…, import.meta.url)`, which Vite treats as a plain asset (inlined as a data: URL of the unbundled
// module), so the worker's own relative imports could not resolve.
globalThis.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export { monaco };
