import { lessonTool } from "../components/lesson-tool.tsx";

/** `<Workbench />` in a lesson: the hands-on workbench, embedded in the step (the full page is /workbench). */
export const WorkbenchLesson = lessonTool<Record<string, never>>("workbench", () =>
  import("../features/workbench/workbench-page.tsx").then((module) => () => <module.WorkbenchPage embedded />),
);
