import { type ComponentType, Suspense, useDeferredValue, useEffect } from "react";
import { runWhenIdle } from "../lib/run-when-idle.ts";
import { useIsPrerender, useWorkerStatus } from "../lib/worker-status.ts";
import { ErrorAlert } from "./error-alert.tsx";
import { ErrorBoundary } from "./error-boundary.tsx";
import { preloadableComponent } from "./preloadable-component.ts";
import { useNearViewport } from "./use-near-viewport.ts";

/**
 * A lesson's embedded tool, loaded on first use: the lesson pulls only this wrapper into the app's main chunk; the
 * tool (and the servers or libraries it needs) loads with the first step that shows it, with a visible, accessible
 * placeholder meanwhile, and a rendering failure stays inside the tool's box.
 */
export function lessonTool<P extends object>(what: string, load: () => Promise<ComponentType<P>>) {
  const tool = preloadableComponent(load);
  // biome-ignore lint/correctness/noComponentHookFactories: a factory called once per tool at module level.
  function LessonTool(props: P) {
    // Deferred: when the servers come up, every tool of the lesson re-renders at once; React does that in the
    // background, in short slices, rather than in one task.
    const worker = useDeferredValue(useWorkerStatus());
    const prerender = useIsPrerender();
    const [box, near] = useNearViewport<HTMLDivElement>();
    // Its code is fetched once the servers are up and the page is idle, so that a reader who reaches it (by Tab,
    // quickly) finds it ready to mount rather than loading.
    useEffect(() => {
      if (worker.state === "ready") return runWhenIdle(() => void tool.preload().catch(() => {}));
    }, [worker.state]);
    if (prerender || worker.state === "starting")
      return (
        <div className="lesson-tool">
          <p role="status">Starting the lab's servers for the {what}…</p>
        </div>
      );
    if (worker.state === "failed")
      return (
        <div className="lesson-tool">
          <ErrorAlert>
            The {what} needs the lab's servers, which could not start: {worker.message}
          </ErrorAlert>
        </div>
      );
    // A tool (Monaco, the servers) costs a phone seconds of CPU: it loads when the reader comes near it, not with
    // the lesson's text.
    if (!near)
      return (
        <div className="lesson-tool" ref={box}>
          <p>The {what} loads as you reach it.</p>
        </div>
      );
    return (
      <div className="lesson-tool">
        <ErrorBoundary what={`The ${what}`}>
          <Suspense fallback={<p role="status">Loading the {what}…</p>}>
            <tool.Component {...props} />
          </Suspense>
        </ErrorBoundary>
      </div>
    );
  }
  return LessonTool;
}
