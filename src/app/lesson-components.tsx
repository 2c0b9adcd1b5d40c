import type { ComponentType } from "react";
import { Callout } from "../components/callout.tsx";
import { CodeBlock } from "../components/code-block.tsx";
import { LessonLink } from "../components/lesson-link.tsx";
import { FlowVisualizerLesson } from "../features/flow-visualizer/flow-visualizer-lesson.tsx";
import { Term } from "../features/glossary/term.tsx";
import { JwtInspectorLesson } from "../features/jwt-inspector/jwt-inspector-lesson.tsx";
import { ScopeEditor } from "../features/scope-editor/scope-editor.tsx";
import { FhirExplorerLesson } from "./fhir-explorer-lesson.tsx";
import { LessonDiagram } from "./lesson-diagram.tsx";
import { ScopePlaygroundLesson } from "./scope-playground-lesson.tsx";
import { WorkbenchLesson } from "./workbench-lesson.tsx";

/**
 * The fixed set of teaching components a lesson may embed by name (`<Callout …>` in MDX). The app composes them
 * from features here, so features never import each other; the lesson test checks every name a lesson uses.
 */
// biome-ignore lint/suspicious/noExplicitAny: MDX passes arbitrary props to each named component.
export const lessonComponents: Record<string, ComponentType<any>> = {
  // Markdown links: app paths through the router (base path), other sites in a new tab.
  a: LessonLink,
  pre: CodeBlock,
  Callout,
  Diagram: LessonDiagram,
  FhirExplorer: FhirExplorerLesson,
  FlowVisualizer: FlowVisualizerLesson,
  JwtInspector: JwtInspectorLesson,
  ScopeEditor,
  ScopePlayground: ScopePlaygroundLesson,
  Term,
  Workbench: WorkbenchLesson,
};
