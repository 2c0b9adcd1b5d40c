import { describe, expect, it } from "vitest";
import { hasScope, invalidScopes, offerScopes, scopesBeyond, splitScopes } from "./scope-policy.ts";

const ALLOWED = "openid fhirUser launch launch/patient offline_access patient/*.rs";

describe("offerScopes", () => {
  it("offers allowed scopes, narrows partly allowed ones, drops the rest with reasons", () => {
    const offers = offerScopes("launch/patient patient/Observation.cruds patient/Patient.read system/*.rs", ALLOWED, {
      kind: "user-facing",
      hasEhrLaunch: false,
    });
    expect(offers.map(({ requested, grantable, narrowed }) => ({ requested, grantable, narrowed }))).toEqual([
      { requested: "launch/patient", grantable: "launch/patient", narrowed: false },
      { requested: "patient/Observation.cruds", grantable: "patient/Observation.rs", narrowed: true },
      { requested: "patient/Patient.read", grantable: "patient/Patient.read", narrowed: false },
      { requested: "system/*.rs", grantable: null, narrowed: false },
    ]);
    for (const offer of offers) {
      expect(offer.reason.length).toBeGreaterThan(5);
      expect(offer.explanation.title.length).toBeGreaterThan(3);
    }
  });

  it("offers the launch scope only with an EHR launch", () => {
    expect(offerScopes("launch", ALLOWED, { kind: "user-facing", hasEhrLaunch: true })[0]?.grantable).toBe("launch");
    expect(offerScopes("launch", ALLOWED, { kind: "user-facing", hasEhrLaunch: false })[0]?.grantable).toBeNull();
  });

  it("drops malformed scopes instead of failing the request", () => {
    const offers = offerScopes("Patient/*.read patient/*.rs", ALLOWED, { kind: "user-facing", hasEhrLaunch: false });
    expect(offers.map((o) => o.grantable)).toEqual([null, "patient/*.rs"]);
  });
});

describe("scope helpers", () => {
  it("finds scopes beyond a grant (refresh narrowing)", () => {
    expect(scopesBeyond(["patient/Observation.rs", "openid"], ["patient/*.rs", "openid"])).toEqual([]);
    expect(scopesBeyond(["patient/Observation.cruds"], ["patient/*.rs"])).toEqual(["patient/Observation.cruds"]);
    expect(scopesBeyond(["patient/Observation.read"], ["patient/*.rs"])).toEqual([]);
  });

  it("lists invalid scopes with their first error", () => {
    expect(invalidScopes("openid Patient/*.read")).toEqual([expect.stringMatching(/^Patient\/\*\.read \(/)]);
    expect(invalidScopes("openid patient/*.rs")).toEqual([]);
  });

  it("splits on spaces and tests membership exactly", () => {
    expect(splitScopes("  a  b a ")).toEqual(["a", "b"]);
    expect(hasScope("openid fhirUser", "openid")).toBe(true);
    expect(hasScope("openidx", "openid")).toBe(false);
  });
});
