import type { ReactNode } from "react";
import { ErrorBoundary } from "../../components/error-boundary.tsx";

/** Shows a readable message instead of a blank page when a lesson chunk fails to load or render. */
export function LessonErrorBoundary({ children, resetKey }: { children: ReactNode; resetKey: string }) {
  return (
    <ErrorBoundary
      what="This lesson"
      resetKey={resetKey}
      hint="If the lab was updated while this tab was open, reload the page; your progress is kept."
    >
      {children}
    </ErrorBoundary>
  );
}
