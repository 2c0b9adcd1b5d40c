/**
 * Which search parameters a server accepts in granular scopes, per resource type; the key `*` lists parameters
 * accepted on every type (and the only ones accepted on wildcard scopes such as `patient/*.rs?…`).
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#requirements-for-support
 */
export type GranularParamSupport = Readonly<Record<string, readonly string[]>>;

/**
 * This lab's default: the token parameters the IG's examples and US Core-style apps use (category, code, status …)
 * plus `encounter` on the types that reference one.
 *
 * @remarks The IG has not yet fixed a mandatory core set, so servers pass their own table where they differ.
 *
 */
export const DEFAULT_GRANULAR_PARAMS: GranularParamSupport = {
  "*": [],
  AllergyIntolerance: ["category", "clinical-status", "code"],
  CarePlan: ["category", "status", "encounter"],
  Condition: ["category", "clinical-status", "code", "encounter"],
  DiagnosticReport: ["category", "code", "status", "encounter"],
  DocumentReference: ["category", "type", "status"],
  Encounter: ["class", "status", "type"],
  Immunization: ["status"],
  MedicationRequest: ["category", "intent", "status", "encounter"],
  Observation: ["category", "code", "status", "encounter"],
  Procedure: ["category", "code", "status", "encounter"],
  ServiceRequest: ["category", "code", "status", "encounter"],
};
