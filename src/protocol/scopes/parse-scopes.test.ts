import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ParseScopesOptions, parseScope, parseScopes } from "./parse-scopes.ts";
import type { ClinicalScope, LaunchScope, ParsedScopeList } from "./parsed-scope.ts";
import { applyScopeFix } from "./scope-diagnostic.ts";

function clinical(text: string): ClinicalScope {
  const scope = parseScope(text);
  if (scope?.kind !== "clinical") throw new Error(`${text} did not parse as a clinical scope`);
  return scope;
}

describe("parseScopes: clinical scopes", () => {
  it("parses a v2 scope into its parts", () => {
    const scope = clinical("patient/Observation.rs");
    expect(scope).toMatchObject({
      kind: "clinical",
      version: 2,
      context: "patient",
      contextAsWritten: "patient",
      resourceType: "Observation",
      permissions: { c: false, r: true, u: false, d: false, s: true },
      permissionsAsWritten: "rs",
      query: [],
      filters: [],
      normalized: "patient/Observation.rs",
      v1: "patient/Observation.read",
      valid: true,
      diagnostics: [],
      range: { start: 0, end: 22 },
    });
  });

  it.each([
    ["patient/*.read", "patient/*.rs", "patient/*.read"],
    ["user/*.write", "user/*.cud", "user/*.write"],
    ["system/Observation.*", "system/Observation.cruds", "system/Observation.*"],
  ])("expands v1 %s to v2 %s", (text, v2, v1) => {
    const scope = clinical(text);
    expect(scope.version).toBe(1);
    expect(scope.normalized).toBe(v2);
    expect(scope.v1).toBe(v1);
  });

  it("has no v1 form for letters v1 cannot say", () => {
    expect(clinical("patient/Observation.r").v1).toBeNull();
    expect(clinical("patient/Observation.c").v1).toBeNull();
    expect(clinical("patient/Observation.cruds").v1).toBe("patient/Observation.*");
  });

  it("keeps granular query parameters in order, decoded, with their token parts", () => {
    const scope = clinical(
      "user/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory&code=http%3A%2F%2Floinc.org%7C4548-4,|x,sys|",
    );
    expect(scope.query).toEqual([
      ["category", "http://terminology.hl7.org/CodeSystem/observation-category|laboratory"],
      ["code", "http://loinc.org|4548-4,|x,sys|"],
    ]);
    expect(scope.filters[1]?.alternatives).toEqual([
      { raw: "http://loinc.org|4548-4", system: "http://loinc.org", code: "4548-4" },
      { raw: "|x", system: "", code: "x" },
      { raw: "sys|", system: "sys", code: null },
    ]);
    expect(scope.normalized).toBe(
      "user/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory&code=http://loinc.org|4548-4,|x,sys|",
    );
    expect(scope.v1).toBeNull();
  });

  it("splits modifiers and chains off the parameter name", () => {
    const [modified, chained] = clinical("user/Observation.rs?code:in=http://vs&patient.birthdate=1990").filters;
    expect(modified).toMatchObject({ name: "code:in", base: "code", modifier: "in", chain: null });
    expect(chained).toMatchObject({ name: "patient.birthdate", base: "patient", modifier: null, chain: "birthdate" });
  });

  it("normalises a capitalised context but marks the scope invalid", () => {
    const scope = clinical("Patient/Observation.rs");
    expect(scope.context).toBe("patient");
    expect(scope.contextAsWritten).toBe("Patient");
    expect(scope.normalized).toBe("patient/Observation.rs");
    expect(scope.valid).toBe(false);
  });

  it("does not read .read as .rd (the IG's warning about other conventions)", () => {
    expect(clinical("patient/Observation.read").permissions).toEqual({
      c: false,
      r: true,
      u: false,
      d: false,
      s: true,
    });
  });
});

