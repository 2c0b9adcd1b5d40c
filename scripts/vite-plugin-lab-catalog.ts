import type { Plugin } from "vite";
import { readLabCatalog } from "./lab-catalog.ts";

const VIRTUAL_ID = "virtual:lab-catalog";
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/**
 * Serves `virtual:lab-catalog`: the agenda derived from `labs/` at build time, so the landing route gets the
 * navigation (a few KB of JSON) without loading any lesson or a Markdown parser. A malformed lab fails the build.
 */
export function labCatalog(options: { labsDir: string }): Plugin {
  return {
    name: "smart-lab:lab-catalog",
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const { catalog, problems } = await readLabCatalog(options.labsDir);
      if (problems.length > 0) {
        this.error(`labs/ is not valid:\n${problems.map((p) => `  ${p.file}: ${p.message}`).join("\n")}`);
      }
      this.addWatchFile(options.labsDir);
      return `export default ${JSON.stringify(catalog)};`;
    },
    configureServer(server) {
      // A new or renamed lesson changes the navigation: reload the catalog module.
      server.watcher.add(options.labsDir);
      const invalidate = (file: string) => {
        if (!file.startsWith(options.labsDir)) return;
        const mod = server.moduleGraph.getModuleById(RESOLVED_ID);
        if (mod) server.moduleGraph.invalidateModule(mod);
        server.ws.send({ type: "full-reload" });
      };
      server.watcher.on("add", invalidate);
      server.watcher.on("unlink", invalidate);
      server.watcher.on("change", (file) => {
        if (file.endsWith("session.yaml") || file.endsWith(".mdx")) invalidate(file);
      });
    },
  };
}
