/** App-relative paths the sample apps are registered with (their redirect and launch URLs). */
export const SAMPLE_APP_CALLBACK_PATH = "sample-app/callback";
export const SAMPLE_APP_LAUNCH_PATH = "sample-app/launch";

/** App-relative paths the flow visualizer's app is registered with (`lab-flow-app`). */
export const FLOW_CALLBACK_PATH = "flow/callback";
export const FLOW_LAUNCH_PATH = "flow/launch";

/** One of the lab's tools. */
interface LabTool {
  path: string;
  /** Its link in the sidebar. */
  label: string;
  /** A separate app in the same origin: a full page load, not a route change. */
  fullPage?: true;
  /**
   * The page's heading, for a tool the build prerenders as its heading and a "starting" placeholder (its page talks to
   * the servers from its first render, so it renders once the worker has started). The e2e tests check that the page
   * shows the same heading once it runs.
   */
  heading?: string;
}

/** The lab's tools, as the sidebar lists them and lessons may link to them (app paths, below the base). */
export const LAB_TOOLS: readonly LabTool[] = [
  { path: "/fhir-explorer", label: "FHIR explorer", heading: "FHIR explorer" },
  { path: "/oauth-setup", label: "OAuth setup (apps, tokens, faults)", heading: "Setting-up OAuth" },
  { path: "/workbench", label: "Workbench (your own SMART app)", heading: "Workbench: your own SMART app" },
  { path: "/scopes", label: "Scope playground", heading: "Scope playground" },
  { path: "/flow", label: "Flow visualizer", heading: "Flow visualizer" },
  { path: "/jwt", label: "JWT inspector", heading: "JWT inspector" },
  { path: "/ehr", label: "EHR simulator", heading: "EHR simulator" },
  { path: "/glossary", label: "Glossary" },
  { path: "/cheat-sheet", label: "Cheat sheet (printable)" },
  { path: "/sample-app", label: "Sample SMART app", fullPage: true },
];
