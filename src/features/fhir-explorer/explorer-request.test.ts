import { describe, expect, it } from "vitest";
import {
  displayHeaderValue,
  type ExplorerRequest,
  explorerRequestHeaders,
  followLinkRequest,
  jsonBodyProblem,
  normalizeToken,
  resolveExplorerUrl,
} from "./explorer-request.ts";

const bases = {
  open: "http://127.0.0.1:4173/smart-lab/open/fhir",
  secured: "http://127.0.0.1:4173/smart-lab/fhir",
};

const request = (overrides: Partial<ExplorerRequest> = {}): ExplorerRequest => ({
  mode: "open",
  method: "GET",
  path: "Patient",
  body: "",
  token: "",
  ...overrides,
});

describe("resolveExplorerUrl", () => {
  it("resolves a relative path and query against the chosen base", () => {
    expect(resolveExplorerUrl(bases, "open", "Patient?name=shaw")).toEqual({
      ok: true,
      url: `${bases.open}/Patient?name=shaw`,
      path: "Patient?name=shaw",
    });
    expect(resolveExplorerUrl(bases, "secured", "/Observation?patient=smart-1&_count=10")).toEqual({
      ok: true,
      url: `${bases.secured}/Observation?patient=smart-1&_count=10`,
      path: "Observation?patient=smart-1&_count=10",
    });
  });

  it("sends an empty path to the base itself (transaction and batch)", () => {
    expect(resolveExplorerUrl(bases, "open", "")).toEqual({ ok: true, url: bases.open, path: "" });
  });

  it("accepts an absolute URL under the same base, as paging links are", () => {
    expect(resolveExplorerUrl(bases, "open", `${bases.open}/Patient?_count=5&_offset=5`)).toMatchObject({
      ok: true,
      path: "Patient?_count=5&_offset=5",
    });
  });

  it("refuses URLs outside the base, and names the other base when that is where it belongs", () => {
    const other = resolveExplorerUrl(bases, "open", `${bases.secured}/Patient`);
    expect(other.ok).toBe(false);
    expect(!other.ok && other.error).toMatch(/secured base/);
    for (const input of [
      "https://evil.example/fhir/Patient",
      "//evil.example/fhir/Patient",
      "../../auth/token",
      "http://127.0.0.1:4173/smart-lab/auth/token",
      "Patient/../../../auth/token",
    ]) {
      expect(resolveExplorerUrl(bases, "secured", input).ok, input).toBe(false);
    }
  });

  it("does not confuse a base with a longer path that starts like it", () => {
    expect(resolveExplorerUrl(bases, "secured", "http://127.0.0.1:4173/smart-lab/fhirx/Patient").ok).toBe(false);
  });

  it("refuses spaces, which would not survive as typed", () => {
    expect(resolveExplorerUrl(bases, "open", "Patient?name=amy shaw").ok).toBe(false);
  });
});

describe("request headers", () => {
  it("asks for FHIR JSON and sends Content-Type only with a body", () => {
    expect(explorerRequestHeaders(request())).toEqual([["Accept", "application/fhir+json"]]);
    expect(explorerRequestHeaders(request({ method: "POST", body: "{}" }))).toContainEqual([
      "Content-Type",
      "application/fhir+json",
    ]);
    expect(explorerRequestHeaders(request({ method: "GET", body: "{}" }))).toHaveLength(1);
  });

  it("sends the Bearer token in secured mode only, and no header at all without a token", () => {
    expect(explorerRequestHeaders(request({ mode: "secured", token: " Bearer abc.def.ghi \n" }))).toContainEqual([
      "Authorization",
      "Bearer abc.def.ghi",
    ]);
    expect(explorerRequestHeaders(request({ mode: "open", token: "abc" }))).toHaveLength(1);
    const headerNames = (headers: [string, string][]) => headers.map(([name]) => name);
    expect(headerNames(explorerRequestHeaders(request({ mode: "secured", token: "  " })))).not.toContain(
      "Authorization",
    );
  });

  it("asks the secured server to explain hidden resources unless told not to", () => {
    expect(explorerRequestHeaders(request({ mode: "secured" }))).toContainEqual(["X-Lab-Explain", "scope-decisions"]);
    expect(explorerRequestHeaders(request({ mode: "secured", explain: false }))).toEqual([
      ["Accept", "application/fhir+json"],
    ]);
    expect(explorerRequestHeaders(request({ mode: "open" }))).toEqual([["Accept", "application/fhir+json"]]);
  });

  it("normalizes a pasted token", () => {
    expect(normalizeToken("bearer   eyJ.a\n.b ")).toBe("eyJ.a.b");
  });

  it("shortens long tokens for display only", () => {
    const token = "a".repeat(100);
    expect(displayHeaderValue("Authorization", `Bearer ${token}`)).toBe(`Bearer ${"a".repeat(16)}… (100 characters)`);
    expect(displayHeaderValue("Accept", "application/fhir+json")).toBe("application/fhir+json");
  });
});

describe("jsonBodyProblem", () => {
  it("says why a body is not JSON, and accepts JSON or nothing", () => {
    expect(jsonBodyProblem('{"resourceType":"Patient"}')).toBeNull();
    expect(jsonBodyProblem("")).toBeNull();
    expect(jsonBodyProblem("{resourceType:")).toMatch(/^Not valid JSON/);
  });
});

describe("followLinkRequest", () => {
  it("turns a paging link into a GET on the same base with the same token", () => {
    const from = request({ mode: "secured", token: "t", path: "Observation?_count=5" });
    expect(followLinkRequest(from, bases, `${bases.secured}/Observation?_count=5&_offset=5`)).toEqual({
      mode: "secured",
      method: "GET",
      path: "Observation?_count=5&_offset=5",
      body: "",
      token: "t",
    });
    expect(followLinkRequest(from, bases, "https://evil.example/next")).toHaveProperty("error");
  });
});
