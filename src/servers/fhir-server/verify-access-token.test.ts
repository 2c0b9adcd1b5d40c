import fc from "fast-check";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { FhirError } from "./fhir-error.ts";
import { TEST_BASE, TEST_ISSUER, TEST_NOW, testKeyPair } from "./fhir-test-server.ts";
import {
  type AccessTokenClaims,
  createVerifiedTokenCache,
  type VerifyAccessTokenOptions,
  verifyAccessToken,
} from "./verify-access-token.ts";

const NOW_SECONDS = Math.floor(TEST_NOW / 1000);

async function sign(claims: { jti: string; exp: number; nbf?: number }): Promise<string> {
  const { privateKey } = await testKeyPair();
  const jwt = new SignJWT({ scope: "system/*.rs" })
    .setProtectedHeader({ alg: "RS256", kid: "test-key" })
    .setIssuer(TEST_ISSUER)
    .setAudience(TEST_BASE)
    .setJti(claims.jti)
    .setExpirationTime(claims.exp);
  if (claims.nbf !== undefined) jwt.setNotBefore(claims.nbf);
  return jwt.sign(privateKey);
}

/** Options over a mutable clock, revocation list and key set, as the FHIR server passes them. */
async function world() {
  const { jwk } = await testKeyPair();
  const state = { now: TEST_NOW, revoked: new Set<string>(), keys: [jwk] as JWK[] };
  const options: VerifyAccessTokenOptions = {
    issuer: TEST_ISSUER,
    audience: TEST_BASE,
    getJwks: async () => ({ keys: state.keys }),
    now: () => state.now,
    isTokenRevoked: (jti) => state.revoked.has(jti),
  };
  return { state, options };
}

/** The claims, or the 401 sentence. */
async function outcome(token: string, options: VerifyAccessTokenOptions): Promise<AccessTokenClaims | string> {
  try {
    return await verifyAccessToken(token, options);
  } catch (error) {
    if (error instanceof FhirError) return error.problem.diagnostics;
    throw error;
  }
}

describe("verifyAccessToken with a cache of verified tokens", () => {
  it("verifies a token once and then answers from the cache with the same claims", async () => {
    const { options } = await world();
    const cached = { ...options, cache: createVerifiedTokenCache() };
    const token = await sign({ jti: "a", exp: NOW_SECONDS + 60 });
    const first = await verifyAccessToken(token, cached);
    expect(await verifyAccessToken(token, cached)).toBe(first);
    // Another string (here the same token with a flipped signature byte) is never served from the cache.
    const altered = `${token.slice(0, -2)}${token.endsWith("A") ? "B" : "A"}${token.slice(-1)}`;
    expect(await outcome(altered, cached)).toBe(
      "The access token signature does not verify: it was altered or signed with another key.",
    );
  });

  it("refuses a cached token at once when it is revoked", async () => {
    const { state, options } = await world();
    const cached = { ...options, cache: createVerifiedTokenCache() };
    const token = await sign({ jti: "r", exp: NOW_SECONDS + 60 });
    await verifyAccessToken(token, cached);
    state.revoked.add("r");
    expect(await outcome(token, cached)).toBe("The access token has been revoked.");
  });

  it("refuses a cached token once the injected clock reaches exp, or goes back before nbf", async () => {
    const { state, options } = await world();
    const cached = { ...options, cache: createVerifiedTokenCache() };
    const token = await sign({ jti: "t", exp: NOW_SECONDS + 60, nbf: NOW_SECONDS - 10 });
    await verifyAccessToken(token, cached);
    state.now = (NOW_SECONDS + 59) * 1000 + 999;
    expect(await outcome(token, cached)).toMatchObject({ jti: "t" });
    state.now = (NOW_SECONDS + 60) * 1000;
    expect(await outcome(token, cached)).toBe("The access token has expired.");
    state.now = (NOW_SECONDS - 11) * 1000;
    expect(await outcome(token, cached)).toBe("The access token is not valid yet (nbf).");
  });

  it("refuses a cached token once the key that signed it is no longer published", async () => {
    const { state, options } = await world();
    const cached = { ...options, cache: createVerifiedTokenCache() };
    const token = await sign({ jti: "k", exp: NOW_SECONDS + 60 });
    await verifyAccessToken(token, cached);
    const { publicKey } = await generateKeyPair("RS256");
    state.keys = [{ ...(await exportJWK(publicKey)), kid: "other-key", alg: "RS256", use: "sig" }];
    expect(await outcome(token, cached)).toBe(
      "No key of the authorization server's JWKS matches the access token's kid/alg.",
    );
  });

  it("remembers at most maxEntries tokens, forgetting the least recently used", () => {
    const cache = createVerifiedTokenCache(2);
    const entry = (jti: string) => ({ claims: { jti }, against: "x" });
    cache.set("a", entry("a"));
    cache.set("b", entry("b"));
    cache.get("a");
    cache.set("c", entry("c"));
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")?.claims.jti).toBe("a");
    expect(cache.get("c")?.claims.jti).toBe("c");
  });

  it("answers every request exactly as verification without a cache would (clock, revocation, keys)", async () => {
    const tokens = await Promise.all(
      [
        { jti: "p0", exp: NOW_SECONDS + 5 },
        { jti: "p1", exp: NOW_SECONDS + 30, nbf: NOW_SECONDS + 10 },
        { jti: "p2", exp: NOW_SECONDS + 120 },
        { jti: "p3", exp: NOW_SECONDS - 1 },
      ].map((claims) => sign(claims)),
    );
    const step = fc.oneof(
      fc.record({ kind: fc.constant("verify" as const), token: fc.nat(tokens.length - 1) }),
      fc.record({ kind: fc.constant("clock" as const), by: fc.integer({ min: -20_000, max: 40_000 }) }),
      fc.record({ kind: fc.constant("revoke" as const), token: fc.nat(tokens.length - 1) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        const { state, options } = await world();
        const cached = { ...options, cache: createVerifiedTokenCache(2) };
        for (const item of steps) {
          if (item.kind === "clock") state.now += item.by;
          else if (item.kind === "revoke") state.revoked.add(`p${item.token}`);
          else {
            const token = tokens[item.token] ?? "";
            const expected = await outcome(token, options);
            const actual = await outcome(token, cached);
            expect(typeof actual === "string" ? actual : actual.jti).toBe(
              typeof expected === "string" ? expected : expected.jti,
            );
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
