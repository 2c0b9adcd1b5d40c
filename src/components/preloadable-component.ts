import { type ComponentType, createElement, lazy, useRef } from "react";

/** A component in its own chunk whose code can be loaded ahead of rendering. */
export interface PreloadableComponent<P extends object> {
  /** Renders it: directly once its code is loaded, else through React.lazy (suspending). */
  Component: ComponentType<P>;
  /** Loads its code; resolves when rendering it will not suspend (a failed load may be tried again). */
  preload(): Promise<ComponentType<P>>;
}

/**
 * Like `React.lazy`, but once `preload()` has resolved the component renders without suspending. React delays the
 * reveal of suspended content (fallback throttling, ~300 ms): each step of an OAuth flow is a cold page load, and a
 * lesson's tool should appear the moment the reader reaches it. Call once, at module level.
 */
export function preloadableComponent<P extends object>(load: () => Promise<ComponentType<P>>): PreloadableComponent<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const preload = () => {
    if (!pending) {
      pending = load().then((component) => {
        loaded = component;
        return component;
      });
      pending.catch(() => {
        pending = undefined;
      });
    }
    return pending;
  };
  const Suspending = lazy(() => preload().then((component) => ({ default: component })));
  // biome-ignore lint/correctness/noComponentHookFactories: a factory called once per component at module level.
  function Component(props: P) {
    // An instance that rendered through React.lazy keeps doing so: switching to the loaded component would be another
    // element type, and React would remount it, losing what the learner did in it.
    const viaLazy = useRef(false);
    if (!loaded) viaLazy.current = true;
    return createElement(viaLazy.current || !loaded ? Suspending : loaded, props);
  }
  return { Component, preload };
}
