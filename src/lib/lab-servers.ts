import type { LabServers } from "../mocks/handlers.ts";
import { labEndpoints } from "./lab-config.ts";

let servers: Promise<LabServers> | undefined;

/**
 * The mock servers of this page, created on first use (not at module load: nothing may fetch or do heavy work
 * before the worker has started). Every navigation is a fresh JS context; the servers reload their state from
 * namespaced storage.
 */
export function getLabServers(): Promise<LabServers> {
  servers ??= createServers();
  return servers;
}

async function createServers(): Promise<LabServers> {
  // Until the full servers land, a CapabilityStatement proves the worker wiring end to end.
  const metadata = () =>
    Response.json(
      {
        resourceType: "CapabilityStatement",
        status: "active",
        date: "2026-11-28",
        kind: "instance",
        fhirVersion: "4.0.1",
        format: ["json"],
        implementation: { description: "SMART on FHIR Lab mock FHIR server", url: labEndpoints.fhirBase },
        rest: [{ mode: "server" }],
      },
      { headers: { "content-type": "application/fhir+json" } },
    );
  const notYet = () =>
    Response.json(
      { resourceType: "OperationOutcome", issue: [{ severity: "error", code: "not-supported" }] },
      { status: 501, headers: { "content-type": "application/fhir+json" } },
    );
  const fhir = {
    handle: async (request: Request) => (new URL(request.url).pathname.endsWith("/metadata") ? metadata() : notYet()),
  };
  return { fhir, openFhir: fhir, authorization: { handle: async () => notYet() } };
}
