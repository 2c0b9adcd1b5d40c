import { evaluateSearchExpression } from "./evaluate-search-expression.ts";
import type { FhirResource } from "./fhir-resource.ts";
import { parseRelativeReference, referenceTextOf } from "./match-search-filter.ts";
import { searchParameterOf } from "./search-parameters.ts";

/**
 * The R4 Patient CompartmentDefinition: for each resource type that can be in a patient's compartment, the
 * search parameters whose Patient references put it there.
 * @see https://hl7.org/fhir/R4/compartmentdefinition-patient.html
 */
export const PATIENT_COMPARTMENT: Readonly<Record<string, readonly string[]>> = {
  Account: ["subject"],
  AdverseEvent: ["subject"],
  AllergyIntolerance: ["patient", "recorder", "asserter"],
  Appointment: ["actor"],
  AppointmentResponse: ["actor"],
  AuditEvent: ["patient"],
  Basic: ["patient", "author"],
  BodyStructure: ["patient"],
  CarePlan: ["patient", "performer"],
  CareTeam: ["patient", "participant"],
  ChargeItem: ["subject"],
  Claim: ["patient", "payee"],
  ClaimResponse: ["patient"],
  ClinicalImpression: ["subject"],
  Communication: ["subject", "sender", "recipient"],
  CommunicationRequest: ["subject", "sender", "recipient", "requester"],
  Composition: ["subject", "author", "attester"],
  Condition: ["patient", "asserter"],
  Consent: ["patient"],
  Coverage: ["policy-holder", "subscriber", "beneficiary", "payor"],
  CoverageEligibilityRequest: ["patient"],
  CoverageEligibilityResponse: ["patient"],
  DetectedIssue: ["patient"],
  DeviceRequest: ["subject", "performer"],
  DeviceUseStatement: ["subject"],
  DiagnosticReport: ["subject"],
  DocumentManifest: ["subject", "author", "recipient"],
  DocumentReference: ["subject", "author"],
  Encounter: ["patient"],
  EnrollmentRequest: ["subject"],
  EpisodeOfCare: ["patient"],
  ExplanationOfBenefit: ["patient", "payee"],
  FamilyMemberHistory: ["patient"],
  Flag: ["patient"],
  Goal: ["patient"],
  Group: ["member"],
  ImagingStudy: ["patient"],
  Immunization: ["patient"],
  ImmunizationEvaluation: ["patient"],
  ImmunizationRecommendation: ["patient"],
  Invoice: ["subject", "patient", "recipient"],
  List: ["subject", "source"],
  MeasureReport: ["patient"],
  Media: ["subject"],
  MedicationAdministration: ["patient", "performer", "subject"],
  MedicationDispense: ["subject", "patient", "receiver"],
  MedicationRequest: ["subject"],
  MedicationStatement: ["subject"],
  MolecularSequence: ["patient"],
  NutritionOrder: ["patient"],
  Observation: ["subject", "performer"],
  Patient: ["link"],
  Person: ["patient"],
  Procedure: ["patient", "performer"],
  Provenance: ["patient"],
  QuestionnaireResponse: ["subject", "author"],
  RelatedPerson: ["patient"],
  RequestGroup: ["subject", "participant"],
  ResearchSubject: ["individual"],
  RiskAssessment: ["subject"],
  Schedule: ["actor"],
  ServiceRequest: ["subject", "performer"],
  Specimen: ["subject"],
  SupplyDelivery: ["patient"],
  SupplyRequest: ["requester"],
  VisionPrescription: ["patient"],
};

/** Where a compartment parameter has no transcribed definition, the elements that usually hold it. */
const FALLBACK_ELEMENTS: Readonly<Record<string, readonly string[]>> = {
  patient: ["patient", "subject"],
  subject: ["subject"],
  "policy-holder": ["policyHolder"],
  member: ["member.entity"],
  actor: ["participant.actor", "actor"],
};

/**
 * The ids of the patients whose compartment `resource` belongs to: a Patient is in its own compartment (and in
 * those of the patients it links to); other types through the compartment's parameters, counting only
 * references to Patient.
 * @see https://hl7.org/fhir/R4/compartmentdefinition.html
 */
export function compartmentPatientsOf(resource: FhirResource): string[] {
  const type = resource.resourceType;
  const params = PATIENT_COMPARTMENT[type];
  const ids = new Set<string>();
  if (type === "Patient" && typeof resource.id === "string") ids.add(resource.id);
  if (!params) return [...ids];
  for (const code of params) {
    const definition = searchParameterOf(type, code);
    const expressions = definition
      ? [definition.expression]
      : (FALLBACK_ELEMENTS[code] ?? [code]).map((path) => `${type}.${path}`);
    for (const expression of expressions) {
      for (const node of evaluateSearchExpression(resource, expression)) {
        const text = referenceTextOf(node.value);
        const target = text === undefined ? undefined : parseRelativeReference(text);
        if (target?.type === "Patient") ids.add(target.id);
      }
    }
  }
  return [...ids];
}
