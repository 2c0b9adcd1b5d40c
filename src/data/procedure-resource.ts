import type { FhirResource } from "../protocol/fhir/fhir-resource.ts";
import { type CodeEntry, SYSTEMS } from "./clinical-codes.ts";
import { concept, type DisplayedReference, narrative } from "./fhir-datatypes.ts";

/** A completed Procedure during an encounter (ten minutes, starting ten minutes in). @see https://hl7.org/fhir/R4/procedure.html */
export function procedureResource(
  id: string,
  patient: DisplayedReference,
  encounter: { reference: string },
  code: CodeEntry,
  start: number,
  practitioner: string,
): FhirResource {
  const period = {
    start: new Date(start + 10 * 60_000).toISOString(),
    end: new Date(start + 20 * 60_000).toISOString(),
  };
  return {
    resourceType: "Procedure",
    id,
    text: narrative(`${code.display} on ${period.start.slice(0, 10)}.`),
    status: "completed",
    code: concept(SYSTEMS.snomed, code),
    subject: patient,
    encounter,
    performedPeriod: period,
    performer: [{ actor: { reference: practitioner } }],
  };
}
