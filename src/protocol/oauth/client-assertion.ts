import {
  type CryptoKey,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JSONWebKeySet,
  jwtVerify,
  SignJWT,
} from "jose";
import { type OAuthResult, oauthFailure, succeed } from "./oauth-error.ts";

/**
 * The `client_assertion_type` of a JWT client assertion (`private_key_jwt`).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 */
export const JWT_BEARER_CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/**
 * The signature algorithms SMART asks servers to verify client assertions with (at least one of them).
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#registering-a-client-communicating-public-keys
 */
export const CLIENT_ASSERTION_ALGORITHMS: readonly string[] = ["RS384", "ES384"];

/**
 * How far in the future an assertion's `exp` may be: "no more than five minutes".
 *
 */
const MAX_CLIENT_ASSERTION_LIFETIME_SECONDS = 300;

/**
 * Reads the `iss` of an assertion without verifying it, to find which client's keys to verify it with. The
 * result is untrusted until {@link verifyClientAssertion} accepts the assertion.
 *
 */
export function readClientAssertionIssuer(assertion: string): OAuthResult<string> {
  try {
    const { iss, sub } = decodeJwt(assertion);
    if (typeof iss !== "string" || iss === "")
      return oauthFailure("invalid_client", "The client_assertion has no iss claim.");
    if (sub !== iss)
      return oauthFailure("invalid_client", "The client_assertion iss and sub must both be the client_id.");
    return succeed(iss);
  } catch {
    return oauthFailure("invalid_client", "The client_assertion is not a JWT.");
  }
}

/**
 * What the server needs to verify an assertion for one client.
 *
 */
export interface ClientAssertionVerification {
  assertion: string;
  clientId: string;
  /** The token endpoint URL, the `aud` SMART App Launch 2.2 names. */
  tokenEndpoint: string;
  /**
   * The authorization server's issuer identifier, accepted as `aud` as well: draft-ietf-oauth-rfc7523bis (the
   * fix for the audience-injection attack) moves clients to it, and oauth4webapi and openid-client send it.
   */
  issuer?: string;
  /** Other acceptable `aud` values (e.g. the introspection endpoint when a client authenticates there). */
  otherAudiences?: readonly string[];
  /** The client's public keys (registered inline, or fetched from its registered JWKS URL). */
  jwks: JSONWebKeySet;
  /** The JWKS URL registered for the client, the only value a `jku` header may carry. */
  registeredJwksUri?: string | undefined;
  /** Epoch milliseconds. */
  now: number;
  /** Allowed clock skew in seconds (default 5). */
  clockToleranceSeconds?: number;
}

/**
 * An assertion that passed every check; the caller still has to reject a replayed `jti`.
 *
 */
export interface VerifiedClientAssertion {
  clientId: string;
  jti: string;
  /** Expiry, epoch seconds: how long the `jti` has to be remembered. */
  exp: number;
  alg: string;
  kid: string;
}

/**
 * Verifies a `private_key_jwt` client assertion: RS384 or ES384 signature by the registered key matching `kid`,
 * `iss` = `sub` = client_id, `aud` one value — the token endpoint (SMART) or the issuer (rfc7523bis) — `exp`
 * present and at most five minutes ahead, `jti` present, and a `jku` header only if it equals the registered JWKS
 * URL. Every failure is `invalid_client`.
 *
 * @see https://datatracker.ietf.org/doc/draft-ietf-oauth-rfc7523bis/
 */
