import { lazy, Suspense } from "react";
import { ErrorBoundary } from "../components/error-boundary.tsx";

// All a lesson pulls into the main chunk: the playground (and the servers it talks to) load with the first lesson
// that shows it.
const Embedded = lazy(() =>
  import("./scope-playground-route.tsx").then((module) => ({ default: module.ScopePlaygroundEmbedded })),
);

/** `<ScopePlayground scopes="…" query="…" patient="…" />` in a lesson. */
export function ScopePlaygroundLesson(props: { scopes?: string; query?: string; patient?: string }) {
  return (
    <div className="lesson-tool">
      <ErrorBoundary what="The scope playground">
        <Suspense fallback={<p role="status">Loading the scope playground…</p>}>
          <Embedded {...props} />
        </Suspense>
      </ErrorBoundary>
    </div>
  );
}
