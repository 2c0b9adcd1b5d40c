import { queryOptions } from "@tanstack/react-query";
import type { FhirClient } from "../../lib/fhir-client.ts";
import { codeableConceptText, humanNameText } from "../../protocol/fhir/display-text.ts";
import { completeSampleLaunch } from "./sample-app-launcher.ts";

interface FhirBundleEntry {
  resource?: Record<string, unknown>;
}

/** The fhirclient session: completes the code exchange on the first load, restores it on a reload. */
export const sampleClientQuery = queryOptions({
  queryKey: ["sample-app", "client"],
  queryFn: completeSampleLaunch,
  staleTime: Number.POSITIVE_INFINITY,
  gcTime: Number.POSITIVE_INFINITY,
});

/**
 * Which token the data queries belong to. Read once from the client and changed only by a successful refresh: a
 * 401 makes fhirclient empty its token response, and queries keyed on the live client state would then vanish
 * along with their error.
 */
export interface SampleSession {
  accessToken: string | undefined;
  patientId: string | undefined;
}

/** The session the client holds right now. */
export function currentSession(client: FhirClient): SampleSession {
  return { accessToken: client.state.tokenResponse?.access_token, patientId: client.patient.id ?? undefined };
}

/** The patient in context, read with `client.patient.read()`. */
export function patientQuery(client: FhirClient, session: SampleSession) {
  return queryOptions({
    queryKey: ["sample-app", "patient", session.patientId, session.accessToken],
    queryFn: () => client.patient.read() as Promise<Record<string, unknown>>,
    enabled: Boolean(session.patientId && session.accessToken),
  });
}

/**
 * The patient's observations, every page (`pageLimit: 0`), flattened, with each `encounter` reference resolved
 * in place — the fhirclient options issue #4 names.
 * @see https://docs.smarthealthit.org/client-js/request.html
 */
export function observationsQuery(client: FhirClient, session: SampleSession) {
  return queryOptions({
    queryKey: ["sample-app", "observations", session.patientId, session.accessToken],
    queryFn: async () => {
      const resources = (await client.patient.request("Observation?_count=50&_sort=-date", {
        pageLimit: 0,
        flat: true,
        resolveReferences: ["encounter"],
      })) as Record<string, unknown>[] | FhirBundleEntry[];
      return resources as Record<string, unknown>[];
    },
    enabled: Boolean(session.patientId && session.accessToken),
  });
}

/**
 * The patient's conditions through the plain `client.request()`: an explicit patient search, every page
 * (`pageLimit: 0`), with each condition's `encounter` reference resolved.
 */
export function conditionsQuery(client: FhirClient, session: SampleSession) {
  return queryOptions({
    queryKey: ["sample-app", "conditions", session.patientId, session.accessToken],
    queryFn: async () =>
      (await client.request(`Condition?patient=${encodeURIComponent(session.patientId ?? "")}&_count=20`, {
        pageLimit: 0,
        flat: true,
        resolveReferences: ["encounter"],
      })) as Record<string, unknown>[],
    enabled: Boolean(session.patientId && session.accessToken),
  });
}

/** A readable name from a resource's HumanName list. */
export function displayName(resource: Record<string, unknown> | undefined): string {
  return humanNameText(resource?.name) || "(no name)";
}

/** An Observation's value as text: quantity with unit, concept, string, or its components. */
export function observationValue(observation: Record<string, unknown>): string {
  const q = observation.valueQuantity as { value?: number; unit?: string } | undefined;
  if (q?.value !== undefined) return `${q.value} ${q.unit ?? ""}`.trim();
  if (observation.valueCodeableConcept) return codeableConceptText(observation.valueCodeableConcept);
  if (typeof observation.valueString === "string") return observation.valueString;
  const components = observation.component as { code?: unknown; valueQuantity?: { value?: number; unit?: string } }[];
  if (Array.isArray(components)) {
    return components
      .map((c) => `${c.valueQuantity?.value ?? "?"}${c.valueQuantity?.unit ? ` ${c.valueQuantity.unit}` : ""}`)
      .join(" / ");
  }
  return "";
}
