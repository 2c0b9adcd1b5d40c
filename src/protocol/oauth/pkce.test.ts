import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  calculateS256CodeChallenge,
  deriveS256Challenge,
  generateCodeVerifier,
  isCodeVerifier,
  isS256CodeChallenge,
  timingSafeEqual,
  verifyS256CodeVerifier,
} from "./pkce.ts";

// RFC 7636 Appendix B: the worked S256 example.
const RFC_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const RFC_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

describe("PKCE S256", () => {
  it("reproduces the RFC 7636 Appendix B vector", async () => {
    expect(await calculateS256CodeChallenge(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
    expect(await verifyS256CodeVerifier(RFC_VERIFIER, RFC_CHALLENGE)).toBe(true);
  });

  it("shows every stage of the Appendix B derivation: ASCII octets, the SHA-256 octets, base64url", async () => {
    const derivation = await deriveS256Challenge(RFC_VERIFIER);
    expect([...derivation.ascii.slice(0, 6)]).toEqual([100, 66, 106, 102, 116, 74]);
    expect(derivation.ascii).toHaveLength(43);
    expect([...derivation.digest]).toEqual([
      19, 211, 30, 150, 26, 26, 216, 236, 47, 22, 177, 12, 76, 152, 46, 8, 118, 168, 120, 173, 109, 241, 68, 86, 110,
      225, 137, 74, 203, 112, 249, 195,
    ]);
    expect(derivation.challenge).toBe(RFC_CHALLENGE);
  });

  it("generates 43-character verifiers from 32 random bytes", () => {
    const verifier = generateCodeVerifier((n) => new Uint8Array(n).fill(7));
    expect(verifier).toHaveLength(43);
    expect(isCodeVerifier(verifier)).toBe(true);
  });

  it("rejects a verifier that does not hash to the challenge", async () => {
    expect(await verifyS256CodeVerifier(`${RFC_VERIFIER.slice(0, -1)}l`, RFC_CHALLENGE)).toBe(false);
  });

  it("rejects the `plain` trick: the challenge itself as verifier", async () => {
    expect(await verifyS256CodeVerifier(RFC_CHALLENGE, RFC_CHALLENGE)).toBe(false);
  });

  it("checks verifier syntax (RFC 7636 §4.1: 43 to 128 unreserved characters)", () => {
    expect(isCodeVerifier(RFC_VERIFIER)).toBe(true);
    expect(isCodeVerifier("a".repeat(42))).toBe(false);
    expect(isCodeVerifier("a".repeat(128))).toBe(true);
    expect(isCodeVerifier("a".repeat(129))).toBe(false);
    expect(isCodeVerifier(`${"a".repeat(43)}+`)).toBe(false);
    expect(isCodeVerifier(`${"a".repeat(40)}-._~`)).toBe(true);
  });

  it("checks S256 challenge syntax", () => {
    expect(isS256CodeChallenge(RFC_CHALLENGE)).toBe(true);
    expect(isS256CodeChallenge(`${RFC_CHALLENGE}=`)).toBe(false);
    expect(isS256CodeChallenge(RFC_CHALLENGE.slice(1))).toBe(false);
  });

  it("every valid verifier verifies against its own challenge", async () => {
    const unreserved = fc.constantFrom(
      ..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".split(""),
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: unreserved, minLength: 43, maxLength: 128 }), async (verifier) => {
        const challenge = await calculateS256CodeChallenge(verifier);
        expect(isS256CodeChallenge(challenge)).toBe(true);
        expect(await verifyS256CodeVerifier(verifier, challenge)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it("compares strings without short-circuiting", () => {
    expect(timingSafeEqual("abc", "abc")).toBe(true);
    expect(timingSafeEqual("abc", "abd")).toBe(false);
    expect(timingSafeEqual("abc", "abcd")).toBe(false);
    expect(timingSafeEqual("", "")).toBe(true);
  });
});
