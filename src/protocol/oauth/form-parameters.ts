import { type OAuthResult, oauthFailure, succeed } from "./oauth-error.ts";

/**
 * OAuth request parameters after the RFC 6749 rules: each name at most once, empty values treated as absent.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1
 */
export type OAuthParameters = ReadonlyMap<string, string>;

/**
 * Collects query or form parameters, rejecting repeated names (`invalid_request`) and dropping empty values, as
 * RFC 6749 requires of both endpoints.
 *
 */
export function collectOAuthParameters(source: URLSearchParams): OAuthResult<OAuthParameters> {
  const parameters = new Map<string, string>();
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const [name, value] of source) {
    if (seen.has(name)) repeated.add(name);
    seen.add(name);
    // "Parameters sent without a value MUST be treated as if they were omitted from the request."
    if (value !== "") parameters.set(name, value);
  }
  if (repeated.size > 0) {
    return oauthFailure("invalid_request", `Parameters must not be repeated: ${[...repeated].join(", ")}.`);
  }
  return succeed(parameters);
}

/**
 * Reads an `application/x-www-form-urlencoded` request body, as the token, introspection and revocation endpoints
 * require.
 *
 */
export async function readFormParameters(request: Request): Promise<OAuthResult<OAuthParameters>> {
  const contentType = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (contentType !== "application/x-www-form-urlencoded") {
    return oauthFailure(
      "invalid_request",
      `The request body must be application/x-www-form-urlencoded, got ${contentType || "no Content-Type"}.`,
    );
  }
  let text: string;
  try {
    text = await request.text();
  } catch {
    return oauthFailure("invalid_request", "The request body could not be read.");
  }
  return collectOAuthParameters(new URLSearchParams(text));
}

/**
 * Client credentials sent with HTTP Basic authentication.
 *
 */
export interface BasicCredentials {
  clientId: string;
  clientSecret: string;
}

/**
 * Parses `Authorization: Basic …`: base64 of `client_id:client_secret`, each form-urlencoded first. Returns null
 * when the header is absent or uses another scheme, and a failure when it is Basic but malformed.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7617#section-2
 */
export function parseBasicCredentials(authorization: string | null): OAuthResult<BasicCredentials> | null {
  if (authorization === null || !/^Basic\b/i.test(authorization)) return null;
  const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(authorization);
  if (!match?.[1]) return oauthFailure("invalid_client", "The Basic Authorization header is not valid base64.");
  let decoded: string;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(atob(match[1]), (c) => c.charCodeAt(0)));
  } catch {
    return oauthFailure("invalid_client", "The Basic Authorization header is not valid base64 of UTF-8 text.");
  }
  const colon = decoded.indexOf(":");
  if (colon < 0)
    return oauthFailure("invalid_client", "The Basic Authorization header has no ':' between id and secret.");
  return succeed({
    clientId: formUrlDecode(decoded.slice(0, colon)),
    clientSecret: formUrlDecode(decoded.slice(colon + 1)),
  });
}

/**
 * Extracts the token from `Authorization: Bearer <token>`, or null when the header is absent or another scheme.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export function parseBearerToken(authorization: string | null): string | null {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization ?? "");
  return match?.[1] ?? null;
}

// RFC 6749 §2.3.1 asks clients to form-urlencode id and secret before Basic encoding; many clients (fhirclient
// among them) skip it. Decoding is harmless for values without `%` or `+`, and falls back to the raw text.
function formUrlDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}
