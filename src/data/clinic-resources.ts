import type { FhirResource } from "../protocol/fhir/fhir-resource.ts";
import { MEDICATIONS, SYSTEMS } from "./clinical-codes.ts";
import { concept, narrative } from "./fhir-datatypes.ts";

/** The practitioners of the lab's clinic (the user personas' fhirUser). */
const PRACTITIONERS = [
  { given: "Alice", family: "Carter", gender: "female", specialty: { code: "419772000", display: "Family practice" } },
  { given: "Ben", family: "Okafor", gender: "male", specialty: { code: "394537008", display: "Pediatric specialty" } },
  { given: "Carmen", family: "Reyes", gender: "female", specialty: { code: "394579002", display: "Cardiology" } },
] as const;

/** The lab's clinic: the Organization every patient is managed by. */
export const ORGANIZATION_ID = "smart-org-1";

/**
 * The clinic's resources, in the order the data set lists them: the Organization, each Practitioner with their
 * PractitionerRole, and the one Medication resource a MedicationRequest references.
 */
export function clinicResources(): FhirResource[] {
  const resources: FhirResource[] = [];
  resources.push({
    resourceType: "Organization",
    id: ORGANIZATION_ID,
    text: narrative("Lakeside Community Health, a primary care clinic."),
    active: true,
    type: [
      {
        coding: [
          {
            system: "http://terminology.hl7.org/CodeSystem/organization-type",
            code: "prov",
            display: "Healthcare Provider",
          },
        ],
      },
    ],
    name: "Lakeside Community Health",
    telecom: [{ system: "phone", value: "555-0100" }],
    address: [{ line: ["1 Lakeside Plaza"], city: "Springfield", state: "MA", postalCode: "01101", country: "US" }],
  });
  PRACTITIONERS.forEach((practitioner, index) => {
    const id = `smart-practitioner-${index + 1}`;
    resources.push({
      resourceType: "Practitioner",
      id,
      text: narrative(`Dr. ${practitioner.given} ${practitioner.family}, ${practitioner.specialty.display}.`),
      identifier: [{ system: SYSTEMS.npi, value: String(1_000_000_001 + index) }],
      active: true,
      name: [{ use: "official", family: practitioner.family, given: [practitioner.given], prefix: ["Dr."] }],
      telecom: [
        {
          system: "email",
          value: `${practitioner.given.toLowerCase()}.${practitioner.family.toLowerCase()}@lakeside.example.org`,
        },
      ],
      gender: practitioner.gender,
    });
    resources.push({
      resourceType: "PractitionerRole",
      id: `smart-practitioner-role-${index + 1}`,
      active: true,
      practitioner: { reference: `Practitioner/${id}`, display: `Dr. ${practitioner.given} ${practitioner.family}` },
      organization: { reference: `Organization/${ORGANIZATION_ID}` },
      code: [
        {
          coding: [
            { system: "http://terminology.hl7.org/CodeSystem/practitioner-role", code: "doctor", display: "Doctor" },
          ],
        },
      ],
      specialty: [concept(SYSTEMS.snomed, practitioner.specialty)],
    });
  });
  resources.push({
    resourceType: "Medication",
    id: "smart-med-apixaban",
    text: narrative(MEDICATIONS.apixaban.display),
    code: concept(SYSTEMS.rxnorm, MEDICATIONS.apixaban),
    status: "active",
    form: concept(SYSTEMS.snomed, { code: "385055001", display: "Tablet" }),
  });
  return resources;
}
