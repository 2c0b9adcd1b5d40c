/**
 * A category code with the words a consent screen uses for it.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#finer-grained-resource-constraints-using-search-parameters
 */
export interface KnownGranularValue {
  resourceType: string;
  param: string;
  system: string;
  code: string;
  /** Plural noun phrase for "… only", e.g. "laboratory results". */
  phrase: string;
}

const OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
const CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";
// US Core defined health-concern in its own code system before terminology.hl7.org carried it; both are accepted.
const US_CORE_CONDITION_CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/condition-category";

/**
 * The granular values this engine names in plain language: the FHIR observation categories and the condition
 * categories (the IG's own example filters observations by `observation-category|laboratory`).
 *
 */
export const KNOWN_GRANULAR_VALUES: readonly KnownGranularValue[] = [
  ...(
    [
      ["laboratory", "laboratory results"],
      ["vital-signs", "vital signs"],
      ["social-history", "social history"],
      ["survey", "survey answers"],
      ["exam", "exam findings"],
      ["imaging", "imaging results"],
      ["procedure", "procedure results"],
      ["therapy", "therapy observations"],
      ["activity", "activity observations"],
    ] as const
  ).map(([code, phrase]) => ({
    resourceType: "Observation",
    param: "category",
    system: OBSERVATION_CATEGORY,
    code,
    phrase,
  })),
  ...(
    [
      ["problem-list-item", "problem list items"],
      ["encounter-diagnosis", "encounter diagnoses"],
      ["health-concern", "health concerns"],
    ] as const
  ).map(([code, phrase]) => ({
    resourceType: "Condition",
    param: "category",
    system: CONDITION_CATEGORY,
    code,
    phrase,
  })),
  {
    resourceType: "Condition",
    param: "category",
    system: US_CORE_CONDITION_CATEGORY,
    code: "health-concern",
    phrase: "health concerns",
  },
];

/**
 * The known value for a resource type, parameter and token (system may be null for the bare `code` form), or
 * undefined.
 *
 */
export function findKnownGranularValue(
  resourceType: string,
  param: string,
  system: string | null,
  code: string | null,
): KnownGranularValue | undefined {
  if (code === null) return undefined;
  return KNOWN_GRANULAR_VALUES.find(
    (v) =>
      (resourceType === "*" || v.resourceType === resourceType) &&
      v.param === param &&
      v.code === code &&
      (system === null || system === v.system),
  );
}
