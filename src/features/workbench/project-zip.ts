import { strToU8, zipSync } from "fflate";
import type { WorkbenchProjectId } from "../../data/workbench-templates.ts";

/** The README that travels with a downloaded project: how to run it elsewhere and point it at a real server. */
function projectReadme(project: WorkbenchProjectId, clientId: string): string {
  return `# My SMART app (${project})

Written in SMART on FHIR Lab's workbench. The files run on any static web host.

## Run it

1. Serve this folder over HTTP, for example \`npx serve .\` or \`python3 -m http.server 8000\`.
2. Open \`launch.html?iss=<FHIR base URL>\` for a standalone launch, or register \`launch.html\` as the app's launch
   URL in an EHR for an EHR launch. After authorization the browser comes back to \`index.html\`.
${project === "fhirclient" ? "\n`fhir-client.js` is fhirclient's browser build (https://github.com/smart-on-fhir/client-js, Apache-2.0).\n" : ""}
## Point it at a real SMART sandbox

- The public SMART launcher (https://launch.smarthealthit.org) accepts any client id: pick "R4", copy its FHIR
  server URL and open \`launch.html?iss=<that URL>\`; or enter your \`launch.html\` URL as the App's Launch URL
  there to try an EHR launch.
- Any other server: register the app there (client id, redirect URI = the full URL of \`index.html\`, launch URL
  = the full URL of \`launch.html\`), then replace \`${clientId}\` in launch.html with the client id it gives you.
- A browser-only app needs the server to allow its origin with CORS headers.
`;
}

/** The project's files as a zip (with the README, and fhirclient's build when the project uses it). */
export function buildProjectZip(
  project: WorkbenchProjectId,
  files: Readonly<Record<string, string>>,
  options: { clientId: string; fhirClientJs?: string },
): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, content] of Object.entries(files)) entries[`${project}/${name}`] = strToU8(content);
  entries[`${project}/README.md`] = strToU8(projectReadme(project, options.clientId));
  // The pages include fhirclient as ../fhir-client.js, one folder up, as in the lab.
  if (options.fhirClientJs !== undefined) entries["fhir-client.js"] = strToU8(options.fhirClientJs);
  return zipSync(entries, { level: 6 });
}
