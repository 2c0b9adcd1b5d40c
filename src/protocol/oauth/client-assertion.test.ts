import { exportJWK, generateKeyPair, type JSONWebKeySet, type JWK, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type ClientAssertionVerification,
  readClientAssertionIssuer,
  signClientAssertion,
  verifyClientAssertion,
} from "./client-assertion.ts";

const TOKEN_ENDPOINT = "http://localhost/smart-lab/auth/token";
const CLIENT_ID = "bili_monitor";
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

let rsa: { privateKey: CryptoKey; jwk: JWK };
let ec: { privateKey: CryptoKey; jwk: JWK };
let jwks: JSONWebKeySet;

beforeAll(async () => {
  const rsaPair = await generateKeyPair("RS384");
  const ecPair = await generateKeyPair("ES384");
  rsa = { privateKey: rsaPair.privateKey, jwk: { ...(await exportJWK(rsaPair.publicKey)), kid: "rsa-1" } };
  ec = { privateKey: ecPair.privateKey, jwk: { ...(await exportJWK(ecPair.publicKey)), kid: "ec-1" } };
  jwks = { keys: [rsa.jwk, ec.jwk] };
});

function verify(assertion: string, overrides: Partial<ClientAssertionVerification> = {}) {
  return verifyClientAssertion({
    assertion,
    clientId: CLIENT_ID,
    tokenEndpoint: TOKEN_ENDPOINT,
    jwks,
    now: NOW,
    ...overrides,
  });
}

function sign(claims: Record<string, unknown>, header: Record<string, unknown> = {}, key = rsa.privateKey) {
  return new SignJWT(claims).setProtectedHeader({ alg: "RS384", kid: "rsa-1", typ: "JWT", ...header }).sign(key);
}

const nowSeconds = Math.floor(NOW / 1000);
const goodClaims = { iss: CLIENT_ID, sub: CLIENT_ID, aud: TOKEN_ENDPOINT, exp: nowSeconds + 120, jti: "j-1" };

describe("verifyClientAssertion", () => {
  it("accepts an RS384 assertion made by signClientAssertion", async () => {
    const assertion = await signClientAssertion({
      clientId: CLIENT_ID,
      tokenEndpoint: TOKEN_ENDPOINT,
      privateKey: rsa.privateKey,
      alg: "RS384",
      kid: "rsa-1",
      jti: "abc",
      now: NOW,
    });
    const result = await verify(assertion);
    expect(result).toEqual({
      ok: true,
      value: { clientId: CLIENT_ID, jti: "abc", exp: nowSeconds + 120, alg: "RS384", kid: "rsa-1" },
    });
  });

  it("accepts an ES384 assertion", async () => {
    const assertion = await signClientAssertion({
      clientId: CLIENT_ID,
      tokenEndpoint: TOKEN_ENDPOINT,
      privateKey: ec.privateKey,
      alg: "ES384",
      kid: "ec-1",
      jti: "abc",
      now: NOW,
    });
    expect((await verify(assertion)).ok).toBe(true);
  });

  it.each([
    [
      "aud is not the token endpoint",
      { ...goodClaims, aud: "http://localhost/smart-lab/auth" },
      /aud must be the token endpoint/,
    ],
    [
      "aud is a list naming another server too",
      { ...goodClaims, aud: [TOKEN_ENDPOINT, "https://other.example/token"] },
      /aud must be one value/,
    ],
    ["iss differs from the client", { ...goodClaims, iss: "someone-else" }, /iss and sub/],
    ["sub differs from the client", { ...goodClaims, sub: "someone-else" }, /iss and sub/],
    ["exp is more than 5 minutes ahead", { ...goodClaims, exp: nowSeconds + 600 }, /at most 300 s/],
    ["exp is in the past", { ...goodClaims, exp: nowSeconds - 60 }, /expired/],
    ["exp is missing", { ...goodClaims, exp: undefined }, /must carry exp/],
    ["jti is missing", { ...goodClaims, jti: undefined }, /must carry jti/],
  ])("rejects an assertion whose %s", async (_name, claims, message) => {
    const result = await verify(await sign(claims));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.error).toBe("invalid_client");
      expect(result.error.description).toMatch(message);
    }
  });

  it("rejects an unknown kid", async () => {
    const result = await verify(await sign(goodClaims, { kid: "nope" }));
    expect(!result.ok && result.error.description).toMatch(/No registered key/);
  });

  it("rejects a signature made with another key", async () => {
    const other = await generateKeyPair("RS384");
    const result = await verify(await sign(goodClaims, {}, other.privateKey));
    expect(!result.ok && result.error.description).toMatch(/signature does not verify/);
  });

  it("rejects algorithms other than RS384/ES384", async () => {
    const rs256 = await generateKeyPair("RS256");
    const assertion = await new SignJWT(goodClaims)
      .setProtectedHeader({ alg: "RS256", kid: "rsa-1" })
      .sign(rs256.privateKey);
    const result = await verify(assertion);
    expect(!result.ok && result.error.description).toMatch(/alg RS256 is not accepted/);
  });

  it("rejects a jku that is not the registered JWKS URL, accepts the registered one", async () => {
    const assertion = await sign(goodClaims, { jku: "https://attacker.example/jwks.json" });
    expect((await verify(assertion)).ok).toBe(false);
    const registered = await sign(goodClaims, { jku: "https://app.example/jwks.json" });
    expect((await verify(registered, { registeredJwksUri: "https://app.example/jwks.json" })).ok).toBe(true);
  });

  it("rejects a missing kid and a wrong typ", async () => {
    const noKid = await new SignJWT(goodClaims).setProtectedHeader({ alg: "RS384" }).sign(rsa.privateKey);
    expect((await verify(noKid)).ok).toBe(false);
    expect((await verify(await sign(goodClaims, { typ: "at+jwt" }))).ok).toBe(false);
  });

  it("rejects garbage", async () => {
    expect((await verify("not-a-jwt")).ok).toBe(false);
  });
});

describe("readClientAssertionIssuer", () => {
  it("reads iss when it equals sub", async () => {
    expect(readClientAssertionIssuer(await sign(goodClaims))).toEqual({ ok: true, value: CLIENT_ID });
  });

  it("fails on non-JWTs and mismatched iss/sub", async () => {
    expect(readClientAssertionIssuer("x").ok).toBe(false);
    expect(readClientAssertionIssuer(await sign({ ...goodClaims, sub: "other" })).ok).toBe(false);
  });
});
