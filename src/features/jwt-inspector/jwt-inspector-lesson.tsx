import { lessonTool } from "../../components/lesson-tool.tsx";

/** `<JwtInspector token="…" />` or `<JwtInspector source="access-token|id-token" />` in a lesson (jose loads with it). */
export const JwtInspectorLesson = lessonTool<{ token?: string; source?: "access-token" | "id-token" }>(
  "JWT inspector",
  () => import("./jwt-inspector.tsx").then((module) => module.JwtInspector),
);
