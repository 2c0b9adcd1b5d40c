import { describe, expect, it } from "vitest";
import { scopeTokens } from "./scope-tokens.ts";

function spans(text: string) {
  return scopeTokens(text).map((t) => [text.slice(t.start, t.end), t.type]);
}

describe("scopeTokens", () => {
  it("colours the parts of a resource scope", () => {
    expect(spans("patient/Observation.rs")).toEqual([
      ["patient", "context"],
      ["/", "delimiter"],
      ["Observation", "resource-type"],
      [".", "delimiter"],
      ["rs", "permissions"],
    ]);
  });

  it("colours a granular query", () => {
    const lab = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory";
    expect(spans(`user/Observation.rs?category=${lab}&status=final`).slice(5)).toEqual([
      ["?", "delimiter"],
      ["category", "query-param"],
      ["=", "delimiter"],
      [lab, "query-value"],
      ["&", "delimiter"],
      ["status", "query-param"],
      ["=", "delimiter"],
      ["final", "query-value"],
    ]);
  });

  it("colours launch, identity, refresh and unknown scopes, positioned in the whole text", () => {
    const text = "openid  launch/patient offline_access bogus launch";
    expect(spans(text)).toEqual([
      ["openid", "identity"],
      ["launch", "launch"],
      ["/", "delimiter"],
      ["patient", "launch-context"],
      ["offline_access", "refresh"],
      ["bogus", "unknown"],
      ["launch", "launch"],
    ]);
  });

  it("covers malformed scopes without gaps inside a scope", () => {
    for (const text of [
      "Patient/Observation.sr",
      "patient/.",
      "patient/Observation",
      "patient/Observation.rs?",
      "x/y.z?a&",
    ]) {
      const tokens = scopeTokens(text);
      expect(tokens[0]?.start).toBe(0);
      expect(tokens.at(-1)?.end).toBe(text.length);
      tokens.forEach((t, i) => {
        expect(t.end).toBeGreaterThan(t.start);
        if (i > 0) expect(t.start).toBe(tokens[i - 1]?.end);
      });
    }
  });
});
