import { compactVerify, errors, type JWTPayload, jwtVerify } from "jose";
import type { ServerContext } from "./server-context.ts";
import type { AccessTokenRecord, RevocationReason } from "./server-state.ts";

/**
 * Where an access token stands, as the FHIR server and introspection see it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.2
 */
export interface AccessTokenStatus {
  state: "active" | "expired" | "revoked" | "unknown";
  /** Why it is revoked (a lab "expire now" shows as `expired` with reason `expired-by-lab`). */
  reason?: RevocationReason;
  /** One sentence for a `WWW-Authenticate` error_description or the timeline. */
  description: string;
}

/**
 * The verdict on a presented access token: its claims when it is active, else why not.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export type AccessTokenVerification =
  | { valid: true; claims: JWTPayload; record: AccessTokenRecord }
  | { valid: false; status: AccessTokenStatus["state"] | "malformed"; description: string };

/**
 * Looks up an access token by `jti`. Tokens the server has no record of (issued before a reset, or forged with a
 * valid-looking jti) count as unknown, which callers treat as revoked.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
 */
export function accessTokenStatus(ctx: ServerContext, jti: string): AccessTokenStatus {
  const record = ctx.state.accessTokens.get(jti);
  if (!record) return { state: "unknown", description: "The server has no record of this access token." };
  if (record.revoked?.reason === "expired-by-lab") {
    return {
      state: "expired",
      reason: record.revoked.reason,
      description: "The access token expired (the lab expired it early).",
    };
  }
  if (record.revoked) {
    return {
      state: "revoked",
      reason: record.revoked.reason,
      description: `The access token was revoked (${record.revoked.reason}).`,
    };
  }
  if (record.expiresAt <= ctx.nowSeconds()) return { state: "expired", description: "The access token expired." };
  return { state: "active", description: "The access token is active." };
}

/**
 * Fully verifies an access token of this server: RS256 signature by the server key, `typ: at+jwt`, `iss`, `aud`
 * (the FHIR base URL), expiry, and the server's record (revoked, expired early by the lab, unknown). The FHIR
 * server's `verifyAccessToken` sees only what a resource server can: the JWKS and a revocation callback.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 */
export async function verifyIssuedAccessToken(ctx: ServerContext, token: string): Promise<AccessTokenVerification> {
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(token, await ctx.verificationKeys(), {
      algorithms: ["RS256"],
      issuer: ctx.issuer,
      audience: ctx.fhirBaseUrl,
      typ: "at+jwt",
      currentDate: new Date(ctx.now()),
      requiredClaims: ["jti", "exp", "iat", "sub", "client_id"],
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired)
      return { valid: false, status: "expired", description: "The access token expired." };
    return { valid: false, status: "malformed", description: "The access token is not a valid token of this server." };
  }
  const jti = String(claims.jti);
  const status = accessTokenStatus(ctx, jti);
  const record = ctx.state.accessTokens.get(jti);
  if (status.state !== "active" || !record) {
    return { valid: false, status: status.state, description: status.description };
  }
  return { valid: true, claims, record };
}

/**
 * Reads the `jti` of a token signed by this server, ignoring expiry (a client may revoke an expired token).
 *
 */
export async function readOwnTokenId(ctx: ServerContext, token: string): Promise<string | undefined> {
  try {
    const { payload } = await compactVerify(token, await ctx.verificationKeys(), { algorithms: ["RS256"] });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as JWTPayload;
    return typeof claims.jti === "string" ? claims.jti : undefined;
  } catch {
    return undefined;
  }
}
