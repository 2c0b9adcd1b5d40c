/**
 * The search parameters the lab's server understands, as data transcribed from the FHIR R4 SearchParameter
 * definitions (code, type, FHIRPath expression, reference targets) for the resource types of the lab's data set
 * and of the Synthea bundles learners import. The engine evaluates the expressions with a small path evaluator
 * (evaluate-search-expression.ts) instead of per-type code, so a parameter is added by adding a line here.
 * @see https://hl7.org/fhir/R4/searchparameter-registry.html
 */

/** The kinds of search parameter FHIR R4 defines. @see https://hl7.org/fhir/R4/search.html#ptypes */
type SearchParameterType = "number" | "date" | "string" | "token" | "reference" | "quantity" | "uri";

/** One search parameter: the code used in URLs, its type, the R4 expression and (for references) target types. @see https://hl7.org/fhir/R4/searchparameter.html */
export interface SearchParameterDefinition {
  code: string;
  type: SearchParameterType;
  /** The R4 FHIRPath expression (the subset evaluate-search-expression.ts understands). */
  expression: string;
  target?: readonly string[];
  /** Canonical URL of the R4 definition, for the CapabilityStatement. */
  url: string;
}

const BASE = "http://hl7.org/fhir/SearchParameter/";

function param(
  type: string,
  code: string,
  kind: SearchParameterType,
  expression: string,
  target?: readonly string[],
  shared?: string,
): SearchParameterDefinition {
  const definition: SearchParameterDefinition = {
    code,
    type: kind,
    expression,
    url: `${BASE}${shared ?? `${type}-${code}`}`,
  };
  if (target) definition.target = target;
  return definition;
}

const CLINICIANS = ["Practitioner", "PractitionerRole", "Organization", "Patient", "RelatedPerson", "CareTeam"];
const PEOPLE = ["Practitioner", "PractitionerRole", "Patient", "RelatedPerson"];

/** Parameters every resource has (`_id`, `_lastUpdated`, `_tag`, `_profile`, `_security`, `_source`). */
const COMMON_SEARCH_PARAMETERS: readonly SearchParameterDefinition[] = [
  param("Resource", "_id", "token", "Resource.id", undefined, "Resource-id"),
  param("Resource", "_lastUpdated", "date", "Resource.meta.lastUpdated", undefined, "Resource-lastUpdated"),
  param("Resource", "_tag", "token", "Resource.meta.tag", undefined, "Resource-tag"),
  param("Resource", "_profile", "uri", "Resource.meta.profile", undefined, "Resource-profile"),
  param("Resource", "_security", "token", "Resource.meta.security", undefined, "Resource-security"),
  param("Resource", "_source", "uri", "Resource.meta.source", undefined, "Resource-source"),
];

function individual(type: "Patient" | "Practitioner" | "RelatedPerson"): SearchParameterDefinition[] {
  return [
    param(type, "identifier", "token", `${type}.identifier`),
    param(type, "name", "string", `${type}.name`),
    param(type, "active", "token", `${type}.active`),
    param(type, "gender", "token", `${type}.gender`, undefined, "individual-gender"),
    param(type, "address", "string", `${type}.address`, undefined, "individual-address"),
    param(type, "address-city", "string", `${type}.address.city`, undefined, "individual-address-city"),
    param(type, "address-state", "string", `${type}.address.state`, undefined, "individual-address-state"),
    param(
      type,
      "address-postalcode",
      "string",
      `${type}.address.postalCode`,
      undefined,
      "individual-address-postalcode",
    ),
    param(type, "address-country", "string", `${type}.address.country`, undefined, "individual-address-country"),
    param(type, "telecom", "token", `${type}.telecom`, undefined, "individual-telecom"),
    param(type, "phone", "token", `${type}.telecom.where(system='phone')`, undefined, "individual-phone"),
    param(type, "email", "token", `${type}.telecom.where(system='email')`, undefined, "individual-email"),
  ];
}

