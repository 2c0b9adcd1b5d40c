import type { Plugin } from "vite";
import { readGlossary, readLabCatalog } from "./lab-catalog.ts";
import { buildSearchIndex } from "./lab-search-index.ts";

const VIRTUAL_ID = "virtual:lab-catalog";
const RESOLVED_ID = `\0${VIRTUAL_ID}`;
// The glossary is its own module, loaded when a term or the glossary page needs it (not on the landing route).
const GLOSSARY_ID = "virtual:lab-glossary";
const RESOLVED_GLOSSARY_ID = `\0${GLOSSARY_ID}`;
// The search index (MiniSearch, built here), loaded when the learner opens the search.
const SEARCH_ID = "virtual:lab-search";
const RESOLVED_SEARCH_ID = `\0${SEARCH_ID}`;

/**
 * Serves `virtual:lab-catalog`: the agenda derived from `labs/` at build time, so the landing route gets the
 * navigation (a few KB of JSON) without loading any lesson or a Markdown parser. A malformed lab fails the build.
 */
export function labCatalog(options: { labsDir: string }): Plugin {
  return {
    name: "smart-lab:lab-catalog",
    resolveId(id) {
      if (id === VIRTUAL_ID) return RESOLVED_ID;
      if (id === SEARCH_ID) return RESOLVED_SEARCH_ID;
      return id === GLOSSARY_ID ? RESOLVED_GLOSSARY_ID : undefined;
    },
    async load(id) {
      if (id === RESOLVED_SEARCH_ID) {
        const { catalog } = await readLabCatalog(options.labsDir);
        const { glossary } = await readGlossary(options.labsDir, catalog);
        this.addWatchFile(options.labsDir);
        return `export default ${JSON.stringify(await buildSearchIndex(options.labsDir, catalog, glossary))};`;
      }
      if (id === RESOLVED_GLOSSARY_ID) {
        const { catalog } = await readLabCatalog(options.labsDir);
        const { glossary, problems } = await readGlossary(options.labsDir, catalog);
        if (problems.length > 0) {
          this.error(
            `labs/glossary.yaml is not valid:\n${problems.map((p) => `  ${p.file}: ${p.message}`).join("\n")}`,
          );
        }
        this.addWatchFile(options.labsDir);
        return `export default ${JSON.stringify(glossary)};`;
      }
      if (id !== RESOLVED_ID) return undefined;
      const { catalog, breaks, problems } = await readLabCatalog(options.labsDir);
      if (problems.length > 0) {
        this.error(`labs/ is not valid:\n${problems.map((p) => `  ${p.file}: ${p.message}`).join("\n")}`);
      }
      this.addWatchFile(options.labsDir);
      return `export default ${JSON.stringify(catalog)};\nexport const agendaBreaks = ${JSON.stringify(breaks)};`;
    },
    configureServer(server) {
      // A new or renamed lesson changes the navigation: reload the catalog module.
      server.watcher.add(options.labsDir);
      const invalidate = (file: string) => {
        if (!file.startsWith(options.labsDir)) return;
        for (const resolved of [RESOLVED_ID, RESOLVED_GLOSSARY_ID, RESOLVED_SEARCH_ID]) {
          const mod = server.moduleGraph.getModuleById(resolved);
          if (mod) server.moduleGraph.invalidateModule(mod);
        }
        server.ws.send({ type: "full-reload" });
      };
      server.watcher.on("add", invalidate);
      server.watcher.on("unlink", invalidate);
      server.watcher.on("change", (file) => {
        if (file.endsWith(".yaml") || file.endsWith(".mdx")) invalidate(file);
      });
    },
  };
}
