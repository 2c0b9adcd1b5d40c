import { describe, expect, it } from "vitest";
import {
  collectOAuthParameters,
  parseBasicCredentials,
  parseBearerToken,
  readFormParameters,
} from "./form-parameters.ts";

function form(body: string, contentType = "application/x-www-form-urlencoded") {
  return new Request("http://x/token", { method: "POST", headers: { "content-type": contentType }, body });
}

describe("collectOAuthParameters", () => {
  it("keeps single parameters and drops empty ones (RFC 6749 §3.1)", () => {
    const result = collectOAuthParameters(new URLSearchParams("a=1&b=&c=x%20y"));
    expect(result.ok && [...result.value]).toEqual([
      ["a", "1"],
      ["c", "x y"],
    ]);
  });

  it("rejects repeated parameters with invalid_request", () => {
    const result = collectOAuthParameters(new URLSearchParams("scope=a&scope=b"));
    expect(!result.ok && result.error).toEqual({
      error: "invalid_request",
      description: "Parameters must not be repeated: scope.",
    });
  });
});

describe("readFormParameters", () => {
  it("reads a form body, with or without charset", async () => {
    const result = await readFormParameters(
      form("grant_type=authorization_code", "application/x-www-form-urlencoded; charset=UTF-8"),
    );
    expect(result.ok && result.value.get("grant_type")).toBe("authorization_code");
  });

  it("rejects JSON bodies with invalid_request", async () => {
    const result = await readFormParameters(form("{}", "application/json"));
    expect(!result.ok && result.error.error).toBe("invalid_request");
  });
});

describe("parseBasicCredentials", () => {
  it("returns null without a Basic header", () => {
    expect(parseBasicCredentials(null)).toBeNull();
    expect(parseBasicCredentials("Bearer abc")).toBeNull();
  });

  it("decodes id and secret like fhirclient sends them (btoa(id:secret))", () => {
    expect(parseBasicCredentials(`Basic ${btoa("lab-confidential-app:s3cr3t-_x")}`)).toEqual({
      ok: true,
      value: { clientId: "lab-confidential-app", clientSecret: "s3cr3t-_x" },
    });
  });

  it("form-decodes the parts as RFC 6749 §2.3.1 asks, keeps a ':' in the secret", () => {
    expect(parseBasicCredentials(`basic ${btoa("my%20app:a:b%2Bc")}`)).toEqual({
      ok: true,
      value: { clientId: "my app", clientSecret: "a:b+c" },
    });
  });

  it("fails on malformed Basic values", () => {
    expect(parseBasicCredentials("Basic !!!")?.ok).toBe(false);
    expect(parseBasicCredentials(`Basic ${btoa("no-colon")}`)?.ok).toBe(false);
  });
});

describe("parseBearerToken", () => {
  it("extracts b64token values", () => {
    expect(parseBearerToken("Bearer a.b-c_d")).toBe("a.b-c_d");
    expect(parseBearerToken("bearer abc==")).toBe("abc==");
    expect(parseBearerToken("Basic abc")).toBeNull();
    expect(parseBearerToken(null)).toBeNull();
  });
});
