import { evaluateSearchExpression } from "./evaluate-search-expression.ts";
import type { FhirResource } from "./fhir-resource.ts";
import { parseRelativeReference, referenceTextOf } from "./match-search-filter.ts";

/**
 * The R4 (4.0.1) Patient CompartmentDefinition, with each listed parameter's R4 SearchParameter expression for
 * that type (shared parameters such as `clinical-patient` reduced to the part for the type). Types it does not
 * list are in no patient's compartment.
 * @see https://hl7.org/fhir/R4/compartmentdefinition-patient.html
 */
const DEFINITION: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Account: { subject: "Account.subject" },
  AdverseEvent: { subject: "AdverseEvent.subject" },
  AllergyIntolerance: {
    patient: "AllergyIntolerance.patient",
    recorder: "AllergyIntolerance.recorder",
    asserter: "AllergyIntolerance.asserter",
  },
  Appointment: { actor: "Appointment.participant.actor" },
  AppointmentResponse: { actor: "AppointmentResponse.actor" },
  AuditEvent: {
    patient: "AuditEvent.agent.who.where(resolve() is Patient) | AuditEvent.entity.what.where(resolve() is Patient)",
  },
  Basic: { patient: "Basic.subject.where(resolve() is Patient)", author: "Basic.author" },
  BodyStructure: { patient: "BodyStructure.patient" },
  CarePlan: {
    patient: "CarePlan.subject.where(resolve() is Patient)",
    performer: "CarePlan.activity.detail.performer",
  },
  CareTeam: { patient: "CareTeam.subject.where(resolve() is Patient)", participant: "CareTeam.participant.member" },
  ChargeItem: { subject: "ChargeItem.subject" },
  Claim: { patient: "Claim.patient", payee: "Claim.payee.party" },
  ClaimResponse: { patient: "ClaimResponse.patient" },
  ClinicalImpression: { subject: "ClinicalImpression.subject" },
  Communication: {
    subject: "Communication.subject",
    sender: "Communication.sender",
    recipient: "Communication.recipient",
  },
  CommunicationRequest: {
    subject: "CommunicationRequest.subject",
    sender: "CommunicationRequest.sender",
    recipient: "CommunicationRequest.recipient",
    requester: "CommunicationRequest.requester",
  },
  Composition: { subject: "Composition.subject", author: "Composition.author", attester: "Composition.attester.party" },
  Condition: { patient: "Condition.subject.where(resolve() is Patient)", asserter: "Condition.asserter" },
  Consent: { patient: "Consent.patient" },
  Coverage: {
    "policy-holder": "Coverage.policyHolder",
    subscriber: "Coverage.subscriber",
    beneficiary: "Coverage.beneficiary",
    payor: "Coverage.payor",
  },
  CoverageEligibilityRequest: { patient: "CoverageEligibilityRequest.patient" },
  CoverageEligibilityResponse: { patient: "CoverageEligibilityResponse.patient" },
  DetectedIssue: { patient: "DetectedIssue.patient" },
  DeviceRequest: { subject: "DeviceRequest.subject", performer: "DeviceRequest.performer" },
  DeviceUseStatement: { subject: "DeviceUseStatement.subject" },
  DiagnosticReport: { subject: "DiagnosticReport.subject" },
  DocumentManifest: {
    subject: "DocumentManifest.subject",
    author: "DocumentManifest.author",
    recipient: "DocumentManifest.recipient",
  },
  DocumentReference: { subject: "DocumentReference.subject", author: "DocumentReference.author" },
  Encounter: { patient: "Encounter.subject.where(resolve() is Patient)" },
  EnrollmentRequest: { subject: "EnrollmentRequest.candidate" },
  EpisodeOfCare: { patient: "EpisodeOfCare.patient" },
  ExplanationOfBenefit: { patient: "ExplanationOfBenefit.patient", payee: "ExplanationOfBenefit.payee.party" },
  FamilyMemberHistory: { patient: "FamilyMemberHistory.patient" },
  Flag: { patient: "Flag.subject.where(resolve() is Patient)" },
  Goal: { patient: "Goal.subject.where(resolve() is Patient)" },
  Group: { member: "Group.member.entity" },
  ImagingStudy: { patient: "ImagingStudy.subject.where(resolve() is Patient)" },
  Immunization: { patient: "Immunization.patient" },
  ImmunizationEvaluation: { patient: "ImmunizationEvaluation.patient" },
  ImmunizationRecommendation: { patient: "ImmunizationRecommendation.patient" },
  Invoice: {
    subject: "Invoice.subject",
    patient: "Invoice.subject.where(resolve() is Patient)",
    recipient: "Invoice.recipient",
  },
  List: { subject: "List.subject", source: "List.source" },
  MeasureReport: { patient: "MeasureReport.subject.where(resolve() is Patient)" },
  Media: { subject: "Media.subject" },
  MedicationAdministration: {
    patient: "MedicationAdministration.subject.where(resolve() is Patient)",
    performer: "MedicationAdministration.performer.actor",
    subject: "MedicationAdministration.subject",
  },
  MedicationDispense: {
    subject: "MedicationDispense.subject",
    patient: "MedicationDispense.subject.where(resolve() is Patient)",
    receiver: "MedicationDispense.receiver",
  },
  MedicationRequest: { subject: "MedicationRequest.subject" },
  MedicationStatement: { subject: "MedicationStatement.subject" },
  MolecularSequence: { patient: "MolecularSequence.patient" },
  NutritionOrder: { patient: "NutritionOrder.patient" },
  Observation: { subject: "Observation.subject", performer: "Observation.performer" },
  Patient: { link: "Patient.link.other" },
  Person: { patient: "Person.link.target.where(resolve() is Patient)" },
  Procedure: { patient: "Procedure.subject.where(resolve() is Patient)", performer: "Procedure.performer.actor" },
  Provenance: { patient: "Provenance.target.where(resolve() is Patient)" },
  QuestionnaireResponse: { subject: "QuestionnaireResponse.subject", author: "QuestionnaireResponse.author" },
  RelatedPerson: { patient: "RelatedPerson.patient" },
  RequestGroup: { subject: "RequestGroup.subject", participant: "RequestGroup.action.participant" },
  ResearchSubject: { individual: "ResearchSubject.individual" },
  RiskAssessment: { subject: "RiskAssessment.subject" },
  Schedule: { actor: "Schedule.actor" },
  ServiceRequest: { subject: "ServiceRequest.subject", performer: "ServiceRequest.performer" },
  Specimen: { subject: "Specimen.subject" },
  SupplyDelivery: { patient: "SupplyDelivery.patient" },
  SupplyRequest: { subject: "SupplyRequest.deliverTo" },
  VisionPrescription: { patient: "VisionPrescription.patient" },
};

