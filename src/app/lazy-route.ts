import type { ComponentType } from "react";
import { type PreloadableComponent, preloadableComponent } from "../components/preloadable-component.ts";

/** A route component in its own chunk that can be loaded ahead of rendering (see preloadableComponent). */
export type LazyRoute = PreloadableComponent<object>;

/** The page `pick` names in the module `load` brings; preloaded while the worker starts, it renders at once. */
export function lazyRoute<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): LazyRoute {
  return preloadableComponent(() => load().then(pick));
}