/** The type-specific parameters, keyed by resource type. */
export const SEARCH_PARAMETERS_BY_TYPE: Readonly<Record<string, readonly SearchParameterDefinition[]>> = {
  Patient: [
    ...individual("Patient"),
    param("Patient", "family", "string", "Patient.name.family", undefined, "individual-family"),
    param("Patient", "given", "string", "Patient.name.given", undefined, "individual-given"),
    param("Patient", "birthdate", "date", "Patient.birthDate", undefined, "individual-birthdate"),
    param("Patient", "death-date", "date", "(Patient.deceased as dateTime)"),
    param("Patient", "general-practitioner", "reference", "Patient.generalPractitioner", [
      "Organization",
      "Practitioner",
      "PractitionerRole",
    ]),
    param("Patient", "organization", "reference", "Patient.managingOrganization", ["Organization"]),
    param("Patient", "link", "reference", "Patient.link.other", ["Patient", "RelatedPerson"]),
    param("Patient", "language", "token", "Patient.communication.language"),
  ],
  Practitioner: [
    ...individual("Practitioner"),
    param("Practitioner", "family", "string", "Practitioner.name.family", undefined, "individual-family"),
    param("Practitioner", "given", "string", "Practitioner.name.given", undefined, "individual-given"),
  ],
  RelatedPerson: [
    ...individual("RelatedPerson"),
    param("RelatedPerson", "birthdate", "date", "RelatedPerson.birthDate", undefined, "individual-birthdate"),
    param("RelatedPerson", "patient", "reference", "RelatedPerson.patient", ["Patient"]),
    param("RelatedPerson", "relationship", "token", "RelatedPerson.relationship"),
  ],
  PractitionerRole: [
    param("PractitionerRole", "identifier", "token", "PractitionerRole.identifier"),
    param("PractitionerRole", "active", "token", "PractitionerRole.active"),
    param("PractitionerRole", "date", "date", "PractitionerRole.period"),
    param("PractitionerRole", "practitioner", "reference", "PractitionerRole.practitioner", ["Practitioner"]),
    param("PractitionerRole", "organization", "reference", "PractitionerRole.organization", ["Organization"]),
    param("PractitionerRole", "role", "token", "PractitionerRole.code"),
    param("PractitionerRole", "specialty", "token", "PractitionerRole.specialty"),
    param("PractitionerRole", "location", "reference", "PractitionerRole.location", ["Location"]),
  ],
  Organization: [
    param("Organization", "identifier", "token", "Organization.identifier"),
    param("Organization", "active", "token", "Organization.active"),
    param("Organization", "name", "string", "Organization.name | Organization.alias"),
    param("Organization", "type", "token", "Organization.type"),
    param("Organization", "address", "string", "Organization.address"),
    param("Organization", "address-city", "string", "Organization.address.city"),
    param("Organization", "partof", "reference", "Organization.partOf", ["Organization"]),
  ],
  Encounter: [
    param("Encounter", "identifier", "token", "Encounter.identifier", undefined, "clinical-identifier"),
    param("Encounter", "status", "token", "Encounter.status"),
    param("Encounter", "class", "token", "Encounter.class"),
    param("Encounter", "type", "token", "Encounter.type", undefined, "clinical-type"),
    param("Encounter", "date", "date", "Encounter.period", undefined, "clinical-date"),
    param("Encounter", "subject", "reference", "Encounter.subject", ["Group", "Patient"]),
    param(
      "Encounter",
      "patient",
      "reference",
      "Encounter.subject.where(resolve() is Patient)",
      ["Patient"],
      "clinical-patient",
    ),
    param("Encounter", "participant", "reference", "Encounter.participant.individual", [
      "Practitioner",
      "PractitionerRole",
      "RelatedPerson",
    ]),
    param(
      "Encounter",
      "practitioner",
      "reference",
      "Encounter.participant.individual.where(resolve() is Practitioner)",
      ["Practitioner"],
    ),
    param("Encounter", "participant-type", "token", "Encounter.participant.type"),
    param("Encounter", "service-provider", "reference", "Encounter.serviceProvider", ["Organization"]),
    param("Encounter", "reason-code", "token", "Encounter.reasonCode"),
    param("Encounter", "reason-reference", "reference", "Encounter.reasonReference", [
      "Condition",
      "Procedure",
      "Observation",
    ]),
    param("Encounter", "location", "reference", "Encounter.location.location", ["Location"]),
  ],
  Observation: [
    param("Observation", "identifier", "token", "Observation.identifier", undefined, "clinical-identifier"),
    param("Observation", "status", "token", "Observation.status"),
    param("Observation", "category", "token", "Observation.category"),
    param("Observation", "code", "token", "Observation.code", undefined, "clinical-code"),
    param("Observation", "date", "date", "Observation.effective", undefined, "clinical-date"),
    param("Observation", "subject", "reference", "Observation.subject", ["Group", "Device", "Location", "Patient"]),
    param(
      "Observation",
      "patient",
      "reference",
      "Observation.subject.where(resolve() is Patient)",
      ["Patient"],
      "clinical-patient",
    ),
    param("Observation", "encounter", "reference", "Observation.encounter", ["Encounter"], "clinical-encounter"),
    param("Observation", "performer", "reference", "Observation.performer", CLINICIANS),
    param(
      "Observation",
      "value-quantity",
      "quantity",
      "(Observation.value as Quantity) | (Observation.value as SampledData)",
    ),
    param("Observation", "value-concept", "token", "(Observation.value as CodeableConcept)"),
    param(
      "Observation",
      "value-string",
      "string",
      "(Observation.value as string) | (Observation.value as CodeableConcept).text",
    ),
    param("Observation", "value-date", "date", "(Observation.value as dateTime) | (Observation.value as Period)"),
    param("Observation", "component-code", "token", "Observation.component.code"),
    param(
      "Observation",
      "component-value-quantity",
      "quantity",
      "(Observation.component.value as Quantity) | (Observation.component.value as SampledData)",
    ),
    param("Observation", "component-value-concept", "token", "(Observation.component.value as CodeableConcept)"),
    param("Observation", "combo-code", "token", "Observation.code | Observation.component.code"),
    param(
      "Observation",
      "combo-value-quantity",
      "quantity",
      "(Observation.value as Quantity) | (Observation.value as SampledData) | (Observation.component.value as Quantity) | (Observation.component.value as SampledData)",
    ),
    param("Observation", "based-on", "reference", "Observation.basedOn", [
      "CarePlan",
      "MedicationRequest",
      "ServiceRequest",
    ]),
    param("Observation", "derived-from", "reference", "Observation.derivedFrom", ["Observation", "DocumentReference"]),
    param("Observation", "has-member", "reference", "Observation.hasMember", ["Observation", "QuestionnaireResponse"]),
    param("Observation", "part-of", "reference", "Observation.partOf", ["Procedure", "Immunization"]),
    param("Observation", "specimen", "reference", "Observation.specimen", ["Specimen"]),
    param("Observation", "device", "reference", "Observation.device", ["Device"]),
    param("Observation", "focus", "reference", "Observation.focus"),
    param("Observation", "method", "token", "Observation.method"),
    param("Observation", "data-absent-reason", "token", "Observation.dataAbsentReason"),
  ],
  Condition: [
    param("Condition", "identifier", "token", "Condition.identifier", undefined, "clinical-identifier"),
    param("Condition", "clinical-status", "token", "Condition.clinicalStatus"),
    param("Condition", "verification-status", "token", "Condition.verificationStatus"),
    param("Condition", "category", "token", "Condition.category"),
    param("Condition", "severity", "token", "Condition.severity"),
    param("Condition", "code", "token", "Condition.code", undefined, "clinical-code"),
    param("Condition", "body-site", "token", "Condition.bodySite"),
    param("Condition", "subject", "reference", "Condition.subject", ["Group", "Patient"]),
    param(
      "Condition",
      "patient",
      "reference",
      "Condition.subject.where(resolve() is Patient)",
      ["Patient"],
      "clinical-patient",
    ),
    param("Condition", "encounter", "reference", "Condition.encounter", ["Encounter"], "clinical-encounter"),
    param("Condition", "onset-date", "date", "Condition.onset.as(dateTime) | Condition.onset.as(Period)"),
    param("Condition", "abatement-date", "date", "Condition.abatement.as(dateTime) | Condition.abatement.as(Period)"),
    param("Condition", "recorded-date", "date", "Condition.recordedDate"),
    param("Condition", "asserter", "reference", "Condition.asserter", PEOPLE),
  ],
  MedicationRequest: [
    param("MedicationRequest", "identifier", "token", "MedicationRequest.identifier", undefined, "clinical-identifier"),
    param("MedicationRequest", "status", "token", "MedicationRequest.status"),
    param("MedicationRequest", "intent", "token", "MedicationRequest.intent"),
    param("MedicationRequest", "category", "token", "MedicationRequest.category"),
    param("MedicationRequest", "priority", "token", "MedicationRequest.priority"),
    param(
      "MedicationRequest",
      "code",
      "token",
      "(MedicationRequest.medication as CodeableConcept)",
      undefined,
      "medications-code",
    ),
    param(
      "MedicationRequest",
      "medication",
      "reference",
      "(MedicationRequest.medication as Reference)",
      ["Medication"],
      "medications-medication",
    ),
    param("MedicationRequest", "subject", "reference", "MedicationRequest.subject", ["Group", "Patient"]),
    param(
      "MedicationRequest",
      "patient",
      "reference",
      "MedicationRequest.subject.where(resolve() is Patient)",
      ["Patient"],
      "clinical-patient",
    ),
    param(
      "MedicationRequest",
      "encounter",
      "reference",
      "MedicationRequest.encounter",
      ["Encounter"],
      "medications-encounter",
    ),
    param("MedicationRequest", "requester", "reference", "MedicationRequest.requester", [
      ...PEOPLE,
      "Organization",
      "Device",
    ]),
    param("MedicationRequest", "intended-performer", "reference", "MedicationRequest.performer", CLINICIANS),
    param("MedicationRequest", "authoredon", "date", "MedicationRequest.authoredOn"),
    param(
      "MedicationRequest",
      "date",
      "date",
      "MedicationRequest.dosageInstruction.timing.event",
      undefined,
      "medications-date",
    ),
  ],
  Medication: [
    param("Medication", "identifier", "token", "Medication.identifier"),
    param("Medication", "code", "token", "Medication.code", undefined, "clinical-code"),
    param("Medication", "status", "token", "Medication.status"),
    param("Medication", "form", "token", "Medication.form"),
    param("Medication", "ingredient-code", "token", "(Medication.ingredient.item as CodeableConcept)"),
    param("Medication", "manufacturer", "reference", "Medication.manufacturer", ["Organization"]),
  ],
  AllergyIntolerance: [
    param(
      "AllergyIntolerance",
      "identifier",
      "token",
      "AllergyIntolerance.identifier",
      undefined,
      "clinical-identifier",
    ),
    param("AllergyIntolerance", "clinical-status", "token", "AllergyIntolerance.clinicalStatus"),
    param("AllergyIntolerance", "verification-status", "token", "AllergyIntolerance.verificationStatus"),
    param("AllergyIntolerance", "type", "token", "AllergyIntolerance.type", undefined, "clinical-type"),
    param("AllergyIntolerance", "category", "token", "AllergyIntolerance.category"),
    param("AllergyIntolerance", "criticality", "token", "AllergyIntolerance.criticality"),
    param(
      "AllergyIntolerance",
      "code",
      "token",
      "AllergyIntolerance.code | AllergyIntolerance.reaction.substance",
      undefined,
      "clinical-code",
    ),
    param("AllergyIntolerance", "patient", "reference", "AllergyIntolerance.patient", ["Patient"], "clinical-patient"),
    param("AllergyIntolerance", "recorder", "reference", "AllergyIntolerance.recorder", PEOPLE),
    param("AllergyIntolerance", "asserter", "reference", "AllergyIntolerance.asserter", PEOPLE),
    param("AllergyIntolerance", "date", "date", "AllergyIntolerance.recordedDate", undefined, "clinical-date"),
    param("AllergyIntolerance", "onset", "date", "AllergyIntolerance.reaction.onset"),
    param("AllergyIntolerance", "last-date", "date", "AllergyIntolerance.lastOccurrence"),
    param("AllergyIntolerance", "manifestation", "token", "AllergyIntolerance.reaction.manifestation"),
    param("AllergyIntolerance", "severity", "token", "AllergyIntolerance.reaction.severity"),
  ],
  Immunization: [
    param("Immunization", "identifier", "token", "Immunization.identifier", undefined, "clinical-identifier"),
    param("Immunization", "status", "token", "Immunization.status"),
    param("Immunization", "status-reason", "token", "Immunization.statusReason"),
    param("Immunization", "vaccine-code", "token", "Immunization.vaccineCode"),
    param("Immunization", "patient", "reference", "Immunization.patient", ["Patient"], "clinical-patient"),
    param("Immunization", "date", "date", "Immunization.occurrence", undefined, "clinical-date"),
    param("Immunization", "lot-number", "string", "Immunization.lotNumber"),
    param("Immunization", "performer", "reference", "Immunization.performer.actor", [
      "Practitioner",
      "PractitionerRole",
      "Organization",
    ]),
    param("Immunization", "location", "reference", "Immunization.location", ["Location"]),
    param("Immunization", "manufacturer", "reference", "Immunization.manufacturer", ["Organization"]),
    param("Immunization", "reason-code", "token", "Immunization.reasonCode"),
    param("Immunization", "target-disease", "token", "Immunization.protocolApplied.targetDisease"),
  ],
  Procedure: [
    param("Procedure", "identifier", "token", "Procedure.identifier", undefined, "clinical-identifier"),
    param("Procedure", "status", "token", "Procedure.status"),
    param("Procedure", "category", "token", "Procedure.category"),
    param("Procedure", "code", "token", "Procedure.code", undefined, "clinical-code"),
    param("Procedure", "subject", "reference", "Procedure.subject", ["Group", "Patient"]),
    param(
      "Procedure",
      "patient",
      "reference",
      "Procedure.subject.where(resolve() is Patient)",
      ["Patient"],
      "clinical-patient",
    ),
    param("Procedure", "encounter", "reference", "Procedure.encounter", ["Encounter"], "clinical-encounter"),
    param("Procedure", "date", "date", "Procedure.performed", undefined, "clinical-date"),
    param("Procedure", "performer", "reference", "Procedure.performer.actor", [...CLINICIANS, "Device"]),
    param("Procedure", "reason-code", "token", "Procedure.reasonCode"),
    param("Procedure", "location", "reference", "Procedure.location", ["Location"]),
    param("Procedure", "based-on", "reference", "Procedure.basedOn", ["CarePlan", "ServiceRequest"]),
    param("Procedure", "part-of", "reference", "Procedure.partOf", [
      "Procedure",
      "Observation",
      "MedicationAdministration",
    ]),
  ],
  DiagnosticReport: [
    param("DiagnosticReport", "identifier", "token", "DiagnosticReport.identifier", undefined, "clinical-identifier"),
    param("DiagnosticReport", "status", "token", "DiagnosticReport.status"),
    param("DiagnosticReport", "category", "token", "DiagnosticReport.category"),
    param("DiagnosticReport", "code", "token", "DiagnosticReport.code", undefined, "clinical-code"),
    param("DiagnosticReport", "conclusion", "token", "DiagnosticReport.conclusionCode"),
    param("DiagnosticReport", "date", "date", "DiagnosticReport.effective", undefined, "clinical-date"),
    param("DiagnosticReport", "issued", "date", "DiagnosticReport.issued"),
    param("DiagnosticReport", "subject", "reference", "DiagnosticReport.subject", [
      "Group",
      "Device",
      "Location",
      "Patient",
    ]),
    param(
      "DiagnosticReport",
      "patient",
      "reference",
      "DiagnosticReport.subject.where(resolve() is Patient)",
      ["Patient"],
      "clinical-patient",
    ),
    param(
      "DiagnosticReport",
      "encounter",
      "reference",
      "DiagnosticReport.encounter",
      ["Encounter"],
      "clinical-encounter",
    ),
    param("DiagnosticReport", "result", "reference", "DiagnosticReport.result", ["Observation"]),
    param("DiagnosticReport", "performer", "reference", "DiagnosticReport.performer", [
      "Practitioner",
      "PractitionerRole",
      "Organization",
      "CareTeam",
    ]),
    param("DiagnosticReport", "results-interpreter", "reference", "DiagnosticReport.resultsInterpreter", [
      "Practitioner",
      "PractitionerRole",
      "Organization",
      "CareTeam",
    ]),
    param("DiagnosticReport", "based-on", "reference", "DiagnosticReport.basedOn", [
      "CarePlan",
      "MedicationRequest",
      "ServiceRequest",
    ]),
    param("DiagnosticReport", "specimen", "reference", "DiagnosticReport.specimen", ["Specimen"]),
  ],
  Claim: [
    param("Claim", "identifier", "token", "Claim.identifier"),
    param("Claim", "status", "token", "Claim.status"),
    param("Claim", "use", "token", "Claim.use"),
    param("Claim", "priority", "token", "Claim.priority"),
    param("Claim", "created", "date", "Claim.created"),
    param("Claim", "patient", "reference", "Claim.patient", ["Patient"]),
    param("Claim", "provider", "reference", "Claim.provider", ["Practitioner", "PractitionerRole", "Organization"]),
    param("Claim", "insurer", "reference", "Claim.insurer", ["Organization"]),
    param("Claim", "encounter", "reference", "Claim.item.encounter", ["Encounter"]),
    param("Claim", "payee", "reference", "Claim.payee.party", PEOPLE),
    param("Claim", "care-team", "reference", "Claim.careTeam.provider", [
      "Practitioner",
      "PractitionerRole",
      "Organization",
    ]),
  ],
  ExplanationOfBenefit: [
    param("ExplanationOfBenefit", "identifier", "token", "ExplanationOfBenefit.identifier"),
    param("ExplanationOfBenefit", "status", "token", "ExplanationOfBenefit.status"),
    param("ExplanationOfBenefit", "created", "date", "ExplanationOfBenefit.created"),
    param("ExplanationOfBenefit", "patient", "reference", "ExplanationOfBenefit.patient", ["Patient"]),
    param("ExplanationOfBenefit", "provider", "reference", "ExplanationOfBenefit.provider", [
      "Practitioner",
      "PractitionerRole",
      "Organization",
    ]),
    param("ExplanationOfBenefit", "claim", "reference", "ExplanationOfBenefit.claim", ["Claim"]),
    param("ExplanationOfBenefit", "encounter", "reference", "ExplanationOfBenefit.item.encounter", ["Encounter"]),
    param("ExplanationOfBenefit", "coverage", "reference", "ExplanationOfBenefit.insurance.coverage", ["Coverage"]),
    param("ExplanationOfBenefit", "care-team", "reference", "ExplanationOfBenefit.careTeam.provider", [
      "Practitioner",
      "PractitionerRole",
      "Organization",
    ]),
    param("ExplanationOfBenefit", "payee", "reference", "ExplanationOfBenefit.payee.party", PEOPLE),
  ],
};

const byTypeAndCode = new Map<string, Map<string, SearchParameterDefinition>>();

/** Every search parameter of `type` (common ones first), by code. */
export function searchParametersOf(type: string): ReadonlyMap<string, SearchParameterDefinition> {
  let map = byTypeAndCode.get(type);
  if (!map) {
    if (byTypeAndCode.size > 1000) byTypeAndCode.clear();
    map = new Map();
    for (const definition of COMMON_SEARCH_PARAMETERS) map.set(definition.code, definition);
    // hasOwn: a type name from a URL ("constructor", "__proto__") must not reach Object.prototype.
    const own = Object.hasOwn(SEARCH_PARAMETERS_BY_TYPE, type) ? SEARCH_PARAMETERS_BY_TYPE[type] : undefined;
    for (const definition of own ?? []) map.set(definition.code, definition);
    byTypeAndCode.set(type, map);
  }
  return map;
}

/** The definition of parameter `code` on `type`, if the server knows it. */
export function searchParameterOf(type: string, code: string): SearchParameterDefinition | undefined {
  return searchParametersOf(type).get(code);
}