describe("parseScopes: other scopes", () => {
  it.each([
    ["openid", "openid"],
    ["fhirUser", "fhirUser"],
    ["profile", "profile"],
    ["offline_access", "offline_access"],
    ["online_access", "online_access"],
    ["__profilePhoto.manage", "extension"],
    ["https://ehr.example.org/scopes/profilePhoto.manage", "extension"],
    ["urn:example:scope", "extension"],
    ["banana", "unknown"],
    ["FHIRUSER", "unknown"],
  ])("%s is %s", (text, kind) => {
    expect(parseScope(text)?.kind).toBe(kind);
  });

  it.each([
    ["launch", null, null],
    ["launch/patient", "patient", null],
    ["launch/encounter", "encounter", null],
    ["launch/diagnosticreport", "diagnosticreport", null],
    ["launch/relatedperson?role=friend", "relatedperson", "friend"],
    ["launch/list?role=https://example.org/med-list-at-home", "list", "https://example.org/med-list-at-home"],
  ])("%s asks for context %s (role %s)", (text, launchContext, role) => {
    const scope = parseScope(text) as LaunchScope;
    expect(scope).toMatchObject({ kind: "launch", launchContext, role, valid: true, diagnostics: [] });
    expect(scope.normalized).toBe(text);
  });

  it("normalises a capitalised launch context", () => {
    expect(parseScope("launch/Patient")?.normalized).toBe("launch/patient");
  });

  it("is safe with names that exist on Object.prototype", () => {
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      expect(() => parseScopes(`${name} user/${name}.rs launch/${name}`)).not.toThrow();
    }
    expect(parseScope("constructor")?.kind).toBe("unknown");
    expect(clinical("user/constructor.rs").valid).toBe(false);
  });
});

