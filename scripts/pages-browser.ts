/**
 * For the browser benchmarks: serves the production build like GitHub Pages (building `dist-e2e` first when it is
 * missing) and opens headless Chromium on it. Not a benchmark itself (the runner only picks `bench-*.ts`).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { type Browser, chromium } from "@playwright/test";

const root = new URL("..", import.meta.url).pathname;

/**
 * Serves a build of the site (a directory, relative to the repository or absolute) like GitHub Pages under
 * `/smart-lab/` on `port`; resolves once it answers.
 */
export async function servePages(dir: string, port: number) {
  const base = `http://127.0.0.1:${port}/smart-lab/`;
  const server = spawn(
    process.execPath,
    ["scripts/serve-pages.ts", "--dir", dir, "--base", "/smart-lab/", "--port", String(port)],
    { cwd: root, stdio: "ignore" },
  );
  for (let i = 0; i < 50; i++) {
    const up = await fetch(base).then(
      () => true,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, stop: () => server.kill() };
}

/** Runs `body` with a browser and the site's base URL (`http://127.0.0.1:<port>/smart-lab/`); cleans up after. */
export async function withPagesBrowser(
  port: number,
  body: (browser: Browser, base: string) => Promise<void>,
  extraArgs: readonly string[] = [],
) {
  if (!existsSync(`${root}dist-e2e/index.html`)) {
    console.info("Building dist-e2e …");
    const build = spawnSync("npm", ["run", "build:e2e"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) process.exit(1);
  }
  const server = await servePages("dist-e2e", port);
  try {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        ...extraArgs,
      ],
    });
    try {
      await body(browser, server.base);
    } finally {
      await browser.close();
    }
  } finally {
    server.stop();
  }
}

/** The p-th percentile of sorted figures (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
