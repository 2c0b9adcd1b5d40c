import { lazy, Suspense } from "react";
import { ErrorBoundary } from "../../components/error-boundary.tsx";
import type { FlowKind } from "./flow-plan.ts";

// This file is all that lessons pull into the app's main chunk; the visualizer (jose, the flow engine) loads with
// the first lesson that shows it.
const FlowVisualizer = lazy(() =>
  import("./flow-visualizer.tsx").then((module) => ({ default: module.FlowVisualizer })),
);

/** `<FlowVisualizer flow="standalone|ehr|backend" />` in a lesson: the flow view, embedded in the step. */
export function FlowVisualizerLesson({ flow = "standalone" }: { flow?: FlowKind }) {
  return (
    <div className="lesson-tool">
      <ErrorBoundary what="The flow visualizer">
        <Suspense fallback={<p role="status">Loading the flow visualizer…</p>}>
          <FlowVisualizer flow={flow} />
        </Suspense>
      </ErrorBoundary>
    </div>
  );
}
