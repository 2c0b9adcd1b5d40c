import { describe, expect, it } from "vitest";
import { findSecrets, maskSecrets } from "./find-secrets.ts";

describe("findSecrets", () => {
  it("finds the code in a redirect URL, but not state", () => {
    expect(
      findSecrets({ url: "https://app.example/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz", headers: {}, body: null }),
    ).toEqual([{ name: "code", value: "SplxlOBeZQQYbYS6WxSbIA" }]);
  });

  it("finds the verifier, the client secret and an assertion in a token request form", () => {
    const body =
      "grant_type=authorization_code&code=abc123&code_verifier=dBjftJeZ4CVP&client_secret=s3cr3t&client_assertion=eyJ.x.y";
    expect(
      findSecrets({ headers: { "content-type": "application/x-www-form-urlencoded" }, body }).map((s) => s.name),
    ).toEqual(["code", "code_verifier", "client_secret", "client_assertion"]);
  });

  it("finds Basic and Bearer credentials without their scheme", () => {
    expect(findSecrets({ headers: { Authorization: "Basic bXktYXBwOnMzY3IzdA==" }, body: null })).toEqual([
      { name: "Authorization", value: "bXktYXBwOnMzY3IzdA==" },
    ]);
    expect(findSecrets({ headers: { authorization: "Bearer eyJ.a.b" }, body: null })[0]?.value).toBe("eyJ.a.b");
  });

  it("finds tokens in a JSON token or registration response, and leaves other members alone", () => {
    const body = JSON.stringify({
      access_token: "at-1",
      token_type: "Bearer",
      refresh_token: "rt-1",
      id_token: "id-1",
      patient: "smart-1",
      client_secret: "cs",
    });
    expect(findSecrets({ headers: {}, body }).map((s) => `${s.name}=${s.value}`)).toEqual([
      "access_token=at-1",
      "refresh_token=rt-1",
      "id_token=id-1",
      "client_secret=cs",
    ]);
  });

  it("does not take a FHIR resource's codes for credentials", () => {
    const outcome = JSON.stringify({ resourceType: "OperationOutcome", issue: [{ severity: "error", code: "login" }] });
    const observation = JSON.stringify({ resourceType: "Observation", code: { coding: [{ code: "8867-4" }] } });
    expect(findSecrets({ headers: {}, body: outcome })).toEqual([]);
    expect(findSecrets({ headers: {}, body: observation })).toEqual([]);
  });

  it("never throws on junk", () => {
    expect(findSecrets({ url: "not a url", headers: {}, body: "{broken" })).toEqual([]);
  });
});

describe("maskSecrets", () => {
  it("masks every occurrence, raw and percent-encoded, longest first", () => {
    const secrets = [
      { name: "code", value: "abcd" },
      { name: "access_token", value: "xxabcdxx/+" },
    ];
    expect(maskSecrets("code=abcd token=xxabcdxx/+ enc=xxabcdxx%2F%2B", secrets)).toBe(
      "code=•••• code token=•••• access_token enc=•••• access_token",
    );
  });

  it("in a FHIR request, code and token are search parameters: only the Authorization header (or an access_token) is a credential", () => {
    const found = findSecrets({
      api: "fhir",
      url: "https://lab/fhir/Observation?patient=1&code=http://loinc.org|8302-2&_content=token",
      headers: { authorization: "Bearer eyJ.a.b" },
      body: null,
    });
    expect(found).toEqual([{ name: "Authorization", value: "eyJ.a.b" }]);
    expect(findSecrets({ api: "fhir", headers: {}, body: "code=http://loinc.org|8302-2&patient=1" })).toEqual([]);
    expect(
      findSecrets({ api: "fhir", url: "https://lab/fhir/Patient?access_token=abcd", headers: {}, body: null }),
    ).toEqual([{ name: "access_token", value: "abcd" }]);
  });
});
