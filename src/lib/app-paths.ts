/** App-relative paths the sample apps are registered with (their redirect and launch URLs). */
export const SAMPLE_APP_CALLBACK_PATH = "sample-app/callback";
export const SAMPLE_APP_LAUNCH_PATH = "sample-app/launch";

/** App-relative paths the flow visualizer's app is registered with (`lab-flow-app`). */
export const FLOW_CALLBACK_PATH = "flow/callback";
export const FLOW_LAUNCH_PATH = "flow/launch";
