/**
 * A static file server that behaves like GitHub Pages for a project site, for e2e tests and local checks of the
 * production build: the site lives under a sub-path, unknown paths get the site's `404.html` with status 404
 * (no SPA 200 fallback, which `vite preview` adds and which hides bugs: DESIGN.md §3), a folder without its
 * trailing slash is redirected, and nothing outside the build is served.
 *
 *   node scripts/serve-pages.ts --dir dist-e2e --base /smart-lab/ --port 4173
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { createGzip } from "node:zlib";

const { values } = parseArgs({
  options: {
    dir: { type: "string", default: "dist" },
    base: { type: "string", default: "/" },
    port: { type: "string", default: "4173" },
    host: { type: "string", default: "127.0.0.1" },
  },
});

const root = resolve(values.dir);
const base = `/${values.base.replace(/^\/+|\/+$/g, "")}/`.replace(/^\/\/$/, "/");

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
};

async function fileAt(path: string) {
  try {
    const info = await stat(path);
    return info.isFile() ? "file" : info.isDirectory() ? "dir" : null;
  } catch {
    return null;
  }
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  // Like GitHub Pages: text files gzip-compressed when the client accepts it, every file cacheable for 10 minutes.
  const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  const send = (status: number, file: string | null, extra: Record<string, string> = {}) => {
    const type = file ? (types[extname(file)] ?? "application/octet-stream") : "text/plain; charset=utf-8";
    const compress = gzip && file !== null && /^(text\/|application\/(json|javascript|wasm))|svg/.test(type);
    res.writeHead(status, {
      "content-type": type,
      "cache-control": "max-age=600",
      ...(compress ? { "content-encoding": "gzip", vary: "Accept-Encoding" } : {}),
      ...extra,
    });
    if (req.method === "HEAD" || !file) return res.end(file ? undefined : `${status}`);
    const stream = createReadStream(file);
    if (compress) stream.pipe(createGzip()).pipe(res);
    else stream.pipe(res);
  };

  if (req.method !== "GET" && req.method !== "HEAD") return send(405, null, { allow: "GET, HEAD" });

  const notFound = async () => {
    const page = join(root, "404.html");
    return send(404, (await fileAt(page)) === "file" ? page : null);
  };
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return send(400, null);
  }
  if (`${pathname}/` === base) return send(301, null, { location: base + url.search });
  if (!pathname.startsWith(base)) return notFound();
  const relative = normalize(pathname.slice(base.length));
  if (relative.startsWith("..")) return notFound();
  const target = join(root, relative);
  if (target !== root && !target.startsWith(root + sep)) return notFound();
  const kind = await fileAt(target);
  if (kind === "file") return send(200, target);
  // GitHub Pages answers /page with page.html when it exists (the prerendered lesson steps).
  if (kind === null && !extname(target) && (await fileAt(`${target}.html`)) === "file")
    return send(200, `${target}.html`);
  if (kind === "dir") {
    if (!pathname.endsWith("/")) return send(301, null, { location: `${pathname}/${url.search}` });
    const index = join(target, "index.html");
    if ((await fileAt(index)) === "file") return send(200, index);
  }
  return notFound();
});

server.listen(Number(values.port), values.host, () => {
  console.info(`Serving ${root} like GitHub Pages at http://${values.host}:${values.port}${base}`);
});
