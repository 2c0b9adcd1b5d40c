/** App-relative paths the sample apps are registered with (their redirect and launch URLs). */
export const SAMPLE_APP_CALLBACK_PATH = "sample-app/callback";
export const SAMPLE_APP_LAUNCH_PATH = "sample-app/launch";

/** App-relative paths the flow visualizer's app is registered with (`lab-flow-app`). */
export const FLOW_CALLBACK_PATH = "flow/callback";
export const FLOW_LAUNCH_PATH = "flow/launch";

/** The lab's tools, as the sidebar lists them and lessons may link to them (app paths, below the base). */
export const LAB_TOOLS: readonly { path: string; label: string; fullPage?: true }[] = [
  { path: "/fhir-explorer", label: "FHIR explorer" },
  { path: "/oauth-setup", label: "OAuth setup (apps, tokens, faults)" },
  { path: "/workbench", label: "Workbench (your own SMART app)" },
  { path: "/scopes", label: "Scope playground" },
  { path: "/flow", label: "Flow visualizer" },
  { path: "/jwt", label: "JWT inspector" },
  { path: "/ehr", label: "EHR simulator" },
  { path: "/glossary", label: "Glossary" },
  { path: "/cheat-sheet", label: "Cheat sheet (printable)" },
  // The sample app is a separate app in the same origin: a full page load, not a route change.
  { path: "/sample-app", label: "Sample SMART app", fullPage: true },
];
