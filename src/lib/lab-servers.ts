import type { LabServers } from "../servers/request-handler-server.ts";
import type { Lab } from "./create-lab.ts";
import { labEndpoints } from "./lab-config.ts";
import { recordTrace } from "./trace-log.ts";

let lab: Promise<Lab> | undefined;

/**
 * The mock servers of this page, created on first use — not at module load (nothing may fetch or do heavy work
 * before the worker has started) and in their own chunk (jose, the data set and both servers stay out of the
 * landing route). Every navigation is a fresh JS context; the servers reload their state from storage.
 */
export function getLab(): Promise<Lab> {
  lab ??= import("./create-lab.ts").then(({ createLab }) => {
    const created = createLab(labEndpoints, recordTrace);
    performance.mark("smart-lab:servers-created");
    return created;
  });
  return lab;
}

/** The HTTP side of the servers, what the MSW handlers forward to. */
export async function getLabServers(): Promise<LabServers> {
  const { fhir, openFhir, authorizationHttp, workbench } = await getLab();
  return { fhir, openFhir, authorization: authorizationHttp, workbench };
}
