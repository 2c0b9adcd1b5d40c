import { describe, expect, it } from "vitest";
import { explainScope, resourceTypeNoun } from "./explain-scope.ts";
import { parseScope } from "./parse-scopes.ts";

const OBS = "http://terminology.hl7.org/CodeSystem/observation-category";
const COND = "http://terminology.hl7.org/CodeSystem/condition-category";

describe("explainScope: consent-screen titles", () => {
  it.each([
    ["patient/Observation.rs", "Read and search your observations"],
    ["patient/Patient.r", "Read your patient record (demographics)"],
    ["patient/Observation.c", "Create your observations"],
    ["patient/*.rs", "Read and search all your data"],
    ["patient/*.cruds", "Create, read, update, delete and search all your data"],
    ["user/Observation.rs", "Read and search observations that you can access"],
    ["user/Appointment.cruds", "Create, read, update, delete and search appointments that you can access"],
    ["user/*.cruds", "Create, read, update, delete and search all data that you can access"],
    ["user/Patient.rs", "Read and search patient records that you can access"],
    ["system/Observation.rs", "Read and search all observations on the server"],
    ["system/*.rs", "Read and search all data on the server"],
    ["system/Encounter.cud", "Create, update and delete all encounters on the server"],
    ["patient/AllergyIntolerance.rs", "Read and search your allergies and intolerances"],
    ["user/MedicationRequest.rs", "Read and search medication requests that you can access"],
    ["patient/*.read", "Read and search all your data"],
    ["user/*.write", "Create, update and delete all data that you can access"],
  ])("%s → %s", (scope, title) => {
    expect(explainScope(scope).title).toBe(title);
  });

  it.each([
    [
      `patient/Observation.rs?category=${OBS}|laboratory`,
      "Read and search your observations — laboratory results only",
    ],
    [`patient/Observation.rs?category=${OBS}|vital-signs`, "Read and search your observations — vital signs only"],
    ["user/Observation.r?category=laboratory", "Read observations that you can access — laboratory results only"],
    [`patient/Condition.rs?category=${COND}|health-concern`, "Read and search your conditions — health concerns only"],
    [
      `patient/Condition.rs?category=${COND}|problem-list-item,${COND}|encounter-diagnosis`,
      "Read and search your conditions — problem list items or encounter diagnoses only",
    ],
    [
      "user/Observation.rs?code=http://loinc.org|4548-4&status=final",
      "Read and search observations that you can access — code 4548-4 (http://loinc.org), status final only",
    ],
    [
      "user/Observation.rs?encounter=Encounter/456",
      "Read and search observations that you can access — encounter Encounter/456 only",
    ],
    [
      `user/Observation.rs?category=${OBS}|`,
      `Read and search observations that you can access — any category from ${OBS} only`,
    ],
  ])("%s → %s", (scope, title) => {
    expect(explainScope(scope).title).toBe(title);
  });

  it.each([
    ["laboratory", "laboratory results"],
    ["vital-signs", "vital signs"],
    ["social-history", "social history"],
    ["survey", "survey answers"],
    ["exam", "exam findings"],
    ["imaging", "imaging results"],
    ["procedure", "procedure results"],
    ["therapy", "therapy observations"],
    ["activity", "activity observations"],
  ])("names the observation category %s", (code, phrase) => {
    expect(explainScope(`patient/Observation.rs?category=${OBS}|${code}`).title).toContain(`— ${phrase} only`);
  });

  it.each([
    ["openid", "Confirm your identity"],
    ["fhirUser", "Know who you are"],
    ["profile", "basic profile"],
    ["launch", "EHR session"],
    ["launch/patient", "which patient"],
    ["launch/encounter", "which encounter"],
    ["launch/imagingstudy", "Receive the imaging study selected at launch"],
    ["launch/list?role=https://example.org/med-list-at-home", "Receive the list selected at launch"],
    ["launch/list?role=https://example.org/med-list-at-home", "in the role https://example.org/med-list-at-home"],
    ["offline_access", "after you sign out"],
    ["online_access", "while you stay signed in"],
    ["__profilePhoto.manage", "Custom permission"],
    ["banana", "Unrecognised"],
  ])("explains %s", (scope, fragment) => {
    expect(explainScope(scope).title).toContain(fragment);
  });
});

