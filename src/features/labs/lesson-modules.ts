import { type ComponentType, createElement } from "react";
import { type PreloadableComponent, preloadableComponent } from "../../components/preloadable-component.ts";
import { LessonFrame, type LessonFrameProps } from "./lesson-frame.tsx";

/** A compiled lesson: its MDX body and its frontmatter (remark-mdx-frontmatter's `frontmatter` export). */
export interface LessonModule {
  default: ComponentType;
  frontmatter?: unknown;
}

/**
 * Every lesson file as a lazily loaded module: each step becomes its own chunk, so the landing route carries the
 * navigation only. Keys match `LabStep.file` ("/labs/01-introduction/01-what-is-smart.mdx").
 */
const modules = import.meta.glob<LessonModule>("/labs/*/*.mdx");

/**
 * Each step's lesson component (objectives, text, self-check, summary) and its module, once loaded. It renders
 * directly once its chunk is loaded — React delays revealing suspended content (~300 ms), which would slow every step
 * change — else through React.lazy.
 */
const frames = new Map<string, PreloadableComponent<LessonFrameProps>>();
const lessons = new Map<string, LessonModule>();

function frameOf(file: string): PreloadableComponent<LessonFrameProps> | null {
  const load = modules[file];
  if (!load) return null;
  let frame = frames.get(file);
  if (!frame) {
    frame = preloadableComponent(async () => {
      const lesson = await load();
      lessons.set(file, lesson);
      return (props: LessonFrameProps) => createElement(LessonFrame, { ...props, lesson });
    });
    frames.set(file, frame);
  }
  return frame;
}

/**
 * Loads a lesson's chunk ahead of time (the open step while the worker starts, its neighbours), so showing it does
 * not suspend. A failed load is tried again by the next call or render, which shows the error where the learner is.
 */
export function preloadLesson(file: string): Promise<LessonModule> | null {
  const frame = frameOf(file);
  if (!frame) return null;
  return frame.preload().then(() => lessons.get(file) as LessonModule);
}

/** The lesson as an element, or null when there is no such lesson file. */
export function lessonElement(file: string, props: LessonFrameProps) {
  const frame = frameOf(file);
  return frame ? createElement(frame.Component, props) : null;
}
