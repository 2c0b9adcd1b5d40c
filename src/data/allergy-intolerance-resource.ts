import type { FhirResource } from "../protocol/fhir/fhir-resource.ts";
import { ALLERGIES, SYSTEMS } from "./clinical-codes.ts";
import { concept, type DisplayedReference, narrative } from "./fhir-datatypes.ts";
import type { AllergyKey } from "./patient-profile.ts";

/** An active, confirmed AllergyIntolerance with its reaction (peanut: severe anaphylaxis; others: mild rash). @see https://hl7.org/fhir/R4/allergyintolerance.html */
export function allergyIntoleranceResource(
  id: string,
  key: AllergyKey,
  patient: DisplayedReference,
  recordedDate: string,
  gp: string,
): FhirResource {
  const allergy = ALLERGIES[key];
  return {
    resourceType: "AllergyIntolerance",
    id,
    text: narrative(`${allergy.display}.`),
    clinicalStatus: concept(SYSTEMS.allergyClinical, { code: "active", display: "Active" }),
    verificationStatus: concept(SYSTEMS.allergyVerification, { code: "confirmed", display: "Confirmed" }),
    type: "allergy",
    category: [allergy.category],
    criticality: key === "peanut" ? "high" : "low",
    code: concept(SYSTEMS.snomed, allergy),
    patient,
    recordedDate,
    recorder: { reference: gp },
    reaction: [
      {
        substance: concept(SYSTEMS.snomed, allergy.substance),
        manifestation: [
          concept(
            SYSTEMS.snomed,
            key === "peanut"
              ? { code: "39579001", display: "Anaphylaxis" }
              : { code: "271807003", display: "Eruption of skin" },
          ),
        ],
        severity: key === "peanut" ? "severe" : "mild",
      },
    ],
  };
}
