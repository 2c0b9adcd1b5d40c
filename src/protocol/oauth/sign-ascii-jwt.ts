import { CompactSign, type CryptoKey, type JWTPayload } from "jose";

/**
 * Serialises a JSON value so its bytes are printable ASCII with no `>`, `?`, `~` or DEL: every such character (and
 * every non-ASCII one) becomes a `\uXXXX` escape, which any JSON parser decodes back to the same value.
 *
 * Why: fhirclient decodes the id_token payload with `atob`, which rejects base64url's `-` and `_` and reads bytes as
 * Latin-1 (DESIGN.md §3). For ASCII input, a base64 sextet can only reach 62 or 63 (the characters that base64url
 * writes as `-` and `_`) in the last sextet of a 3-byte group, and only when that byte is `>` (0x3e), `?` (0x3f),
 * `~` (0x7e) or DEL (0x7f). Escaping those four keeps the encoded payload to `[A-Za-z0-9]`, so `atob` reads it
 * unchanged, while the claims keep their exact values (names with accents, URLs with `?`).
 *
 * @see https://www.rfc-editor.org/rfc/rfc8259#section-7
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-2
 */
export function encodeAsciiJson(value: unknown): string {
  // JSON.stringify only leaves these characters raw inside strings (structural characters are plain ASCII), where a
  // \u escape is always valid. Lone surrogates are already escaped by well-formed JSON.stringify.
  return JSON.stringify(value).replace(
    /[>?\u007e-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Whether a base64url segment decodes the same with `atob` as with a base64url decoder (no `-`, `_` or padding
 * problems), the property the lab promises for every JWT payload it signs.
 *
 * @see https://www.rfc-editor.org/rfc/rfc4648#section-5
 */
export function isAtobSafeBase64Url(segment: string): boolean {
  return /^[A-Za-z0-9]*$/.test(segment) && segment.length % 4 !== 1;
}

/**
 * The protected header of a JWT the lab signs.
 *
 */
export interface AsciiJwtHeader {
  alg: string;
  kid?: string;
  /** `JWT` for id_tokens and client assertions, `at+jwt` for access tokens (RFC 9068 §2.1). */
  typ?: string;
}

/**
 * Signs a JWT whose payload is encoded by {@link encodeAsciiJson}, so it is ASCII and `atob`-safe by construction.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.1
 */
export async function signAsciiJwt(claims: JWTPayload, header: AsciiJwtHeader, key: CryptoKey): Promise<string> {
  const payload = new TextEncoder().encode(encodeAsciiJson(claims));
  return new CompactSign(payload).setProtectedHeader({ ...header }).sign(key);
}
