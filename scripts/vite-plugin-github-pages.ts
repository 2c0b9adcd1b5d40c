import { copyFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Plugin, ResolvedConfig } from "vite";

/**
 * Emits the two files GitHub Pages needs for a client-routed app: `404.html` (a copy of index.html, which Pages
 * serves for every unknown path so deep links and reloads render) and `.nojekyll` (so files and folders that
 * start with `_` are published as they are).
 */
export function githubPagesFiles(): Plugin {
  let config: ResolvedConfig;
  return {
    name: "smart-lab:github-pages-files",
    // The client build only (the prerender's SSR bundle is no site).
    apply: (_config, env) => env.command === "build" && !env.isSsrBuild,
    configResolved(resolved) {
      config = resolved;
    },
    async writeBundle() {
      // resolve, not join: an absolute --outDir (a build outside the project) stays absolute.
      const outDir = resolve(config.root, config.build.outDir);
      await copyFile(join(outDir, "index.html"), join(outDir, "404.html"));
      await writeFile(join(outDir, ".nojekyll"), "");
    },
  };
}
