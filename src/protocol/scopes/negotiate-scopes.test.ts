import { describe, expect, it } from "vitest";
import { isScopeSubsumedBy } from "./is-scope-subsumed-by.ts";
import { negotiateScopes } from "./negotiate-scopes.ts";
import { parseScopes } from "./parse-scopes.ts";

const LAB = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory";

describe("isScopeSubsumedBy", () => {
  it.each([
    ["patient/Observation.r", "patient/*.rs", true],
    ["patient/Observation.rs", "patient/Observation.rs", true],
    ["patient/Observation.rs", "patient/Observation.r", false],
    ["patient/Observation.rs", "patient/*.read", true],
    ["patient/*.read", "patient/*.rs", true],
    ["patient/*.rs", "patient/Observation.rs", false],
    ["patient/Observation.rs", "user/Observation.rs", false],
    ["user/Observation.rs", "system/*.cruds", false],
    [`patient/Observation.rs?category=${LAB}`, "patient/Observation.rs", true],
    ["patient/Observation.rs", `patient/Observation.rs?category=${LAB}`, false],
    [`patient/Observation.rs?category=${LAB}`, "patient/Observation.rs?category=laboratory", true],
    ["patient/Observation.rs?category=laboratory", `patient/Observation.rs?category=${LAB}`, false],
    [`patient/Observation.rs?category=${LAB}&status=final`, `patient/Observation.rs?category=${LAB}`, true],
    ["user/Observation.rs?category=laboratory", "user/Observation.rs?category=laboratory,vital-signs", true],
    ["user/Observation.rs?category=laboratory,vital-signs", "user/Observation.rs?category=laboratory", false],
    ["user/Observation.rs?encounter=Encounter/456", "user/Observation.rs?encounter=456", true],
    ["user/Observation.c", "user/*.write", true],
    ["user/Observation.rs", "user/*.write", false],
    ["launch/patient", "launch/patient", true],
    // Scopes are case-sensitive: "launch/Patient" is not a valid scope, so it grants nothing.
    ["launch/patient", "launch/Patient", false],
    ["launch/patient", "launch", false],
    ["openid", "openid", true],
    ["openid", "patient/*.rs", false],
    ["Patient/Observation.rs", "patient/*.rs", false],
    ["patient/Observation.rs", "Patient/*.rs", false],
  ])("%s ⊆ %s is %s", (a, b, expected) => {
    expect(isScopeSubsumedBy(a, b)).toBe(expected);
  });

  it("accepts parsed scopes", () => {
    const [a, b] = parseScopes("patient/Observation.r patient/*.rs").scopes;
    if (!a || !b) throw new Error("parse failed");
    expect(isScopeSubsumedBy(a, b)).toBe(true);
    expect(isScopeSubsumedBy(b, a)).toBe(false);
  });

  it("is false for empty input", () => {
    expect(isScopeSubsumedBy("", "patient/*.rs")).toBe(false);
  });
});

describe("negotiateScopes: the IG's wildcard scenarios for a request of patient/AllergyIntolerance.cruds", () => {
  // Each row of the IG's "Granted Scope" table, read as what the client is allowed to ask for.
  it.each([
    ["patient/AllergyIntolerance.cruds", "patient/AllergyIntolerance.cruds", false],
    [
      "patient/AllergyIntolerance.rs patient/AllergyIntolerance.cud",
      "patient/AllergyIntolerance.rs patient/AllergyIntolerance.cud",
      true,
    ],
    ["patient/AllergyIntolerance.rs", "patient/AllergyIntolerance.rs", true],
    ["patient/AllergyIntolerance.cud", "patient/AllergyIntolerance.cud", true],
    ["patient/*.rs", "patient/AllergyIntolerance.rs", true],
    ["patient/*.cruds", "patient/AllergyIntolerance.cruds", false],
    ["patient/Observation.rs", "", false],
    ["", "", false],
  ])("allowed %j grants %j", (allowed, granted, narrowed) => {
    const result = negotiateScopes("patient/AllergyIntolerance.cruds", allowed);
    expect(result.scope).toBe(granted);
    expect(result.granted.every((g) => g.narrowed === narrowed)).toBe(true);
    if (granted === "") {
      expect(result.dropped).toHaveLength(1);
      expect(result.dropped[0]?.code).toBe("not-allowed");
    }
  });

  it("does not downscope when told not to", () => {
    const result = negotiateScopes("patient/AllergyIntolerance.cruds", "patient/*.rs", { downscope: false });
    expect(result.scope).toBe("");
    expect(result.dropped[0]?.reason).toBe(
      "dropped: patient/AllergyIntolerance.cruds is not within the client's allowed scopes (patient/*.rs grants read and search only)",
    );
  });
});

