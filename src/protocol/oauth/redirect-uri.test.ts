import { describe, expect, it } from "vitest";
import { buildRedirectLocation, isRegisteredRedirectUri, redirectUriProblem } from "./redirect-uri.ts";

describe("redirectUriProblem", () => {
  it("accepts absolute http(s) URLs, with a query", () => {
    expect(redirectUriProblem("http://localhost:5173/smart-lab/app/callback")).toBeNull();
    expect(redirectUriProblem("https://app.example/cb?tenant=a")).toBeNull();
  });

  it.each([
    ["relative URLs", "/callback", /absolute/],
    ["fragments", "https://app.example/cb#x", /fragment/],
    ["other schemes", "javascript:alert(1)", /http or https/],
    ["a URL without a host", "https:///cb", /with a host/],
    ["a space", "https://app.example/c b", /not an RFC 3986 URI: it contains the character " " \(U\+0020\)/],
    ["a CR LF (header injection)", "https://app.example/cb\r\nSet-Cookie: x=1", /U\+000D/],
    ["a TAB", "https://app.example/\tcb", /U\+0009/],
    ["a NUL", "https://app.example/cb\u0000", /U\+0000/],
    ["non-ASCII", "https://app.example/Ω", /U\+03A9/],
    ["a broken %-escape", "https://app.example/cb%2", /broken %-escape/],
    ["a quote", 'https://app.example/"cb"', /U\+0022/],
  ])("rejects %s", (_name, uri, message) => {
    expect(redirectUriProblem(uri)).toMatch(message);
  });

  it("accepts percent-encoded characters and every RFC 3986 delimiter in the path and query", () => {
    expect(redirectUriProblem("https://app.example/%CE%A9/cb?a=b%20c&d=[x]:@!$'()*+,;=~")).toBeNull();
  });
});

describe("isRegisteredRedirectUri", () => {
  const registered = ["https://app.example/cb", "https://app.example/cb2?x=1"];
  it("matches exact strings only", () => {
    expect(isRegisteredRedirectUri("https://app.example/cb", registered)).toBe(true);
    expect(isRegisteredRedirectUri("https://app.example/cb/", registered)).toBe(false);
    expect(isRegisteredRedirectUri("https://APP.example/cb", registered)).toBe(false);
    expect(isRegisteredRedirectUri("https://app.example/cb2?x=1", registered)).toBe(true);
    expect(isRegisteredRedirectUri("https://app.example/cb2?x=2", registered)).toBe(false);
    expect(isRegisteredRedirectUri("https://app.example/cb2", registered)).toBe(false);
  });
});

describe("buildRedirectLocation", () => {
  it("adds code and state to the query", () => {
    expect(buildRedirectLocation("https://app.example/cb", { code: "abc", state: "s 1", skipped: undefined })).toBe(
      "https://app.example/cb?code=abc&state=s+1",
    );
  });

  it("keeps a registered query byte for byte", () => {
    expect(buildRedirectLocation("https://app.example/cb?a=b%20c", { code: "x" })).toBe(
      "https://app.example/cb?a=b%20c&code=x",
    );
  });

  it("reads back with URLSearchParams as fhirclient does", () => {
    const location = buildRedirectLocation("https://app.example/cb", { state: "a+b&c=d", error_description: "x y" });
    const params = new URL(location).searchParams;
    expect(params.get("state")).toBe("a+b&c=d");
    expect(params.get("error_description")).toBe("x y");
  });
});
