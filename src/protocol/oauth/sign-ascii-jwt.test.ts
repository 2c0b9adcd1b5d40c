import fc from "fast-check";
import { base64url, decodeJwt, exportJWK, generateKeyPair, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeAsciiJson, isAtobSafeBase64Url, signAsciiJwt } from "./sign-ascii-jwt.ts";

/** What fhirclient does with an id_token: `JSON.parse(atob(payload))` (lib.js jwtDecode). */
function decodeLikeFhirclient(jwt: string): unknown {
  const payload = jwt.split(".")[1] ?? "";
  return JSON.parse(atob(payload));
}

describe("encodeAsciiJson", () => {
  it("escapes >, ?, ~, DEL and non-ASCII, and round-trips", () => {
    const value = { name: "José Ñúñez 🩺", url: "http://x/fhir/Patient?id=1>2~3\u007f" };
    const json = encodeAsciiJson(value);
    expect(json).toMatch(/^[\x20-\x3d\x40-\x7d]*$/);
    expect(JSON.parse(json)).toEqual(value);
  });

  it("gives a base64url that atob reads, for any JSON claims (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const json = encodeAsciiJson(value);
        const segment = base64url.encode(new TextEncoder().encode(json));
        expect(isAtobSafeBase64Url(segment)).toBe(true);
        expect(JSON.parse(atob(segment))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });

  it("shows why: plain JSON of the same claims would produce - or _", () => {
    const json = JSON.stringify({ a: "??>" });
    expect(base64url.encode(new TextEncoder().encode(json))).toMatch(/[-_]/);
  });
});

describe("signAsciiJwt", () => {
  let privateKey: CryptoKey;
  let publicKey: CryptoKey;
  beforeAll(async () => {
    ({ privateKey, publicKey } = await generateKeyPair("ES256"));
  });

  it("signs a JWT that jose verifies and fhirclient decodes to the same claims", async () => {
    const claims = { sub: "x", name: "Zoë ~ <Smith>?", fhirUser: "http://l/fhir/Practitioner/a?b", iat: 1 };
    const jwt = await signAsciiJwt(claims, { alg: "ES256", kid: "k1", typ: "JWT" }, privateKey);
    const { payload, protectedHeader } = await jwtVerify(jwt, publicKey);
    expect(payload).toEqual(claims);
    expect(protectedHeader).toEqual({ alg: "ES256", kid: "k1", typ: "JWT" });
    expect(decodeLikeFhirclient(jwt)).toEqual(claims);
    expect(decodeJwt(jwt)).toEqual(claims);
    expect(isAtobSafeBase64Url(jwt.split(".")[1] ?? "")).toBe(true);
  });

  it("keeps the public JWK exportable (sanity check of the test key)", async () => {
    expect((await exportJWK(publicKey)).kty).toBe("EC");
  });
});
