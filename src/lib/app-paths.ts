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
   * the servers from its first render, so it renders once the worker has started). The page's own h1 reads it from
   * {@link TOOL_HEADINGS}; the e2e tests check that the running page shows it.
   */
  heading?: string;
}

/** The tool pages' headings: each page's h1, and what the build prerenders for it (see {@link LAB_TOOLS}). */
export const TOOL_HEADINGS = {
  fhirExplorer: "FHIR explorer",
  oauthSetup: "Setting-up OAuth",
  workbench: "Workbench: your own SMART app",
  scopePlayground: "Scope playground",
  flowVisualizer: "Flow visualizer",
  jwtInspector: "JWT inspector",
  ehrSimulator: "EHR simulator",
} as const;

/** The lab's tools, as the sidebar lists them and lessons may link to them (app paths, below the base). */
export const LAB_TOOLS: readonly LabTool[] = [
  { path: "/fhir-explorer", label: "FHIR explorer", heading: TOOL_HEADINGS.fhirExplorer },
  { path: "/oauth-setup", label: "OAuth setup (apps, tokens, faults)", heading: TOOL_HEADINGS.oauthSetup },
  { path: "/workbench", label: "Workbench (your own SMART app)", heading: TOOL_HEADINGS.workbench },
  { path: "/scopes", label: "Scope playground", heading: TOOL_HEADINGS.scopePlayground },
  { path: "/flow", label: "Flow visualizer", heading: TOOL_HEADINGS.flowVisualizer },
  { path: "/jwt", label: "JWT inspector", heading: TOOL_HEADINGS.jwtInspector },
  { path: "/ehr", label: "EHR simulator", heading: TOOL_HEADINGS.ehrSimulator },
  { path: "/glossary", label: "Glossary" },
  { path: "/cheat-sheet", label: "Cheat sheet (printable)" },
  { path: "/sample-app", label: "Sample SMART app", fullPage: true },
];
