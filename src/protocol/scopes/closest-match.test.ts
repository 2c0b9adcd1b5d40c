import { describe, expect, it } from "vitest";
import { FHIR_R4_RESOURCE_TYPES } from "../fhir/resource-types.ts";
import { closestMatch, levenshtein } from "./closest-match.ts";

describe("levenshtein", () => {
  it.each([
    ["", "", 0],
    ["abc", "", 3],
    ["", "abc", 3],
    ["kitten", "sitting", 3],
    ["Observations", "Observation", 1],
    ["sr", "rs", 2],
  ])("%s → %s is %i", (a, b, d) => {
    expect(levenshtein(a, b)).toBe(d);
    expect(levenshtein(b, a)).toBe(d);
  });
});

describe("closestMatch", () => {
  it("prefers a case-insensitive exact match", () => {
    expect(closestMatch("observation", FHIR_R4_RESOURCE_TYPES, 0)).toBe("Observation");
  });

  it.each([
    ["Observations", "Observation"],
    ["Obsevation", "Observation"],
    ["Conditon", "Condition"],
    ["MedicationRequests", "MedicationRequest"],
    ["Immunisation", "Immunization"],
  ])("suggests %s → %s", (input, expected) => {
    expect(closestMatch(input, FHIR_R4_RESOURCE_TYPES, 3)).toBe(expected);
  });

  it("gives up past the distance limit", () => {
    expect(closestMatch("Zzz", FHIR_R4_RESOURCE_TYPES, 1)).toBeNull();
    expect(closestMatch("anything", [], 5)).toBeNull();
  });
});
