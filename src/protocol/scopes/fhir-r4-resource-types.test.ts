import { describe, expect, it } from "vitest";
import { FHIR_R4_RESOURCE_TYPES, isFhirR4ResourceType } from "./fhir-r4-resource-types.ts";

describe("FHIR R4 resource types", () => {
  it("lists the 146 concrete R4 types (the ResourceType code list minus Resource and DomainResource), sorted and unique", () => {
    expect(FHIR_R4_RESOURCE_TYPES).toHaveLength(146);
    expect(new Set(FHIR_R4_RESOURCE_TYPES).size).toBe(146);
    expect([...FHIR_R4_RESOURCE_TYPES].sort()).toEqual(FHIR_R4_RESOURCE_TYPES);
  });

  it("leaves out the abstract types and R5-only types", () => {
    for (const name of ["Resource", "DomainResource", "ActorDefinition", "Requirements", "SubscriptionTopic"]) {
      expect(isFhirR4ResourceType(name)).toBe(false);
    }
  });

  it("is case-sensitive, as the scope grammar is", () => {
    expect(isFhirR4ResourceType("Observation")).toBe(true);
    expect(isFhirR4ResourceType("observation")).toBe(false);
    expect(isFhirR4ResourceType("constructor")).toBe(false);
  });
});
