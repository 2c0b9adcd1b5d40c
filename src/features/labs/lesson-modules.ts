import { type ComponentType, createElement, type LazyExoticComponent, lazy } from "react";
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

const loaded = new Map<string, LessonModule>();
const pending = new Map<string, Promise<LessonModule>>();
const lazyComponents = new Map<string, LazyExoticComponent<ComponentType<LessonFrameProps>>>();

/** Loads a lesson's chunk ahead of time (the neighbours of the open step), so moving there does not suspend. */
export function preloadLesson(file: string): Promise<LessonModule> | null {
  const load = modules[file];
  if (!load) return null;
  let promise = pending.get(file);
  if (!promise) {
    promise = load().then((module) => {
      loaded.set(file, module);
      return module;
    });
    pending.set(file, promise);
    // A failed preload is retried by the next render, which shows the error where the learner sees it.
    promise.catch(() => pending.delete(file));
  }
  return promise;
}

/**
 * The lesson as an element (objectives, text, self-check, summary): rendered directly once its chunk is loaded —
 * React delays revealing suspended content (~300 ms), which would slow every step change — else through React.lazy.
 */
export function lessonElement(file: string, props: LessonFrameProps) {
  let component = lazyComponents.get(file);
  const ready = loaded.get(file);
  // Once a step rendered through React.lazy it keeps doing so: switching to the direct element would be another
  // element type, and React would remount the lesson, losing what the learner did in it (a self-check's answers).
  if (ready && !component) return createElement(LessonFrame, { ...props, lesson: ready });
  if (!modules[file]) return null;
  if (!component) {
    component = lazy(async () => {
      const promise = preloadLesson(file);
      if (!promise) throw new Error(`No lesson file ${file}`);
      const lesson = await promise;
      return { default: (frameProps: LessonFrameProps) => createElement(LessonFrame, { ...frameProps, lesson }) };
    });
    lazyComponents.set(file, component);
  }
  return createElement(component, props);
}
