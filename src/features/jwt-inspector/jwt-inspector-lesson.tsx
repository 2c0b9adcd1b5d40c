import { lazy, Suspense } from "react";
import { ErrorBoundary } from "../../components/error-boundary.tsx";

// This file is all that lessons pull into the app's main chunk; the inspector (jose) loads with the first lesson
// that shows it.
const JwtInspector = lazy(() => import("./jwt-inspector.tsx").then((module) => ({ default: module.JwtInspector })));

/** `<JwtInspector token="…" />` or `<JwtInspector source="access-token|id-token" />` in a lesson. */
export function JwtInspectorLesson(props: { token?: string; source?: "access-token" | "id-token" }) {
  return (
    <div className="lesson-tool">
      <ErrorBoundary what="The JWT inspector">
        <Suspense fallback={<p role="status">Loading the JWT inspector…</p>}>
          <JwtInspector {...props} />
        </Suspense>
      </ErrorBoundary>
    </div>
  );
}
