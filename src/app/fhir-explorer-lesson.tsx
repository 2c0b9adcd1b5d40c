import { lessonTool } from "../components/lesson-tool.tsx";
import type { ExplorerMethod, ExplorerMode } from "../features/fhir-explorer/explorer-request.ts";

interface Props {
  /** `open` (no authorization; the FHIR basics) or `secured` (SMART; a token is needed). */
  mode?: ExplorerMode;
  method?: ExplorerMethod;
  /** Relative to the FHIR base, e.g. `Patient?name=shaw`. */
  path?: string;
  body?: string;
}

/** `<FhirExplorer mode="open" path="Patient?name=shaw" />` in a lesson: the explorer with a prepared request. */
export const FhirExplorerLesson = lessonTool<Props>("FHIR explorer", () =>
  import("../features/fhir-explorer/fhir-explorer-page.tsx").then(
    ({ FhirExplorerPage }) =>
      ({ mode = "open", method = "GET", path = "Patient", body = "" }: Props) => (
        <FhirExplorerPage embedded initial={{ mode, method, path, body }} />
      ),
  ),
);
