import { type ComponentType, createElement, lazy } from "react";

/** A route component in its own chunk that can be loaded ahead of rendering. */
export interface LazyRoute {
  /** Renders the page: directly once its code is loaded, else through React.lazy (suspending). */
  Component: ComponentType;
  /** Loads the page's code; resolves when rendering it will not suspend. */
  preload(): Promise<unknown>;
}

/**
 * Like `React.lazy`, but once `preload()` has resolved the page renders without suspending. React delays the reveal
 * of suspended content (fallback throttling, ~300 ms), and each step of an OAuth flow is a cold page load: rendering
 * a preloaded page directly saves that delay on every redirect.
 */
export function lazyRoute<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): LazyRoute {
  let loaded: ComponentType | undefined;
  let pending: Promise<ComponentType> | undefined;
  const preload = () => {
    pending ??= load().then((module) => {
      loaded = pick(module);
      return loaded;
    });
    return pending;
  };
  const Suspending = lazy(() => preload().then((component) => ({ default: component })));
  // One component per page, made once when the route table is built: not a component defined during a render.
  // biome-ignore lint/correctness/noComponentHookFactories: a factory called once per page at module level.
  function Component() {
    return createElement(loaded ?? Suspending);
  }
  return { Component, preload };
}
