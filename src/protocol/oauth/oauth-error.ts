/**
 * Every error code the lab's authorization server can answer with, from the RFC that defines it. Plain data, so a
 * rejection can travel through trace events and the timeline and be mapped to HTTP in one place per server.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export type OAuthErrorCode =
  // RFC 6749 §4.1.2.1 (authorization endpoint) and §5.2 (token endpoint)
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "unsupported_response_type"
  | "invalid_scope"
  | "access_denied"
  | "server_error"
  | "temporarily_unavailable"
  // OpenID Connect Core §3.1.2.6 (prompt=none)
  | "login_required"
  | "consent_required"
  | "interaction_required"
  // RFC 7591 §3.2.2 (dynamic client registration)
  | "invalid_redirect_uri"
  | "invalid_client_metadata"
  // RFC 7009 §2.2.1 (revocation)
  | "unsupported_token_type"
  // RFC 6750 §3.1 (bearer token use)
  | "invalid_token"
  | "insufficient_scope";

/**
 * An OAuth error as a value: the spec's code plus a sentence a learner can read.
 *
 */
export interface OAuthError {
  readonly error: OAuthErrorCode;
  /** Human-readable, ASCII only (RFC 6749 §5.2 restricts `error_description` to %x20-21 / %x23-5B / %x5D-7E). */
  readonly description: string;
}

/**
 * The outcome of a step that can fail with an OAuth error, in the style of a response processor: callers branch
 * on `ok` instead of catching exceptions, so every rejection path is visible in the types.
 *
 */
export type OAuthResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: OAuthError };

/**
 * Builds an {@link OAuthError}, keeping the description within the characters RFC 6749 allows.
 *
 */
export function oauthError(error: OAuthErrorCode, description: string): OAuthError {
  return { error, description: toErrorDescription(description) };
}

/**
 * A failed {@link OAuthResult}.
 *
 */
export function oauthFailure(
  error: OAuthErrorCode,
  description: string,
): { readonly ok: false; readonly error: OAuthError } {
  return { ok: false, error: oauthError(error, description) };
}

/**
 * A successful {@link OAuthResult}.
 *
 */
export function succeed<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/**
 * Replaces characters RFC 6749 forbids in `error_description` (`"`, `\`, control and non-ASCII characters), so a
 * description built from user input (a scope, a redirect URI) is always a legal value.
 *
 */
function toErrorDescription(text: string): string {
  return text.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, "?");
}

/**
 * `error_description` text as the RFCs allow it: printable ASCII without `"` and backslash. A sentence quoting the
 * request (a search for `Ω`, a pasted URL) would otherwise break a header, so the rest becomes `?`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function errorDescriptionText(text: string): string {
  return text.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, "?");
}
