/**
 * Prerenders every page whose content is static (landing page, lesson steps, glossary, cheat sheet) into the
 * production build, so GitHub Pages answers each with 200 and its text before any script runs: `labs/<s>/<step>.html`
 * (Pages serves `/labs/<s>/<step>` from it), `glossary.html`, `cheat-sheet.html`, and the landing page in
 * `index.html`. The tool pages get their heading and a "starting" placeholder in the layout (`fhir-explorer.html`,
 * `scopes.html` …, and `workbench/index.html`), so their links answer 200 too. `404.html` stays the plain app shell
 * for everything else (the authorize page, callbacks, the sample app).
 *
 *   node scripts/prerender.ts --dir dist --ssr dist-ssr
 *
 * The SSR bundle is `vite build --ssr src/prerender.tsx` with the same BASE_PATH as the client build.
 */
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { MemoryWebStorage } from "../src/lib/memory-web-storage.ts";
import type { PrerenderPage } from "../src/prerender.tsx";
import { normalizeBasePath } from "./base-path.ts";

const { values } = parseArgs({
  options: { dir: { type: "string", default: "dist" }, ssr: { type: "string", default: "dist-ssr" } },
});
const dir = resolve(values.dir);
const base = normalizeBasePath(process.env.BASE_PATH);

// The app's modules read a few browser globals when they load (the page's origin, storage): give them inert ones.
Object.assign(globalThis, {
  window: globalThis,
  location: new URL(`https://prerender.invalid${base}`),
  localStorage: new MemoryWebStorage(),
  sessionStorage: new MemoryWebStorage(),
  addEventListener: () => {},
  removeEventListener: () => {},
  matchMedia: () => ({ matches: false, addEventListener() {}, removeEventListener() {} }),
});

const { prerenderPages, renderPage } = (await import(
  pathToFileURL(join(resolve(values.ssr), "prerender.js")).href
)) as {
  prerenderPages(): PrerenderPage[];
  renderPage(path: string, basename: string): Promise<string>;
};

// 404.html is the untouched app shell (index.html becomes the prerendered landing page), so a second run works too.
const shell = await readFile(join(dir, "404.html"), "utf8");
if (!/<div id="root">[\s\S]*?<\/div>/.test(shell)) throw new Error('404.html has no <div id="root"> to fill');
// The entry stylesheet inlined: a phone on a slow network paints the page a round trip sooner. It is small (the
// app shell and the lessons' styles); the tools' styles come with their code.
const stylesheet = /<link rel="stylesheet" crossorigin href="([^"]+)">/.exec(shell);
if (!stylesheet?.[1]) throw new Error("404.html links no stylesheet to inline");
const css = await readFile(join(dir, stylesheet[1].slice(base.length)), "utf8");
if (css.includes("</style")) throw new Error("the stylesheet cannot be inlined: it contains </style");
// A prerendered page reads before its scripts run, so they are not even fetched until its text is on screen (the first
// contentful paint): fetched and compiled beside the first style and layout they made that task two to three times
// longer (pkce lesson at phone size on a 2-core machine: 36-44 ms of layout against 14-17 ms). Started a frame
// earlier, in the task after the first rendering update, they still began before that frame was presented and could
// delay it. The modules 404.html preloads for the entry are added with it, so all still load in parallel. A hidden
// tab paints nothing: it loads them at once; a page that reports no paint loads them after 3 s.
const entry = /<script type="module" crossorigin src="([^"]+)"><\/script>/.exec(shell);
if (!entry?.[1]) throw new Error("404.html has no module script to load after the first paint");
const modulePreloads = [...shell.matchAll(/<link rel="modulepreload" crossorigin href="([^"]+)">/g)];
const preloadHrefs = modulePreloads.map((link) => link[1] ?? "");
if ([...preloadHrefs, entry[1]].some((src) => !/^[\w/.-]+$/.test(src)))
  throw new Error(`unexpected script URL in 404.html: ${[...preloadHrefs, entry[1]]}`);
const loadAfterFirstPaint = `  <script>
      (() => {
        let loaded = false;
        const load = () => {
          if (loaded) return;
          loaded = true;
          for (const href of ${JSON.stringify(preloadHrefs)}) {
            const link = Object.assign(document.createElement("link"), { rel: "modulepreload", href, crossOrigin: "" });
            document.head.append(link);
          }
          const src = ${JSON.stringify(entry[1])};
          document.head.append(Object.assign(document.createElement("script"), { type: "module", src, crossOrigin: "" }));
        };
        if (document.visibilityState === "hidden") return load();
        if (!PerformanceObserver.supportedEntryTypes?.includes("paint")) return requestAnimationFrame(() => setTimeout(load));
        new PerformanceObserver((list) => {
          if (list.getEntriesByName("first-contentful-paint").length > 0) load();
        }).observe({ type: "paint", buffered: true });
        setTimeout(load, 3000);
      })();
    </script>
  </body>`;
// A tool page (its heading and a placeholder) keeps 404.html's scripts as they are: its page renders only once the
// worker has started, so its code is wanted at once.
const toolShell = shell.replace(stylesheet[0], () => `<style>${css}</style>`);
let pageShell = toolShell.replace(entry[0], "");
for (const link of modulePreloads) pageShell = pageShell.replace(link[0], "");
pageShell = pageShell.replace(/\n\s*(?=\n)/g, "").replace("</body>", () => loadAfterFirstPaint);
if (!pageShell.includes(loadAfterFirstPaint)) throw new Error("404.html has no </body> to load the scripts before");
const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

let count = 0;
for (const page of prerenderPages()) {
  const body = await renderPage(page.path, base);
  const html = (page.scripts === "at-once" ? toolShell : pageShell)
    .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(page.title)}</title>`)
    // The rendered page goes where the app mounts; the boot message it replaces is for pages without one.
    .replace(/<div id="root">[\s\S]*?<\/div>\s*(?=<noscript>)/, `<div id="root">${body}</div>\n    `);
  // A path that is also a folder of the build (the workbench's, which holds the learner's app files) is that folder's
  // index.html: GitHub Pages redirects /workbench to /workbench/ before it would look for workbench.html.
  const path = page.path.slice(1);
  const folder = await stat(join(dir, path)).then(
    (found) => found.isDirectory(),
    () => false,
  );
  const file = page.path === "/" ? "index.html" : folder ? `${path}/index.html` : `${path}.html`;
  await mkdir(dirname(join(dir, file)), { recursive: true });
  await writeFile(join(dir, file), html);
  count++;
}
await rm(resolve(values.ssr), { recursive: true, force: true });
console.info(`Prerendered ${count} pages into ${values.dir}/ (base ${base}).`);
