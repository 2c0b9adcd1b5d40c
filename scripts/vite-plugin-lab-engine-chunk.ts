import type { Plugin } from "vite";

/** The lab's engine: the spec core, the mock servers, the data set, jose, and what builds and traces the servers. */
const ENGINE_MODULE =
  /[\\/]src[\\/](protocol[\\/]|servers[\\/]|data[\\/]|lib[\\/](create-lab|http-trace)\.ts)|[\\/]node_modules[\\/]jose[\\/]/;

/**
 * Puts the lab's engine in one chunk, except the modules the entry itself imports (those stay in the entry, so the
 * landing page loads no engine code before it is idle).
 *
 * Without it the bundler splits the engine by which pages share each module: about twenty small chunks, every
 * one a `<link rel=modulepreload>` that Vite's preload helper appends, and every one fetched, through the service
 * worker, on each page of a launch. One chunk took the launch benchmark's median from 449 to 388 ms in turns.
 * Pages that need any of it need the servers too, so none loads much it does not use. The mock worker's code
 * (msw, `src/mocks`) stays out: it starts on every page, servers or not.
 */
export function labEngineChunk(): Plugin {
  const entryGraph = new Set<string>();
  return {
    name: "smart-lab:lab-engine-chunk",
    // The client build only (the prerender's SSR bundle is not split for browsers).
    apply: (_config, env) => env.command === "build" && !env.isSsrBuild,
    buildEnd() {
      // Every module the entries import statically, walked once the module graph is complete and before chunking.
      const pending = [...this.getModuleIds()].filter((id) => this.getModuleInfo(id)?.isEntry);
      for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
        if (entryGraph.has(id)) continue;
        entryGraph.add(id);
        pending.push(...(this.getModuleInfo(id)?.importedIds ?? []));
      }
    },
    outputOptions(options) {
      // Added to whatever code splitting the config already asks for, not in its place.
      const splitting = typeof options.codeSplitting === "object" ? options.codeSplitting : {};
      return {
        ...options,
        codeSplitting: {
          ...splitting,
          groups: [
            ...(splitting.groups ?? []),
            {
              name: "lab-engine",
              test: (id: string) => ENGINE_MODULE.test(id) && !entryGraph.has(id),
              // Their other imports (React, the app's helpers) stay where the bundler puts them.
              includeDependenciesRecursively: false,
            },
          ],
        },
      };
    },
  };
}
