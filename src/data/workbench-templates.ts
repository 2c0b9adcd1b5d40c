import fhirclientApp from "./workbench-templates/fhirclient/app.js?raw";
import fhirclientIndex from "./workbench-templates/fhirclient/index.html?raw";
import fhirclientLaunch from "./workbench-templates/fhirclient/launch.html?raw";
import fhirclientOpenRead from "./workbench-templates/fhirclient/open-read.html?raw";
import plainFetchIndex from "./workbench-templates/plain-fetch/index.html?raw";
import plainFetchLaunch from "./workbench-templates/plain-fetch/launch.html?raw";
import plainFetchSmart from "./workbench-templates/plain-fetch/smart.js?raw";

/** The workbench's projects: the same SMART launch with fhirclient, and with plain fetch. */
export type WorkbenchProjectId = "fhirclient" | "plain-fetch";

export const WORKBENCH_PROJECT_IDS: readonly WorkbenchProjectId[] = ["fhirclient", "plain-fetch"];

/**
 * The starting files of each project, after the official SMART JS tutorial's steps (an open-server read, then
 * `authorize()` in launch.html and `ready()` in index.html), as real files under `workbench-templates/`.
 * @see https://docs.smarthealthit.org/tutorials/javascript/
 */
export const WORKBENCH_TEMPLATES: Readonly<Record<WorkbenchProjectId, Readonly<Record<string, string>>>> = {
  fhirclient: {
    "launch.html": fhirclientLaunch,
    "index.html": fhirclientIndex,
    "app.js": fhirclientApp,
    "open-read.html": fhirclientOpenRead,
  },
  "plain-fetch": {
    "launch.html": plainFetchLaunch,
    "index.html": plainFetchIndex,
    "smart.js": plainFetchSmart,
  },
};
