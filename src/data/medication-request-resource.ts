import type { FhirResource } from "../protocol/fhir/fhir-resource.ts";
import { type CodeEntry, SYSTEMS } from "./clinical-codes.ts";
import { concept, type DisplayedReference, narrative } from "./fhir-datatypes.ts";

/** A community MedicationRequest (an order) for an inline medication code; the encounter when it has one. @see https://hl7.org/fhir/R4/medicationrequest.html */
export function medicationRequestResource(
  id: string,
  patient: DisplayedReference,
  encounter: { reference: string } | undefined,
  practitioner: string,
  medication: CodeEntry,
  status: "active" | "completed",
  authoredOn: string,
): FhirResource {
  const resource: FhirResource = {
    resourceType: "MedicationRequest",
    id,
    text: narrative(`${medication.display}, prescribed ${authoredOn.slice(0, 10)} (${status}).`),
    status,
    intent: "order",
    category: [
      {
        coding: [
          {
            system: "http://terminology.hl7.org/CodeSystem/medicationrequest-category",
            code: "community",
            display: "Community",
          },
        ],
      },
    ],
    medicationCodeableConcept: concept(SYSTEMS.rxnorm, medication),
    subject: patient,
    authoredOn,
    requester: { reference: practitioner },
    dosageInstruction: [
      { text: status === "active" ? "Take as directed" : "Take one capsule three times daily for 10 days" },
    ],
  };
  if (encounter) resource.encounter = encounter;
  return resource;
}
