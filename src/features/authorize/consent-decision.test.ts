import { describe, expect, it } from "vitest";
import { consentDecision } from "./consent-decision.ts";

const offers = [
  { grantable: "launch/patient" },
  { grantable: "patient/Observation.rs" },
  { grantable: null },
  { grantable: "patient/Condition.rs" },
];

describe("consentDecision", () => {
  it("declines with nothing else, whatever was picked", () => {
    expect(
      consentDecision("deny", offers, { patientId: "p1", encounterId: "e1", granted: new Set(["launch/patient"]) }),
    ).toEqual({ action: "deny" });
  });

  it("accepts the ticked offered scopes in the offer's order, with the picked patient and encounter", () => {
    expect(
      consentDecision("approve", offers, {
        patientId: "p1",
        encounterId: "e1",
        granted: new Set(["patient/Condition.rs", "launch/patient"]),
      }),
    ).toEqual({
      action: "approve",
      patientId: "p1",
      encounterId: "e1",
      grantedScopes: ["launch/patient", "patient/Condition.rs"],
    });
  });

  it("leaves out a patient or encounter that was not picked, and scopes the server did not offer", () => {
    expect(
      consentDecision("approve", offers, {
        patientId: "",
        encounterId: "",
        granted: new Set(["patient/Observation.rs", "user/Patient.rs"]),
      }),
    ).toEqual({ action: "approve", grantedScopes: ["patient/Observation.rs"] });
  });
});
