import { lessonTool } from "../components/lesson-tool.tsx";

/** `<ScopePlayground scopes="…" query="…" patient="…" />` in a lesson (the servers load with it). */
export const ScopePlaygroundLesson = lessonTool<{ scopes?: string; query?: string; patient?: string }>(
  "scope playground",
  () => import("./scope-playground-route.tsx").then((module) => module.ScopePlaygroundEmbedded),
);
