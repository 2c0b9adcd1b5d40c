import { describe, expect, it } from "vitest";
import { evaluateSearchExpression, referenceType } from "./evaluate-search-expression.ts";
import { SEARCH_PARAMETERS_BY_TYPE } from "./search-parameters.ts";

const observation = {
  resourceType: "Observation",
  subject: { reference: "Patient/1" },
  effectiveDateTime: "2020-01-01",
  valueQuantity: { value: 5, unit: "mg" },
  component: [
    { code: { text: "a" }, valueQuantity: { value: 1 } },
    { code: { text: "b" }, valueString: "x" },
  ],
};

describe("evaluateSearchExpression", () => {
  it("follows paths into arrays", () => {
    expect(evaluateSearchExpression(observation, "Observation.component.code").map((node) => node.value)).toEqual([
      { text: "a" },
      { text: "b" },
    ]);
  });

  it("resolves choice elements and keeps their type", () => {
    expect(evaluateSearchExpression(observation, "Observation.effective")).toEqual([
      { value: "2020-01-01", type: "dateTime" },
    ]);
    expect(evaluateSearchExpression(observation, "(Observation.value as Quantity)")).toHaveLength(1);
    expect(evaluateSearchExpression(observation, "(Observation.value as CodeableConcept)")).toHaveLength(0);
    expect(evaluateSearchExpression(observation, "(Observation.component.value as Quantity)")).toHaveLength(1);
    expect(evaluateSearchExpression(observation, "Condition.onset.as(dateTime)")).toHaveLength(0);
  });

  it("filters references with where(resolve() is T) and elements with where(x='y')", () => {
    expect(evaluateSearchExpression(observation, "Observation.subject.where(resolve() is Patient)")).toHaveLength(1);
    expect(evaluateSearchExpression(observation, "Observation.subject.where(resolve() is Group)")).toHaveLength(0);
    const patient = {
      resourceType: "Patient",
      telecom: [
        { system: "phone", value: "1" },
        { system: "email", value: "a@b" },
      ],
    };
    expect(
      evaluateSearchExpression(patient, "Patient.telecom.where(system='email')").map((node) => node.value),
    ).toEqual([{ system: "email", value: "a@b" }]);
  });

  it("evaluates unions and parenthesised casts followed by a path", () => {
    const resource = { resourceType: "Observation", valueCodeableConcept: { text: "positive" } };
    expect(
      evaluateSearchExpression(resource, "(Observation.value as string) | (Observation.value as CodeableConcept).text"),
    ).toEqual([{ value: "positive" }]);
  });

  it("compiles every transcribed R4 expression", () => {
    for (const [type, params] of Object.entries(SEARCH_PARAMETERS_BY_TYPE)) {
      for (const param of params)
        expect(() => evaluateSearchExpression({ resourceType: type }, param.expression)).not.toThrow();
    }
  });

  it("reads the type of relative and absolute references", () => {
    expect(referenceType({ reference: "Patient/1" })).toBe("Patient");
    expect(referenceType({ reference: "http://x/fhir/Encounter/2/_history/3" })).toBe("Encounter");
    expect(referenceType({ reference: "urn:uuid:1234" })).toBeUndefined();
  });
});