describe("explainScope: translations and notes", () => {
  it.each([
    ["patient/*.read", "patient/*.rs", "patient/*.read", "v1 patient/*.read = v2 patient/*.rs"],
    ["user/*.write", "user/*.cud", "user/*.write", "v1 user/*.write = v2 user/*.cud"],
    [
      "user/Observation.*",
      "user/Observation.cruds",
      "user/Observation.*",
      "v1 user/Observation.* = v2 user/Observation.cruds",
    ],
    ["patient/*.rs", "patient/*.rs", "patient/*.read", "v2 patient/*.rs = v1 patient/*.read"],
    [
      "system/Encounter.cud",
      "system/Encounter.cud",
      "system/Encounter.write",
      "v2 system/Encounter.cud = v1 system/Encounter.write",
    ],
  ])("%s: v2 %s, v1 %s", (scope, v2, v1, translation) => {
    const e = explainScope(scope);
    expect(e.v2).toBe(v2);
    expect(e.v1).toBe(v1);
    expect(e.translation).toBe(translation);
  });

  it("has no translation when v1 cannot express the scope", () => {
    const e = explainScope("patient/Observation.r");
    expect(e.v1).toBeNull();
    expect(e.translation).toBeNull();
  });

  it("says write does not imply read", () => {
    expect(explainScope("patient/Observation.c").details.join(" ")).toContain(
      "Write access does not imply read access",
    );
    expect(explainScope("patient/Observation.cr").details.join(" ")).not.toContain("does not imply");
  });

  it("warns that a wildcard includes future data", () => {
    expect(explainScope("patient/*.cruds").details.join(" ")).toContain("types the server may add in the future");
  });

  it("says what limits each access level", () => {
    expect(explainScope("patient/Observation.rs").details.join(" ")).toContain("settled at launch");
    expect(explainScope("user/Observation.rs").details.join(" ")).toContain("what you yourself may see");
    expect(explainScope("system/Observation.rs").details.join(" ")).toContain("No user is involved");
  });

  it("flags an invalid scope with its error", () => {
    const e = explainScope("Patient/Observation.rs");
    expect(e.valid).toBe(false);
    expect(e.details[0]).toContain("not valid");
    expect(e.title).toBe("Read and search your observations");
  });

  it("accepts a parsed scope and links to the IG", () => {
    const scope = parseScope("user/Observation.rs");
    if (!scope) throw new Error("no scope");
    const e = explainScope(scope);
    expect(e.scope).toBe("user/Observation.rs");
    expect(e.specUrl).toBe(
      "https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#user-level-scopes",
    );
  });

  it("handles an empty string", () => {
    expect(explainScope("  ")).toMatchObject({ title: "No scope", valid: false });
  });
});

describe("resourceTypeNoun", () => {
  it.each([
    ["Observation", "observations"],
    ["FamilyMemberHistory", "family member histories"],
    ["ImagingStudy", "imaging studies"],
    ["RiskEvidenceSynthesis", "risk evidence syntheses"],
    ["Library", "libraries"],
    ["Coverage", "coverages"],
    ["Media", "media"],
    ["Binary", "files"],
  ])("%s → %s", (type, noun) => {
    expect(resourceTypeNoun(type)).toBe(noun);
  });
});

describe("explaining an unknown resource type", () => {
  it("names the type as written instead of pluralising it into a near-real word", () => {
    const explanation = explainScope("patient/Observations.rs");
    expect(explanation.title).not.toMatch(/observationses/i);
    expect(explanation.title).toContain('"Observations" records (not a FHIR R4 resource type)');
  });
});
