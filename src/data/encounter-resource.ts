import type { FhirResource } from "../protocol/fhir/fhir-resource.ts";
import { ORGANIZATION_ID } from "./clinic-resources.ts";
import { type CodeEntry, SYSTEMS } from "./clinical-codes.ts";
import { concept, type DisplayedReference, narrative } from "./fhir-datatypes.ts";

/** An ambulatory Encounter of a patient with one practitioner; `end` and `reason` when known. @see https://hl7.org/fhir/R4/encounter.html */
export function encounterResource(
  id: string,
  patient: DisplayedReference,
  practitioner: string,
  type: CodeEntry,
  status: "finished" | "in-progress",
  start: number,
  end: number | undefined,
  reason: CodeEntry | undefined,
): FhirResource {
  const period: Record<string, string> = { start: new Date(start).toISOString() };
  if (end !== undefined) period.end = new Date(end).toISOString();
  const resource: FhirResource = {
    resourceType: "Encounter",
    id,
    text: narrative(`${type.display} for ${patient.display} on ${period.start?.slice(0, 10)} (${status}).`),
    status,
    class: { system: SYSTEMS.actCode, code: "AMB", display: "ambulatory" },
    type: [concept(SYSTEMS.snomed, type)],
    subject: patient,
    participant: [
      {
        type: [{ coding: [{ system: SYSTEMS.participationType, code: "PPRF", display: "primary performer" }] }],
        individual: { reference: practitioner },
      },
    ],
    period,
    serviceProvider: { reference: `Organization/${ORGANIZATION_ID}` },
  };
  if (reason) resource.reasonCode = [concept(SYSTEMS.snomed, reason)];
  return resource;
}
