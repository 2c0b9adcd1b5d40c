import { lazy, Suspense } from "react";
import { ErrorBoundary } from "../components/error-boundary.tsx";

const Embedded = lazy(() =>
  import("../features/workbench/workbench-page.tsx").then((module) => ({ default: module.WorkbenchPage })),
);

/** `<Workbench />` in a lesson: the hands-on workbench, embedded in the step (the full page is /workbench). */
export function WorkbenchLesson() {
  return (
    <div className="lesson-tool">
      <ErrorBoundary what="The workbench">
        <Suspense fallback={<p role="status">Loading the workbench…</p>}>
          <Embedded embedded />
        </Suspense>
      </ErrorBoundary>
    </div>
  );
}
