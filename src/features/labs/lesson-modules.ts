import { type ComponentType, type LazyExoticComponent, lazy } from "react";

/**
 * Every lesson file as a lazily loaded module: each step becomes its own chunk, so the landing route carries the
 * navigation only. Keys match `LabStep.file` ("/labs/01-introduction/01-what-is-smart.mdx").
 */
const modules = import.meta.glob<{ default: ComponentType }>("/labs/*/*.mdx");

const cache = new Map<string, LazyExoticComponent<ComponentType>>();

/** The lazy component for a lesson file, created once per file so React keeps it across renders. */
export function lessonComponent(file: string): LazyExoticComponent<ComponentType> | null {
  const load = modules[file];
  if (!load) return null;
  let component = cache.get(file);
  if (!component) {
    component = lazy(load);
    cache.set(file, component);
  }
  return component;
}
