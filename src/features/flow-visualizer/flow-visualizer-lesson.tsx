import { lessonTool } from "../../components/lesson-tool.tsx";
import type { FlowKind } from "./flow-plan.ts";

/** `<FlowVisualizer flow="standalone|ehr|backend" />` in a lesson (jose and the flow engine load with it). */
export const FlowVisualizerLesson = lessonTool<{ flow?: FlowKind }>("flow visualizer", () =>
  import("./flow-visualizer.tsx").then(({ FlowVisualizer }) => ({ flow = "standalone" }: { flow?: FlowKind }) => (
    <FlowVisualizer flow={flow} />
  )),
);