export async function verifyClientAssertion(
  options: ClientAssertionVerification,
): Promise<OAuthResult<VerifiedClientAssertion>> {
  const { assertion, clientId, tokenEndpoint, now } = options;
  const tolerance = options.clockToleranceSeconds ?? 5;
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    return oauthFailure("invalid_client", "The client_assertion is not a JWS.");
  }
  const alg = header.alg ?? "";
  if (!CLIENT_ASSERTION_ALGORITHMS.includes(alg)) {
    return oauthFailure(
      "invalid_client",
      `The client_assertion alg ${alg || "(none)"} is not accepted; use RS384 or ES384.`,
    );
  }
  if (typeof header.kid !== "string" || header.kid === "") {
    return oauthFailure("invalid_client", "The client_assertion header must name its key with kid.");
  }
  if (header.typ !== undefined && header.typ !== "JWT") {
    return oauthFailure("invalid_client", `The client_assertion typ must be JWT, got ${String(header.typ)}.`);
  }
  if (header.jku !== undefined && header.jku !== options.registeredJwksUri) {
    return oauthFailure(
      "invalid_client",
      "The client_assertion jku header does not match the JWKS URL registered for the client.",
    );
  }
  let payload: Awaited<ReturnType<typeof jwtVerify>>["payload"];
  try {
    ({ payload } = await jwtVerify(assertion, createLocalJWKSet(options.jwks), {
      algorithms: [...CLIENT_ASSERTION_ALGORITHMS],
      issuer: clientId,
      subject: clientId,
      audience: [tokenEndpoint, ...(options.issuer ? [options.issuer] : []), ...(options.otherAudiences ?? [])],
      currentDate: new Date(now),
      clockTolerance: tolerance,
      requiredClaims: ["iss", "sub", "aud", "exp", "jti"],
    }));
  } catch (error) {
    return oauthFailure(
      "invalid_client",
      describeVerificationError(error, header.kid, alg, audienceText(options), clientId),
    );
  }
  if (Array.isArray(payload.aud) && payload.aud.length !== 1) {
    // An audience list is how the audience-injection attack reuses one assertion at another server.
    return oauthFailure(
      "invalid_client",
      `The client_assertion aud must be one value, ${audienceText(options)}, not a list of ${payload.aud.length}.`,
    );
  }
  const exp = payload.exp ?? 0;
  const nowSeconds = Math.floor(now / 1000);
  if (exp - nowSeconds > MAX_CLIENT_ASSERTION_LIFETIME_SECONDS + tolerance) {
    return oauthFailure(
      "invalid_client",
      `The client_assertion exp is ${exp - nowSeconds} s ahead; it must be at most ${MAX_CLIENT_ASSERTION_LIFETIME_SECONDS} s in the future.`,
    );
  }
  if (typeof payload.jti !== "string" || payload.jti === "") {
    return oauthFailure("invalid_client", "The client_assertion must carry a jti.");
  }
  return succeed({ clientId, jti: payload.jti, exp, alg, kid: header.kid });
}

function audienceText(options: ClientAssertionVerification): string {
  const token = `the token endpoint ${options.tokenEndpoint} (SMART App Launch 2.2)`;
  return options.issuer ? `${token} or the issuer ${options.issuer} (draft-ietf-oauth-rfc7523bis)` : token;
}

function describeVerificationError(error: unknown, kid: string, alg: string, aud: string, clientId: string): string {
  if (error instanceof errors.JWKSNoMatchingKey) {
    return `No registered key of the client matches kid ${kid} for alg ${alg}.`;
  }
  if (error instanceof errors.JWKSMultipleMatchingKeys) {
    return `More than one registered key matches kid ${kid}; kids must be unique in the client's JWKS.`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return "The client_assertion signature does not verify with the client's registered key.";
  }
  if (error instanceof errors.JWTExpired) return "The client_assertion has expired.";
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case "aud":
        return `The client_assertion aud must be ${aud}.`;
      case "iss":
      case "sub":
        return `The client_assertion iss and sub must both be the client_id ${clientId}.`;
      case "exp":
      case "jti":
        return `The client_assertion must carry ${error.claim}.`;
      default:
        return `The client_assertion claim ${error.claim} is invalid: ${error.reason}.`;
    }
  }
  if (error instanceof errors.JOSEError) return `The client_assertion is invalid (${error.code}).`;
  return "The client_assertion could not be verified.";
}

/**
 * What a client needs to sign an assertion; the lab's sample apps use it with the private keys the lab keeps.
 *
 */
export interface ClientAssertionInput {
  clientId: string;
  tokenEndpoint: string;
  privateKey: CryptoKey;
  alg: "RS384" | "ES384";
  kid: string;
  /** A fresh random value per assertion. */
  jti: string;
  /** Epoch milliseconds. */
  now: number;
  /** Seconds until `exp` (default 120, fhirclient's choice; at most 300). */
  lifetimeSeconds?: number;
}

/**
 * Signs a client assertion the way SMART describes it (header `typ: JWT` and `kid`; claims iss, sub, aud, exp, jti).
 *
 */
export async function signClientAssertion(input: ClientAssertionInput): Promise<string> {
  const nowSeconds = Math.floor(input.now / 1000);
  return new SignJWT({ jti: input.jti })
    .setProtectedHeader({ alg: input.alg, kid: input.kid, typ: "JWT" })
    .setIssuer(input.clientId)
    .setSubject(input.clientId)
    .setAudience(input.tokenEndpoint)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + (input.lifetimeSeconds ?? 120))
    .sign(input.privateKey);
}