/** The compartment's types → parameter code → R4 expression, as a Map so that no type name reaches a prototype. */
const PATIENT_COMPARTMENT: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(
  Object.entries(DEFINITION).map(([type, params]) => [type, new Map(Object.entries(params))]),
);

// The parameters that name whose record a resource is (its subject), as opposed to the people who took part in it
// (performer, author, recorder …). Writes under patient/ scopes are judged by these.
const PRINCIPAL_PARAMETERS = new Set(["patient", "subject", "beneficiary", "individual"]);

/** Whether the Patient CompartmentDefinition lists `type` (with at least one parameter). */
export function isPatientCompartmentType(type: string): boolean {
  return PATIENT_COMPARTMENT.has(type);
}

function patientsThrough(resource: FhirResource, expressions: Iterable<string>, ids: Set<string>): void {
  for (const expression of expressions) {
    for (const node of evaluateSearchExpression(resource, expression)) {
      const text = referenceTextOf(node.value);
      const target = text === undefined ? undefined : parseRelativeReference(text);
      if (target?.type === "Patient") ids.add(target.id);
    }
  }
}

/**
 * The ids of the patients whose compartment `resource` belongs to: a Patient is in its own compartment (and in
 * those of the patients it links to); other types through every parameter the definition lists for them,
 * counting only references to Patient. A type the definition does not list is in none.
 * @see https://hl7.org/fhir/R4/compartmentdefinition.html
 */
export function compartmentPatientsOf(resource: FhirResource): string[] {
  const ids = new Set<string>();
  if (resource.resourceType === "Patient" && typeof resource.id === "string") ids.add(resource.id);
  const params = PATIENT_COMPARTMENT.get(resource.resourceType);
  if (params) patientsThrough(resource, params.values(), ids);
  return [...ids];
}

/**
 * The patients whose record `resource` is by its subject (`patient`, `subject`, `beneficiary`, `individual`;
 * a Patient is its own), not by a participant link such as `performer`. Types whose compartment parameters are
 * all participants (Appointment, Group, Schedule …) count every one of them.
 */
export function subjectPatientsOf(resource: FhirResource): string[] {
  if (resource.resourceType === "Patient") return typeof resource.id === "string" ? [resource.id] : [];
  const params = PATIENT_COMPARTMENT.get(resource.resourceType);
  if (!params) return [];
  const principal = [...params].filter(([code]) => PRINCIPAL_PARAMETERS.has(code)).map(([, expression]) => expression);
  const ids = new Set<string>();
  patientsThrough(resource, principal.length > 0 ? principal : params.values(), ids);
  return [...ids];
}
