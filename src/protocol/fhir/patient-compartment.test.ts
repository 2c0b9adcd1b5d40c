import { describe, expect, it } from "vitest";
import { compartmentPatientsOf } from "./patient-compartment.ts";

describe("compartmentPatientsOf (R4 Patient CompartmentDefinition)", () => {
  it("puts a Patient in its own compartment and in those it links to", () => {
    expect(
      compartmentPatientsOf({ resourceType: "Patient", id: "a", link: [{ other: { reference: "Patient/b" } }] }),
    ).toEqual(["a", "b"]);
  });

  it("follows the compartment parameters, counting Patient references only", () => {
    expect(
      compartmentPatientsOf({
        resourceType: "Observation",
        subject: { reference: "Patient/1" },
        performer: [{ reference: "Patient/2" }, { reference: "Practitioner/3" }],
      }).sort(),
    ).toEqual(["1", "2"]);
    expect(compartmentPatientsOf({ resourceType: "Observation", subject: { reference: "Group/1" } })).toEqual([]);
    expect(compartmentPatientsOf({ resourceType: "AllergyIntolerance", patient: { reference: "Patient/9" } })).toEqual([
      "9",
    ]);
  });

  it("falls back to subject/patient for types without transcribed parameters", () => {
    expect(compartmentPatientsOf({ resourceType: "CarePlan", subject: { reference: "Patient/7" } })).toEqual(["7"]);
    expect(compartmentPatientsOf({ resourceType: "Coverage", beneficiary: { reference: "Patient/8" } })).toEqual(["8"]);
  });

  it("leaves resources outside the compartment out", () => {
    expect(compartmentPatientsOf({ resourceType: "Medication", id: "m" })).toEqual([]);
    expect(compartmentPatientsOf({ resourceType: "Practitioner", id: "p" })).toEqual([]);
  });
});
