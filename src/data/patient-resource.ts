import type { FhirResource } from "../protocol/fhir/fhir-resource.ts";
import { ORGANIZATION_ID } from "./clinic-resources.ts";
import { SYSTEMS } from "./clinical-codes.ts";
import { narrative } from "./fhir-datatypes.ts";
import type { PatientProfile } from "./patient-profile.ts";

/** The Patient of the `n`th profile (`smart-<n>`, MRN-<1000 + n>), with their general practitioner `gp`. @see https://hl7.org/fhir/R4/patient.html */
export function patientResource(n: number, patientId: string, profile: PatientProfile, gp: string): FhirResource {
  return {
    resourceType: "Patient",
    id: patientId,
    text: narrative(`${profile.given} ${profile.family}, ${profile.gender}, born ${profile.birthDate}.`),
    identifier: [
      {
        type: {
          coding: [{ system: SYSTEMS.identifierType, code: "MR", display: "Medical Record Number" }],
          text: "Medical Record Number",
        },
        system: SYSTEMS.mrn,
        value: `MRN-${String(1000 + n)}`,
      },
    ],
    active: true,
    name: [{ use: "official", family: profile.family, given: [profile.given] }],
    telecom: [{ system: "phone", value: `555-${String(1000 + (n % 9000)).padStart(4, "0")}`, use: "home" }],
    gender: profile.gender,
    birthDate: profile.birthDate,
    address: [{ line: [profile.street], city: "Springfield", state: "MA", postalCode: "01101", country: "US" }],
    generalPractitioner: [{ reference: gp }],
    managingOrganization: { reference: `Organization/${ORGANIZATION_ID}` },
  };
}
