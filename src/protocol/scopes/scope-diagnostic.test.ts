import { describe, expect, it } from "vitest";
import { type ParseScopesOptions, parseScopes } from "./parse-scopes.ts";
import {
  applyScopeFix,
  SCOPE_DIAGNOSTIC_CODES,
  SCOPE_DIAGNOSTIC_RULES,
  type ScopeDiagnosticCode,
} from "./scope-diagnostic.ts";

interface Case {
  code: ScopeDiagnosticCode;
  text: string;
  /** The text the diagnostic's range covers. */
  target: string;
  /** The whole text after applying the fix; null when no fix must be offered. */
  fixed: string | null;
  options?: ParseScopesOptions;
  /** A fragment the message must contain. */
  says?: string;
}

const LAB = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory";

const CASES: Case[] = [
  {
    code: "context-capitalized",
    text: "Patient/Observation.rs launch/patient",
    target: "Patient",
    fixed: "patient/Observation.rs launch/patient",
    says: 'lowercase "patient/"',
  },
  {
    code: "context-capitalized",
    text: "USER/Observation.rs",
    target: "USER",
    fixed: "user/Observation.rs",
  },
  {
    code: "unknown-context",
    text: "patinet/Observation.rs launch/patient",
    target: "patinet",
    fixed: "patient/Observation.rs launch/patient",
    says: 'Did you mean "patient/"',
  },
  { code: "unknown-context", text: "practitioner/Observation.rs", target: "practitioner", fixed: null },
  {
    code: "unknown-resource-type",
    text: "patient/Observations.rs launch/patient",
    target: "Observations",
    fixed: "patient/Observation.rs launch/patient",
    says: 'Did you mean "Observation"',
  },
  { code: "unknown-resource-type", text: "user/observation.rs", target: "observation", fixed: "user/Observation.rs" },
  {
    code: "unknown-resource-type",
    text: "user/AllergyIntollerance.rs",
    target: "AllergyIntollerance",
    fixed: "user/AllergyIntolerance.rs",
  },
  { code: "unknown-resource-type", text: "user/Zzz.rs", target: "Zzz", fixed: null },
  { code: "unknown-resource-type", text: "user/.rs", target: "/", fixed: null },
  {
    code: "missing-permissions",
    text: "user/Observation",
    target: "Observation",
    fixed: "user/Observation.rs",
    says: "has no permissions",
  },
  { code: "missing-permissions", text: "user/Observation.", target: ".", fixed: "user/Observation.rs" },
  { code: "unknown-permission", text: "user/Observation.rsx", target: "rsx", fixed: null, says: '"x"' },
  { code: "unknown-permission", text: "user/Observation.RS", target: "RS", fixed: "user/Observation.rs" },
  { code: "unknown-permission", text: "user/Observation.Read", target: "Read", fixed: "user/Observation.read" },
  { code: "unknown-permission", text: "user/Observation.reads", target: "reads", fixed: "user/Observation.read" },
  { code: "unknown-permission", text: "user/Observation.wrte", target: "wrte", fixed: "user/Observation.write" },
  { code: "repeated-permission", text: "user/Observation.rrs", target: "rrs", fixed: "user/Observation.rs" },
  {
    code: "permissions-out-of-order",
    text: "user/Observation.sr",
    target: "sr",
    fixed: "user/Observation.rs",
    says: 'write ".rs"',
  },
  // The IG's own example of an undefined request: ".dus" (servers may ignore, replace or reject it).
  { code: "permissions-out-of-order", text: "user/Observation.dus", target: "dus", fixed: "user/Observation.uds" },
  {
    code: "v1-with-query",
    text: "user/Observation.read?category=laboratory",
    target: "read",
    fixed: "user/Observation.rs?category=laboratory",
  },
  { code: "malformed-query", text: "user/Observation.rs?", target: "?", fixed: "user/Observation.rs" },
  {
    code: "malformed-query",
    text: "user/Observation.rs?status=final&",
    target: "&",
    fixed: "user/Observation.rs?status=final",
  },
  {
    code: "malformed-query",
    text: "user/Observation.rs?status=final&&code=1",
    target: "&",
    fixed: "user/Observation.rs?status=final&code=1",
  },
  { code: "malformed-query", text: "user/Observation.rs?category", target: "category", fixed: null, says: 'no "="' },
  { code: "malformed-query", text: "user/Observation.rs?category=", target: "category=", fixed: null },
  { code: "malformed-query", text: "user/Observation.rs?=laboratory", target: "=laboratory", fixed: null },
  { code: "malformed-query", text: "user/Observation.rs?code=%E0%A4%A", target: "code=%E0%A4%A", fixed: null },
  {
    code: "unsupported-granular-param",
    text: "user/Observation.rs?encounter.id=Encounter/456",
    target: "encounter.id=Encounter/456",
    fixed: "user/Observation.rs?encounter=Encounter/456",
    says: "encounter=Encounter/456",
  },
  {
    code: "unsupported-granular-param",
    text: "user/Observation.rs?code:in=http://valueset.example.org/ValueSet/diabetes-codes",
    target: "code:in=http://valueset.example.org/ValueSet/diabetes-codes",
    fixed: null,
    says: "experimental",
  },
  {
    code: "unsupported-granular-param",
    text: "user/Observation.rs?patient.birthdate=1990",
    target: "patient.birthdate=1990",
    fixed: null,
    says: "experimental",
  },
  {
    code: "unsupported-granular-param",
    text: "user/Observation.rs?performer=Practitioner/1",
    target: "performer=Practitioner/1",
    fixed: null,
    says: "supported: category, code, status, encounter",
  },
  { code: "unsupported-granular-param", text: "user/*.rs?category=x", target: "category=x", fixed: null },
  { code: "unsupported-granular-param", text: "user/Observation.rs?_filter=x", target: "_filter=x", fixed: null },
  {
    code: "granular-value-without-system",
    text: "user/Observation.r?category=laboratory",
    target: "laboratory",
    fixed: `user/Observation.r?category=${LAB}`,
  },
  {
    code: "granular-value-without-system",
    text: "user/Condition.rs?category=problem-list-item,x",
    target: "problem-list-item,x",
    fixed: "user/Condition.rs?category=http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item,x",
  },
  { code: "launch-scope-not-lowercase", text: "launch/Patient", target: "Patient", fixed: "launch/patient" },
  { code: "launch-scope-not-lowercase", text: "Launch/patient", target: "Launch", fixed: "launch/patient" },
  {
    code: "launch-scope-not-lowercase",
    text: "launch/DiagnosticReport",
    target: "DiagnosticReport",
    fixed: "launch/diagnosticreport",
  },
  { code: "unknown-launch-context", text: "launch/pateint", target: "pateint", fixed: "launch/patient" },
  { code: "unknown-launch-context", text: "launch/zzz", target: "zzz", fixed: null },
  { code: "unknown-launch-context", text: "launch/", target: "/", fixed: null },
  {
    code: "invalid-launch-query",
    text: "launch/relatedperson?role=friend&role=neighbor",
    target: "?role=friend&role=neighbor",
    fixed: null,
    says: "several scopes",
  },
  { code: "invalid-launch-query", text: "launch/list?", target: "?", fixed: "launch/list" },
  { code: "invalid-launch-query", text: "launch/list?x=1", target: "?x=1", fixed: null },
  { code: "unknown-scope", text: "openid fhiruser", target: "fhiruser", fixed: "openid fhirUser" },
  { code: "unknown-scope", text: "offline-access", target: "offline-access", fixed: "offline_access" },
  { code: "unknown-scope", text: "lauch/patient", target: "lauch/patient", fixed: "launch/patient" },
  { code: "unknown-scope", text: "banana", target: "banana", fixed: null, says: "kept" },
  { code: "extension-scope", text: "__profilePhoto.manage", target: "__profilePhoto.manage", fixed: null },
  {
    code: "extension-scope",
    text: "https://ehr.example.org/scopes/profilePhoto.manage",
    target: "https://ehr.example.org/scopes/profilePhoto.manage",
    fixed: null,
  },
  {
    code: "scope-uri-form",
    text: "http://smarthealthit.org/fhir/scopes/patient/*.r launch/patient",
    target: "http://smarthealthit.org/fhir/scopes/patient/*.r",
    fixed: "patient/*.r launch/patient",
  },
  {
    code: "scope-uri-form",
    text: "http://openid.net/specs/openid-connect-core-1_0#openid",
    target: "http://openid.net/specs/openid-connect-core-1_0#openid",
    fixed: "openid",
  },
  { code: "profile-scope", text: "openid profile", target: "profile", fixed: "openid fhirUser" },
  { code: "profile-scope", text: "openid fhirUser profile", target: "profile", fixed: null },
  {
    code: "v1-scope",
    text: "patient/*.read launch/patient",
    target: "patient/*.read",
    fixed: "patient/*.rs launch/patient",
    says: '"patient/*.rs"',
  },
  { code: "v1-scope", text: "user/*.*", target: "user/*.*", fixed: "user/*.cruds" },
  {
    code: "mixed-scope-versions",
    text: "patient/Observation.read patient/Condition.rs launch/patient",
    target: "patient/Observation.read",
    fixed: "patient/Observation.rs patient/Condition.rs launch/patient",
  },
  {
    code: "duplicate-scope",
    text: "patient/Observation.rs patient/Observation.rs launch/patient",
    target: "patient/Observation.rs",
    fixed: "patient/Observation.rs  launch/patient",
  },
  {
    code: "duplicate-scope",
    text: "user/Observation.read user/Observation.rs",
    target: "user/Observation.rs",
    fixed: "user/Observation.read ",
    says: "both mean user/Observation.rs",
  },
  {
    code: "subsumed-scope",
    text: "patient/Observation.r patient/*.rs launch/patient",
    target: "patient/Observation.r",
    fixed: " patient/*.rs launch/patient",
    says: 'covered by "patient/*.rs"',
  },
  {
    code: "subsumed-scope",
    text: `user/Observation.rs?category=${LAB} user/Observation.rs`,
    target: `user/Observation.rs?category=${LAB}`,
    fixed: " user/Observation.rs",
  },
  {
    code: "patient-scope-without-launch",
    text: "patient/Observation.rs",
    target: "patient/Observation.rs",
    fixed: "patient/Observation.rs launch/patient",
    says: "needs a patient in context",
  },
  {
    code: "offline-and-online-access",
    text: "offline_access online_access",
    target: "online_access",
    fixed: "offline_access ",
  },
  {
    code: "system-scope-in-user-facing-launch",
    text: "system/Observation.rs",
    target: "system",
    fixed: "user/Observation.rs",
    options: { launch: "user-facing" },
  },
  {
    code: "not-for-backend-services",
    text: "patient/Observation.rs",
    target: "patient",
    fixed: "system/Observation.rs",
    options: { launch: "backend" },
  },
  {
    code: "not-for-backend-services",
    text: "system/*.rs launch",
    target: "launch",
    fixed: "system/*.rs ",
    options: { launch: "backend" },
  },
  {
    code: "write-without-read",
    text: "patient/Observation.c launch/patient",
    target: "patient/Observation.c",
    fixed: null,
    says: "write access does not imply read access",
  },
  { code: "write-without-read", text: "user/*.write", target: "user/*.write", fixed: null },
  { code: "fhiruser-without-openid", text: "fhirUser", target: "fhirUser", fixed: "openid fhirUser" },
];

