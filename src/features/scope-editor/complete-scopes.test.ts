import { describe, expect, it } from "vitest";
import { parseScopes } from "../../protocol/scopes/parse-scopes.ts";
import { completeScopes } from "./complete-scopes.ts";

/** Completes at the `|` marker of `marked`. */
function complete(marked: string, options = {}) {
  const offset = marked.indexOf("|");
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { text, offset, result: completeScopes(text, offset, options) };
}

const labels = (marked: string, options = {}) => complete(marked, options).result.items.map((i) => i.label);

describe("completeScopes", () => {
  it("offers contexts and whole non-clinical scopes at the start of a scope", () => {
    const { result } = complete("|");
    expect(result.items.map((i) => i.label)).toEqual([
      "patient/",
      "user/",
      "system/",
      "openid",
      "fhirUser",
      "launch",
      "launch/patient",
      "launch/encounter",
      "offline_access",
      "online_access",
    ]);
    const patient = result.items.find((i) => i.label === "patient/");
    expect(patient).toMatchObject({ kind: "context", retrigger: true });
    expect(result.items.find((i) => i.label === "openid")?.detail).toMatch(/identity/i);
  });

  it("replaces the part typed so far and leaves out scopes already requested", () => {
    const { result } = complete("openid off|");
    expect(result.start).toBe(7);
    expect(result.end).toBe(10);
    expect(result.items.map((i) => i.label)).not.toContain("openid");
    expect(result.items.map((i) => i.label)).toContain("offline_access");
  });

  it("follows the launch kind: no system/ for a user-facing app, only system/ for a backend service", () => {
    expect(labels("|", { launch: "user-facing" })).not.toContain("system/");
    const backend = labels("|", { launch: "backend" });
    expect(backend).toEqual(["system/"]);
  });

  it("offers FHIR R4 resource types after a context, then a dot and permissions", () => {
    const { text, result } = complete("launch/patient patient/Obs|");
    expect(result.start).toBe(text.indexOf("Obs"));
    const observation = result.items.find((i) => i.label === "Observation");
    expect(observation).toMatchObject({ kind: "resource-type", insertText: "Observation.", retrigger: true });
    expect(result.items.map((i) => i.label)).toContain("*");
    expect(result.items.map((i) => i.label)).toContain("MedicationRequest");
    // A capitalised context is still completed (the diagnostic tells the learner to lowercase it).
    expect(labels("Patient/|")).toContain("Observation");
  });

  it("keeps an existing dot when the resource type is edited in place", () => {
    const { result } = complete("patient/Obs|ervation.rs");
    expect(result.end).toBe("patient/Observation".length);
    expect(result.items.find((i) => i.label === "Observation")).toMatchObject({
      insertText: "Observation",
      retrigger: false,
    });
  });

  it("offers only valid permission continuations, in cruds order", () => {
    expect(labels("patient/Observation.|")).toEqual(["c", "r", "u", "d", "s", "rs", "cruds"]);
    expect(labels("patient/Observation.r|")).toEqual(["ru", "rd", "rs"]);
    expect(labels("patient/Observation.cr|")).toEqual(["cru", "crd", "crs", "cruds"]);
    expect(labels("patient/Observation.s|")).toEqual([]);
    expect(labels("patient/Observation.sr|")).toEqual([]);
    const rs = complete("patient/Observation.|").result.items.find((i) => i.label === "rs");
    expect(rs?.detail).toBe("read and search");
    // Every suggestion parses without an error.
    for (const letters of labels("user/Patient.c|")) {
      expect(parseScopes(`user/Patient.${letters}`).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    }
  });

  it("offers the granular parameters the server supports for the type", () => {
    const { result } = complete("patient/Observation.rs?|");
    expect(result.items.map((i) => i.label)).toEqual(["category", "code", "encounter", "status"]);
    expect(result.items[0]).toMatchObject({ insertText: "category=", retrigger: true });
    expect(labels("patient/Observation.rs?category=x&|")).toContain("status");
    expect(labels("patient/*.rs?|")).toEqual([]);
  });

  it("offers known category values as system|code", () => {
    const { text, result } = complete("patient/Observation.rs?category=|");
    expect(result.start).toBe(text.length);
    const lab = result.items.find((i) => i.detail === "laboratory results");
    expect(lab?.insertText).toBe("http://terminology.hl7.org/CodeSystem/observation-category|laboratory");
    expect(labels("patient/Condition.rs?category=|")).toContain(
      "http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item",
    );
    expect(labels("patient/Observation.rs?status=|")).toEqual([]);
    // After a comma, the next alternative is completed.
    const { text: alt, result: next } = complete("patient/Observation.rs?category=a,|");
    expect(next.start).toBe(alt.length);
  });

  it("offers lowercase launch contexts, patient and encounter first", () => {
    const items = labels("launch/|");
    expect(items.slice(0, 2)).toEqual(["patient", "encounter"]);
    expect(items).toContain("diagnosticreport");
  });

  it("never throws, wherever the cursor is", () => {
    const text = "launch/patient Patient/Observation.sr?category=x&&code=|y patient/Observations.read";
    for (let i = 0; i <= text.length + 2; i++) expect(() => completeScopes(text, i)).not.toThrow();
  });
});
