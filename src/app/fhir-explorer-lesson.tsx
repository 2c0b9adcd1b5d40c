import { lazy, Suspense } from "react";
import { ErrorBoundary } from "../components/error-boundary.tsx";
import type { ExplorerMethod, ExplorerMode } from "../features/fhir-explorer/explorer-request.ts";

const Embedded = lazy(() =>
  import("../features/fhir-explorer/fhir-explorer-page.tsx").then((module) => ({ default: module.FhirExplorerPage })),
);

interface Props {
  /** `open` (no authorization; the FHIR basics) or `secured` (SMART; a token is needed). */
  mode?: ExplorerMode;
  method?: ExplorerMethod;
  /** Relative to the FHIR base, e.g. `Patient?name=shaw`. */
  path?: string;
  body?: string;
}

/** `<FhirExplorer mode="open" path="Patient?name=shaw" />` in a lesson: the explorer with a prepared request. */
export function FhirExplorerLesson({ mode = "open", method = "GET", path = "Patient", body = "" }: Props) {
  return (
    <div className="lesson-tool">
      <ErrorBoundary what="The FHIR explorer">
        <Suspense fallback={<p role="status">Loading the FHIR explorer…</p>}>
          <Embedded embedded initial={{ mode, method, path, body }} />
        </Suspense>
      </ErrorBoundary>
    </div>
  );
}
