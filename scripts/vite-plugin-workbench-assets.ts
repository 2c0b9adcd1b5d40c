import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Plugin } from "vite";

/** Where the learner's pages find fhirclient: `<script src="../fhir-client.js">` from `workbench/app/<project>/`. */
const WORKBENCH_FHIR_CLIENT_PATH = "workbench/app/fhir-client.js";

/**
 * Serves fhirclient's own browser build (the "pure" one, on the browser's fetch) from the lab, as a real static
 * file: the workbench's template pages include it by a relative URL, exactly as on any web host, and no CDN is
 * involved (the lab runs offline).
 */
export function workbenchAssets(): Plugin {
  const require = createRequire(import.meta.url);
  const read = (file: string) => readFileSync(require.resolve(`fhirclient/build/${file}`), "utf8");
  // Its source map is not shipped: drop the comment that would make devtools ask for it.
  const fhirClient = () => read("fhir-client.pure.min.js").replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  let base = "/";
  return {
    name: "smart-lab:workbench-assets",
    apply: (_config, env) => !env.isSsrBuild,
    configResolved(config) {
      base = config.base;
    },
    generateBundle() {
      this.emitFile({ type: "asset", fileName: WORKBENCH_FHIR_CLIENT_PATH, source: fhirClient() });
      this.emitFile({
        type: "asset",
        fileName: `${WORKBENCH_FHIR_CLIENT_PATH}.LICENSE.txt`,
        source: read("fhir-client.pure.min.js.LICENSE.txt"),
      });
    },
    configureServer(server) {
      server.middlewares.use(`${base}${WORKBENCH_FHIR_CLIENT_PATH}`, (_request, response) => {
        response.setHeader("content-type", "text/javascript; charset=utf-8");
        response.end(fhirClient());
      });
    },
  };
}
