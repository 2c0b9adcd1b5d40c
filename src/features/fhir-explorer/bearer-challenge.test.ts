import { describe, expect, it } from "vitest";
import { explainBearerChallenge, parseAuthChallenge } from "./bearer-challenge.ts";

describe("parseAuthChallenge", () => {
  it("reads a bare Bearer challenge (request without token, RFC 6750 §3.1)", () => {
    expect(parseAuthChallenge('Bearer realm="http://127.0.0.1:4173/smart-lab/fhir"')).toEqual({
      scheme: "Bearer",
      params: { realm: "http://127.0.0.1:4173/smart-lab/fhir" },
    });
  });

  it("reads quoted strings with commas and escapes, and bare tokens", () => {
    expect(
      parseAuthChallenge(
        'Bearer realm="lab", error="invalid_token", error_description="The token expired, get \\"a new\\" one", scope=patient',
      ),
    ).toEqual({
      scheme: "Bearer",
      params: {
        realm: "lab",
        error: "invalid_token",
        error_description: 'The token expired, get "a new" one',
        scope: "patient",
      },
    });
  });

  it("returns null for an empty value", () => {
    expect(parseAuthChallenge("")).toBeNull();
  });
});

describe("explainBearerChallenge", () => {
  it("explains a missing token, a rejected token and missing scopes", () => {
    expect(explainBearerChallenge(parseAuthChallenge('Bearer realm="x"'), 401)).toMatch(/no access token/);
    expect(
      explainBearerChallenge(
        parseAuthChallenge('Bearer realm="x", error="invalid_token", error_description="expired"'),
        401,
      ),
    ).toMatch(/rejected: expired/);
    expect(explainBearerChallenge(parseAuthChallenge('Bearer error="insufficient_scope"'), 403)).toMatch(/scopes/);
    expect(explainBearerChallenge(null, 401)).toMatch(/no WWW-Authenticate/);
  });
});
