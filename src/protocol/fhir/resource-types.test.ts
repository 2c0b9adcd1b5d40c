import { describe, expect, it } from "vitest";
import { FHIR_R4_RESOURCE_TYPES, isR4ResourceType } from "./resource-types.ts";

describe("FHIR R4 resource types", () => {
  it("lists the 146 concrete R4 types (the ResourceType code list minus Resource and DomainResource), sorted and unique", () => {
    expect(FHIR_R4_RESOURCE_TYPES).toHaveLength(146);
    expect(new Set(FHIR_R4_RESOURCE_TYPES).size).toBe(146);
    expect([...FHIR_R4_RESOURCE_TYPES].sort()).toEqual(FHIR_R4_RESOURCE_TYPES);
  });

  it("leaves out the abstract types and R5-only types", () => {
    for (const name of ["Resource", "DomainResource", "ActorDefinition", "Requirements", "SubscriptionTopic"]) {
      expect(isR4ResourceType(name)).toBe(false);
    }
  });

  it("is case-sensitive, as the scope grammar is", () => {
    expect(isR4ResourceType("Observation")).toBe(true);
    expect(isR4ResourceType("observation")).toBe(false);
    expect(isR4ResourceType("constructor")).toBe(false);
  });
});
