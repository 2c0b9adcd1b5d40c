import { createContext, useContext, useSyncExternalStore } from "react";
import { createStore } from "zustand/vanilla";

/** Where the mock service worker stands in this page. */
export type WorkerStatus = { state: "starting" } | { state: "ready" } | { state: "failed"; message: string };

/**
 * The mock worker's start, for the parts of a page that talk to the servers: a lesson paints at once, and only its
 * runnable elements wait (nothing may fetch a mock endpoint before the worker controls the page, DESIGN.md §3).
 */
export const workerStatus = createStore<WorkerStatus>()(() => ({ state: "starting" }));

// What the prerendered HTML shows, and so what hydration starts from.
const starting: WorkerStatus = { state: "starting" };

export function useWorkerStatus(): WorkerStatus {
  return useSyncExternalStore(workerStatus.subscribe, workerStatus.getState, () => starting);
}

/**
 * True while the page is rendered at build time (the prerendered HTML of a lesson): tools that need a browser
 * render their placeholder instead.
 */
export const PrerenderContext = createContext(false);

export function useIsPrerender(): boolean {
  return useContext(PrerenderContext);
}