describe("diagnostics, one by one", () => {
  it("covers every exported diagnostic code", () => {
    expect(new Set(CASES.map((c) => c.code))).toEqual(new Set(SCOPE_DIAGNOSTIC_CODES));
  });

  it("has a rule with an IG 2.2 link for every code", () => {
    for (const code of SCOPE_DIAGNOSTIC_CODES) {
      expect(SCOPE_DIAGNOSTIC_RULES[code].specUrl).toMatch(
        /^https:\/\/hl7\.org\/fhir\/smart-app-launch\/STU2\.2\/scopes-and-launch-context\.html#[a-z0-9-_]+$/,
      );
    }
  });

  it.each(CASES)("$code: $text", (c) => {
    const diagnostics = parseScopes(c.text, c.options).diagnostics;
    const found = diagnostics.find((d) => d.code === c.code && c.text.slice(d.range.start, d.range.end) === c.target);
    expect(found, JSON.stringify(diagnostics, null, 2)).toBeDefined();
    if (!found) return;
    expect(found.severity).toBe(SCOPE_DIAGNOSTIC_RULES[c.code].severity);
    expect(found.specUrl).toBe(SCOPE_DIAGNOSTIC_RULES[c.code].specUrl);
    expect(found.message.length).toBeGreaterThan(10);
    if (c.says) expect(found.message).toContain(c.says);
    if (c.fixed === null) {
      expect(found.fix).toBeUndefined();
      return;
    }
    expect(found.fix?.title).toBeTruthy();
    const fixed = applyScopeFix(c.text, found);
    expect(fixed).toBe(c.fixed);
    const before = diagnostics.filter((d) => d.code === c.code).length;
    const after = parseScopes(fixed, c.options).diagnostics.filter((d) => d.code === c.code).length;
    expect(after).toBeLessThan(before);
  });
});

