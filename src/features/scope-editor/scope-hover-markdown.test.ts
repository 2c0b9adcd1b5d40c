import { describe, expect, it } from "vitest";
import { explainScope } from "../../protocol/scopes/explain-scope.ts";
import { parseScopes } from "../../protocol/scopes/parse-scopes.ts";
import { escapeMarkdown, scopeAt, scopeHoverMarkdown } from "./scope-hover-markdown.ts";

describe("scopeAt", () => {
  it("finds the scope under or touching the cursor", () => {
    const list = parseScopes("openid  patient/*.rs");
    expect(scopeAt(list, 0)?.text).toBe("openid");
    expect(scopeAt(list, 6)?.text).toBe("openid");
    expect(scopeAt(list, 7)).toBeUndefined();
    expect(scopeAt(list, 12)?.text).toBe("patient/*.rs");
  });
});

describe("scopeHoverMarkdown", () => {
  it("shows the explanation, the translation and the IG link", () => {
    const markdown = scopeHoverMarkdown(explainScope("patient/Observation.read"));
    expect(markdown).toContain("`patient/Observation.read`");
    expect(markdown).toContain("**Read and search your observations**");
    expect(markdown).toContain("v1 patient/Observation\\.read = v2 patient/Observation\\.rs");
    expect(markdown).toMatch(
      /\]\(https:\/\/hl7\.org\/fhir\/smart-app-launch\/STU2\.2\/scopes-and-launch-context\.html#/,
    );
  });

  it("escapes Markdown in the text", () => {
    expect(escapeMarkdown("patient/*.rs")).toBe("patient/\\*\\.rs");
    expect(scopeHoverMarkdown(explainScope("patient/*.rs"))).toContain("`patient/*.rs`");
  });
});