describe("parseScopes: the list", () => {
  it("keeps every scope with its source range, across any whitespace", () => {
    const text = "  openid\tfhirUser\n launch/patient   patient/*.rs ";
    const list = parseScopes(text);
    expect(list.scopes.map((s) => [s.text, text.slice(s.range.start, s.range.end)])).toEqual([
      ["openid", "openid"],
      ["fhirUser", "fhirUser"],
      ["launch/patient", "launch/patient"],
      ["patient/*.rs", "patient/*.rs"],
    ]);
    expect(list.clinical.map((s) => s.text)).toEqual(["patient/*.rs"]);
  });

  it("reports which clinical syntax the request uses", () => {
    expect(parseScopes("patient/*.read launch").clinicalVersion).toBe("v1");
    expect(parseScopes("patient/*.rs launch").clinicalVersion).toBe("v2");
    expect(parseScopes("patient/*.read user/*.rs").clinicalVersion).toBe("mixed");
    expect(parseScopes("openid").clinicalVersion).toBeNull();
  });

  it("parses the empty string to an empty list", () => {
    expect(parseScopes("")).toEqual({ text: "", scopes: [], clinical: [], diagnostics: [], clinicalVersion: null });
    expect(parseScope("   ")).toBeNull();
  });

  it("tolerates a non-string at runtime (JavaScript callers)", () => {
    expect(parseScopes(undefined as unknown as string).scopes).toEqual([]);
  });

  it("parseScope keeps only the scope's own diagnostics", () => {
    expect(parseScope("patient/*.read")?.diagnostics).toEqual([]);
    expect(parseScopes("patient/*.read").diagnostics.map((d) => d.code)).toEqual([
      "v1-scope",
      "patient-scope-without-launch",
    ]);
  });

  it("stays JSON-serialisable for trace events", () => {
    const list = parseScopes("launch/patient patient/Observation.rs?category=laboratory Patient/x.sr");
    expect(JSON.parse(JSON.stringify(list))).toEqual(list);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property tests: parsing never throws, ranges stay inside the text, and fixes do what they say.

function checkInvariants(text: string, list: ParsedScopeList): void {
  expect(list.text).toBe(text);
  let previousEnd = 0;
  list.scopes.forEach((scope, index) => {
    expect(scope.range.start).toBeGreaterThanOrEqual(previousEnd);
    expect(scope.range.end).toBeLessThanOrEqual(text.length);
    expect(scope.range.end).toBeGreaterThan(scope.range.start);
    expect(text.slice(scope.range.start, scope.range.end)).toBe(scope.text);
    expect(/\s/.test(scope.text)).toBe(false);
    expect(typeof scope.normalized).toBe("string");
    expect(scope.valid).toBe(!scope.diagnostics.some((d) => d.severity === "error"));
    previousEnd = scope.range.end;
    for (const d of scope.diagnostics) {
      expect(d.scopeIndex).toBe(index);
      expect(d.range.start).toBeGreaterThanOrEqual(scope.range.start);
      expect(d.range.end).toBeLessThanOrEqual(scope.range.end);
      expect(d.range.end).toBeGreaterThanOrEqual(d.range.start);
    }
  });
  expect(list.diagnostics).toEqual(list.scopes.flatMap((s) => s.diagnostics));
}

const contextArb = fc.constantFrom(
  "patient",
  "user",
  "system",
  "Patient",
  "USER",
  "patinet",
  "sytem",
  "practitioner",
  "",
);
const typeArb = fc.constantFrom(
  "Observation",
  "Observations",
  "observation",
  "*",
  "Condition",
  "Patient",
  "MedicationRequest",
  "AllergyIntollerance",
  "Encounter",
  "Zzz",
  "",
);
const permissionArb = fc.oneof(
  fc.constantFrom("read", "write", "*", "Read", "reads", "wrte", "rs", "cruds", "sr", "dus", "rrs", "RS", "c", "cud"),
  fc.stringMatching(/^[crudsxR*]{0,6}$/),
);
const queryPartArb = fc.constantFrom(
  "category=laboratory",
  "category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs",
  "category=problem-list-item,encounter-diagnosis",
  "code:in=http://valueset.example.org/ValueSet/diabetes-codes",
  "encounter.id=Encounter/456",
  "encounter=Encounter/1",
  "patient.birthdate=1990",
  "performer=Practitioner/1",
  "status=final",
  "code=%E0%A4%A",
  "_filter=x",
  "category",
  "=x",
  "status=",
  "",
);
const queryArb = fc.option(
  fc.array(queryPartArb, { maxLength: 3 }).map((parts) => `?${parts.join("&")}`),
  { nil: "" },
);
const clinicalArb = fc
  .tuple(contextArb, fc.constantFrom("/", "/", ""), typeArb, fc.constantFrom(".", ".", ""), permissionArb, queryArb)
  .map((parts) => parts.join(""));
const otherArb = fc.constantFrom(
  "launch",
  "launch/patient",
  "launch/Patient",
  "Launch/encounter",
  "launch/pateint",
  "launch/",
  "launch/list?role=x",
  "launch/list?role=a&role=b",
  "launch/list?",
  "openid",
  "fhirUser",
  "fhiruser",
  "profile",
  "offline_access",
  "online_access",
  "offline-access",
  "lauch",
  "__x",
  "https://a.example/scope",
  "http://smarthealthit.org/fhir/scopes/patient/*.r",
  "banana",
);
const separatorArb = fc.constantFrom(" ", "  ", "\t", "\n", " \u00a0 ");
const almostValidListArb = fc
  .tuple(fc.array(fc.oneof(clinicalArb, otherArb), { maxLength: 6 }), separatorArb)
  .map(([scopes, separator]) => scopes.join(separator));
const optionsArb: fc.Arbitrary<ParseScopesOptions> = fc.constantFrom(
  {},
  { launch: "user-facing" as const },
  { launch: "backend" as const },
);
const scopeishStringArb = fc.string({
  unit: fc.constantFrom(..."patientuserysm/.*?=&|%:_-,#PORcrudsx \t\u00a0é😀".split("")),
  maxLength: 60,
});

// Generous timeouts: the machine is shared, and a property run must not flake because a build is running beside it.
const PROPERTY_TIMEOUT_MS = 60_000;

describe("parseScopes: properties", () => {
  it(
    "never throws on arbitrary strings and keeps ranges inside the text",
    () => {
      fc.assert(
        fc.property(
          fc.oneof(fc.string(), fc.string({ unit: "binary" }), scopeishStringArb),
          optionsArb,
          (text, opts) => {
            checkInvariants(text, parseScopes(text, opts));
          },
        ),
        { numRuns: 1500 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "never throws on almost-valid scopes and keeps ranges inside the text",
    () => {
      fc.assert(
        fc.property(almostValidListArb, optionsArb, (text, opts) => {
          checkInvariants(text, parseScopes(text, opts));
        }),
        { numRuns: 1500 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "applying any offered fix removes an instance of that diagnostic",
    () => {
      fc.assert(
        fc.property(almostValidListArb, optionsArb, (text, opts) => {
          const list = parseScopes(text, opts);
          for (const d of list.diagnostics) {
            if (!d.fix) continue;
            const fixed = applyScopeFix(text, d);
            const before = list.diagnostics.filter((x) => x.code === d.code).length;
            const after = parseScopes(fixed, opts).diagnostics.filter((x) => x.code === d.code).length;
            expect(after, `${d.code} in ${JSON.stringify(text)} → ${JSON.stringify(fixed)}`).toBeLessThan(before);
          }
        }),
        { numRuns: 800 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "normalising a valid scope is idempotent and keeps its meaning",
    () => {
      fc.assert(
        fc.property(clinicalArb, (text) => {
          const scope = parseScope(text);
          if (scope?.kind !== "clinical" || !scope.valid) return;
          const again = parseScope(scope.normalized);
          expect(again?.kind).toBe("clinical");
          if (again?.kind !== "clinical") return;
          expect(again.normalized).toBe(scope.normalized);
          expect(again.permissions).toEqual(scope.permissions);
          expect(again.query).toEqual(scope.query);
        }),
        { numRuns: 800 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