describe("no false alarms", () => {
  it.each([
    "launch/patient patient/*.rs",
    "openid fhirUser launch/patient patient/Observation.rs offline_access",
    "launch patient/Observation.rs patient/Condition.rs",
    `launch/patient patient/Observation.rs?category=${LAB}`,
    "user/Appointment.cruds user/Patient.rs openid fhirUser online_access",
    "launch/encounter launch/list?role=https://example.org/med-list-at-home launch/imagingstudy",
  ])("%s has no diagnostics", (text) => {
    expect(parseScopes(text, { launch: "user-facing" }).diagnostics).toEqual([]);
  });

  it("system/*.rs is fine for a backend service", () => {
    expect(parseScopes("system/*.rs system/Encounter.cud", { launch: "backend" }).diagnostics).toEqual([]);
  });

  it("launch (EHR launch) satisfies patient scopes", () => {
    expect(parseScopes("launch patient/*.rs").diagnostics.map((d) => d.code)).toEqual([]);
  });

  it("write with read elsewhere is not write-without-read", () => {
    const codes = parseScopes("launch/patient patient/Observation.c patient/*.rs").diagnostics.map((d) => d.code);
    expect(codes).not.toContain("write-without-read");
  });

  it("equivalent scopes written differently flag only the later one", () => {
    const text = "user/Observation.rs?status=final&code=1 user/Observation.rs?code=1&status=final";
    const subsumed = parseScopes(text).diagnostics.filter((d) => d.code === "subsumed-scope");
    expect(subsumed).toHaveLength(1);
    expect(subsumed[0]?.scopeIndex).toBe(1);
  });

  it("skips system/ checks when the launch kind is unknown", () => {
    expect(parseScopes("system/*.rs").diagnostics).toEqual([]);
  });

  it("accepts server-specific granular parameters", () => {
    const codes = parseScopes("user/Observation.rs?performer=Practitioner/1", {
      granularParams: { Observation: ["performer"] },
    }).diagnostics.map((d) => d.code);
    expect(codes).toEqual([]);
  });

  it("sorts diagnostics by position and links them to their scope", () => {
    const text = "Patient/Observations.sr launch/patient fhirUser";
    const diagnostics = parseScopes(text).diagnostics;
    expect(diagnostics.map((d) => d.code)).toEqual([
      "context-capitalized",
      "unknown-resource-type",
      "permissions-out-of-order",
      "fhiruser-without-openid",
    ]);
    expect(diagnostics.map((d) => d.scopeIndex)).toEqual([0, 0, 0, 2]);
    // The three fixes touch separate ranges, so an editor can apply them one after another.
    let fixed = text;
    for (const d of [...diagnostics].reverse()) fixed = applyScopeFix(fixed, d);
    expect(fixed).toBe("patient/Observation.rs launch/patient openid fhirUser");
    expect(parseScopes(fixed).diagnostics).toEqual([]);
  });

  it("names the subsuming scope in related", () => {
    const [d] = parseScopes("launch/patient patient/Observation.r patient/*.rs").diagnostics.filter(
      (x) => x.code === "subsumed-scope",
    );
    expect(d?.related?.scope).toBe("patient/*.rs");
    expect(d?.related?.range).toEqual({ start: 37, end: 49 });
  });
});
