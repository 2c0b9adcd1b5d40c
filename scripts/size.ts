/**
 * Prints the gzip size of the JS and CSS the landing route loads (the entry script, its static imports that the
 * HTML preloads, and the stylesheets) and fails above the budget. Monaco must never be among them.
 *
 *   node scripts/size.ts [distDir]      (npm run size builds first)
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_JS = 180 * 1024;
const TARGET_JS = 150 * 1024;
const dist = process.argv[2] ?? "dist";
const html = await readFile(join(dist, "index.html"), "utf8");

// Every quoted asset URL: in <script>/<link> tags, and in the prerendered page's loader, which adds the entry and its
// preloads once the page has painted (scripts/prerender.ts).
const refs = new Set<string>();
for (const match of html.matchAll(/"([^"\s]*\/assets\/[^"\s]+\.(?:js|css))"/g)) {
  if (match[1]) refs.add(match[1]);
}
if (refs.size === 0) throw new Error(`No scripts or stylesheets found in ${dist}/index.html`);

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
let js = 0;
let css = 0;
let monaco = false;
const rows: string[] = [];
for (const ref of refs) {
  // Asset URLs carry the base path ("/smart-lab/assets/x.js"); the file lives at dist/assets/x.js.
  const file = join(dist, ref.slice(ref.indexOf("assets/")));
  const content = await readFile(file);
  const gz = gzipSync(content, { level: 9 }).length;
  if (ref.endsWith(".js")) js += gz;
  else css += gz;
  // Monaco sets up its workers through `MonacoEnvironment`; the string appears in no other dependency.
  if (/MonacoEnvironment/.test(content.toString("utf8"))) monaco = true;
  rows.push(`  ${ref.padEnd(60)} ${kb(content.length).padStart(10)} raw ${kb(gz).padStart(10)} gzip`);
}
// The prerendered page carries its stylesheet inline.
for (const match of html.matchAll(/<style>([\s\S]*?)<\/style>/g)) {
  const content = Buffer.from(match[1] ?? "");
  const gz = gzipSync(content, { level: 9 }).length;
  css += gz;
  rows.push(`  ${"(inline <style>)".padEnd(60)} ${kb(content.length).padStart(10)} raw ${kb(gz).padStart(10)} gzip`);
}
console.info(`Landing route (${dist}/index.html):\n${rows.join("\n")}`);
console.info(`\nJS ${kb(js)} gzip (budget ${kb(BUDGET_JS)}, aim ${kb(TARGET_JS)}), CSS ${kb(css)} gzip`);
// What the page loads next, as the mock worker starts: msw's browser code, its own chunk (the one naming the
// worker script). The servers' chunk loads only when a page talks to them.
const assets = join(dist, "assets");
for (const name of await readdir(assets)) {
  if (!name.endsWith(".js")) continue;
  const content = await readFile(join(assets, name));
  if (!content.includes("lab-service-worker.js")) continue;
  const gz = gzipSync(content, { level: 9 }).length;
  console.info(`Then the mock worker's chunk ${name}: ${kb(gz)} gzip; before idle ${kb(js + css + gz)} in all.`);
}
let failed = false;
if (monaco) {
  console.error("FAIL: Monaco is part of the landing route; it must be loaded lazily.");
  failed = true;
}
if (js > BUDGET_JS) {
  console.error(`FAIL: landing JS ${kb(js)} gzip is over the ${kb(BUDGET_JS)} budget.`);
  failed = true;
}
if (failed) process.exit(1);
