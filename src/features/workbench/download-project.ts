import type { WorkbenchProjectId } from "../../data/workbench-templates.ts";
import { buildProjectZip } from "./project-zip.ts";
import { fetchFhirClientBuild, WORKBENCH_CLIENT_ID } from "./workbench-queries.ts";

/** Saves the project as `<project>.zip` through the browser's download (a Blob URL; nothing leaves the tab). */
export async function downloadProject(project: WorkbenchProjectId, files: Readonly<Record<string, string>>) {
  const fhirClientJs = project === "fhirclient" ? await fetchFhirClientBuild() : undefined;
  const zip = buildProjectZip(project, files, {
    clientId: WORKBENCH_CLIENT_ID,
    ...(fhirClientJs !== undefined ? { fhirClientJs } : {}),
  });
  const url = URL.createObjectURL(new Blob([zip as Uint8Array<ArrayBuffer>], { type: "application/zip" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `my-smart-app-${project}.zip`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
