import { base64url } from "jose";

/**
 * The only PKCE transformation SMART allows: servers SHALL support `S256` and SHALL NOT support `plain`.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#considerations-for-pkce-support
 */
export const PKCE_METHOD = "S256";

// RFC 7636 §4.1: code-verifier = 43*128unreserved; unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~".
const CODE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
// An S256 challenge is the unpadded base64url of a 32-byte digest: exactly 43 characters of that alphabet.
const S256_CHALLENGE = /^[A-Za-z0-9\-_]{43}$/;

/**
 * Whether a string is a syntactically valid `code_verifier` (43 to 128 unreserved characters).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */
export function isCodeVerifier(value: string): boolean {
  return CODE_VERIFIER.test(value);
}

/**
 * Whether a string can be an S256 `code_challenge` (the base64url of a SHA-256 digest, without padding).
 *
 */
export function isS256CodeChallenge(value: string): boolean {
  return S256_CHALLENGE.test(value);
}

/** Each stage of the S256 transformation, for a learner to follow: ASCII bytes → SHA-256 digest → base64url. */
export interface S256Derivation {
  verifier: string;
  /** ASCII(code_verifier): one byte per character (the verifier's alphabet is ASCII). */
  ascii: Uint8Array;
  /** SHA256(ASCII(code_verifier)): 32 bytes. */
  digest: Uint8Array;
  /** BASE64URL-ENCODE(digest), without padding: the `code_challenge`. */
  challenge: string;
}

/**
 * Derives the S256 `code_challenge` of a verifier stage by stage with WebCrypto.
 *
 */
export async function deriveS256Challenge(
  codeVerifier: string,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<S256Derivation> {
  const ascii = new TextEncoder().encode(codeVerifier);
  const digest = new Uint8Array(await subtle.digest("SHA-256", ascii));
  return { verifier: codeVerifier, ascii, digest, challenge: base64url.encode(digest) };
}

/**
 * Computes `BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))` with WebCrypto.
 *
 */
export async function calculateS256CodeChallenge(
  codeVerifier: string,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<string> {
  return (await deriveS256Challenge(codeVerifier, subtle)).challenge;
}

/**
 * A fresh `code_verifier`: 32 random bytes, base64url-encoded (43 characters), as RFC 7636 recommends.
 *
 */
export function generateCodeVerifier(randomBytes: (n: number) => Uint8Array): string {
  return base64url.encode(randomBytes(32));
}

/**
 * Checks a `code_verifier` from the token request against the `code_challenge` bound to the code.
 *
 */
export async function verifyS256CodeVerifier(
  codeVerifier: string,
  codeChallenge: string,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<boolean> {
  if (!isCodeVerifier(codeVerifier)) return false;
  const expected = await calculateS256CodeChallenge(codeVerifier, subtle);
  return timingSafeEqual(expected, codeChallenge);
}

/**
 * Compares two strings in time independent of where they first differ, for secrets and PKCE values.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.10
 */
export function timingSafeEqual(a: string, b: string): boolean {
  // The length leaks either way; what matters is not leaking the matching prefix.
  let difference = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    difference |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  }
  return difference === 0;
}