describe("negotiateScopes: v1 requests are answered in v1 terms", () => {
  it("answers a granted v1 scope as written", () => {
    const result = negotiateScopes("launch/patient patient/*.read", "patient/*.rs launch/patient");
    expect(result.scope).toBe("launch/patient patient/*.read");
    expect(result.granted[1]?.reason).toBe("granted: patient/*.read is within allowed scope patient/*.rs");
  });

  it("narrows a v1 scope to v1 words when v1 can say it", () => {
    const result = negotiateScopes("user/*.*", "user/*.rs");
    expect(result.scope).toBe("user/*.read");
    expect(result.granted[0]?.reason).toBe(
      "narrowed: user/*.* asked for create, read, update, delete and search; allowed scope user/*.rs permits read and search, so user/*.read was granted",
    );
  });

  it("falls back to v2 letters when v1 cannot say the narrowed scope", () => {
    expect(negotiateScopes("user/Observation.*", "user/Observation.r").scope).toBe("user/Observation.r");
  });

  it("answers a v2 request in v2 terms even when the allowance is written in v1", () => {
    expect(negotiateScopes("patient/Observation.rs", "patient/*.read").scope).toBe("patient/Observation.rs");
    expect(negotiateScopes("patient/*.cruds", "patient/*.read").scope).toBe("patient/*.rs");
  });
});

describe("negotiateScopes: granular scopes", () => {
  it("keeps a granular request under a broader allowed scope", () => {
    const result = negotiateScopes(`patient/Observation.rs?category=${LAB}`, "patient/Observation.rs");
    expect(result.scope).toBe(`patient/Observation.rs?category=${LAB}`);
    expect(result.granted[0]?.narrowed).toBe(false);
    expect(result.granted[0]?.reason).toContain("a granular request within a broader allowed scope is kept as asked");
  });

  it("narrows a broad request to the granular scope the client is allowed", () => {
    const result = negotiateScopes("patient/Observation.rs", `patient/Observation.rs?category=${LAB}`);
    expect(result.scope).toBe(`patient/Observation.rs?category=${LAB}`);
    expect(result.granted[0]?.narrowed).toBe(true);
  });

  it("combines unrelated constraints with AND", () => {
    const result = negotiateScopes("user/Observation.rs?status=final", "user/Observation.r?category=laboratory");
    expect(result.scope).toBe("user/Observation.r?status=final&category=laboratory");
  });
});

describe("negotiateScopes: dropping", () => {
  it("drops what the client may not ask, with reasons", () => {
    const result = negotiateScopes(
      "openid fhirUser launch/patient patient/Observation.c Patient/Condition.rs patient/Observation.c offline_access",
      "openid launch/patient patient/*.rs",
    );
    expect(result.scope).toBe("openid launch/patient");
    expect(result.dropped.map((d) => [d.requested.text, d.code])).toEqual([
      ["fhirUser", "not-allowed"],
      ["patient/Observation.c", "not-allowed"],
      ["Patient/Condition.rs", "invalid"],
      ["patient/Observation.c", "duplicate"],
      ["offline_access", "not-allowed"],
    ]);
    expect(result.dropped[0]?.reason).toBe("dropped: fhirUser is not among the client's allowed scopes");
    expect(result.dropped[1]?.reason).toBe(
      "dropped: patient/Observation.c is not within the client's allowed scopes (patient/*.rs grants read and search only)",
    );
    expect(result.dropped[2]?.reason).toContain("not a valid scope");
  });

  it("never grants across access levels", () => {
    expect(negotiateScopes("user/Observation.rs", "patient/*.cruds").scope).toBe("");
    expect(negotiateScopes("system/*.rs", "user/*.cruds").scope).toBe("");
  });

  it("accepts pre-parsed lists", () => {
    const result = negotiateScopes(parseScopes("patient/*.rs"), parseScopes("patient/*.cruds"));
    expect(result.scope).toBe("patient/*.rs");
    expect(result.requested.scopes).toHaveLength(1);
  });
});

describe("an invalid scope before its valid spelling", () => {
  it("does not make the valid one count as a duplicate", () => {
    const result = negotiateScopes("Patient/*.read patient/*.rs", "patient/*.cruds");
    expect(result.granted.map((g) => g.scope)).toContain("patient/*.rs");
    expect(result.dropped.map((d) => d.code)).toEqual(["invalid"]);
  });
});
