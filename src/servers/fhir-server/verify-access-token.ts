import { base64url, createLocalJWKSet, errors, type JWK, type JWTPayload, jwtVerify } from "jose";
import { fail } from "./fhir-error.ts";

/** The claims of a lab access token that the FHIR server reads. @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#response-5 */
export interface AccessTokenClaims extends JWTPayload {
  scope?: string;
  client_id?: string;
  patient?: string;
  encounter?: string;
  fhirUser?: string;
  fhirContext?: unknown;
}

/** What verification needs: who must have issued the token, for which audience, with which keys, and when "now" is. */
export interface VerifyAccessTokenOptions {
  issuer: string;
  audience: string;
  getJwks: () => Promise<{ keys: JWK[] }>;
  now: () => number;
  isTokenRevoked?: (jti: string) => boolean | Promise<boolean>;
  /** Tokens already verified, so a token sent again skips the signature check (see {@link createVerifiedTokenCache}). */
  cache?: VerifiedTokenCache;
}

/** A verified token's claims and what they were verified against. */
interface VerifiedToken {
  claims: AccessTokenClaims;
  /** The issuer, audience and JWKS (as JSON) the signature and claims were checked with. */
  against: string;
}

/**
 * Verified access tokens by their exact string, so a token sent with every request is parsed and its signature
 * checked once. An entry serves only while the token's time claims still hold under the injected clock and the
 * keys, issuer and audience are the ones it was verified with; revocation is never cached. Bounded: the least
 * recently used token is forgotten first.
 */
export interface VerifiedTokenCache {
  get(token: string): VerifiedToken | undefined;
  set(token: string, verified: VerifiedToken): void;
  delete(token: string): void;
}

/** A {@link VerifiedTokenCache} of at most `maxEntries` tokens (a lab has a handful in use at once). */
export function createVerifiedTokenCache(maxEntries = 256): VerifiedTokenCache {
  const entries = new Map<string, VerifiedToken>();
  return {
    get(token) {
      const entry = entries.get(token);
      if (entry) {
        // Re-inserted so that Map order is least recently used first.
        entries.delete(token);
        entries.set(token, entry);
      }
      return entry;
    },
    set(token, verified) {
      entries.delete(token);
      entries.set(token, verified);
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
      }
    },
    delete(token) {
      entries.delete(token);
    },
  };
}

/** Asymmetric algorithms only: `none` and HS* (a shared secret the resource server must not hold) are refused. */
const ALGORITHMS = ["RS256", "RS384", "ES256", "ES384"];

// Imported key sets by JWKS content: getJwks() may return a fresh object per call, and importing a key is slow.
const keySets = new Map<string, ReturnType<typeof createLocalJWKSet>>();

/**
 * Verifies a Bearer access token (JWS compact JWT) against the authorization server's JWKS: signature, `alg`,
 * `iss`, `aud` (string or array), `exp`/`nbf` with the injected clock, and revocation by `jti`. Every failure
 * throws a 401 problem whose sentence says exactly what was wrong, for the learner. With a `cache`, a token
 * verified before skips the parsing and signature check, never the clock or the revocation check.
 */
export async function verifyAccessToken(token: string, options: VerifyAccessTokenOptions): Promise<AccessTokenClaims> {
  let payload = await cachedClaims(token, options);
  if (!payload) {
    const verified = await verifySignedToken(token, options);
    options.cache?.set(token, verified);
    payload = verified.claims;
  }
  if (typeof payload.jti === "string" && options.isTokenRevoked && (await options.isTokenRevoked(payload.jti))) {
    options.cache?.delete(token);
    invalid("The access token has been revoked.");
  }
  return payload;
}

// A remembered token's claims, if they still hold now and under the same keys, issuer and audience; a stale entry
// is dropped so that full verification runs again and says what is wrong (expired, signed with a retired key).
async function cachedClaims(token: string, options: VerifyAccessTokenOptions): Promise<AccessTokenClaims | undefined> {
  const cached = options.cache?.get(token);
  if (!cached) return undefined;
  if (
    cached.against === verifiedAgainst(options, await options.getJwks()) &&
    timeClaimsHold(cached.claims, options.now())
  )
    return cached.claims;
  options.cache?.delete(token);
  return undefined;
}

function verifiedAgainst(options: VerifyAccessTokenOptions, jwks: { keys: JWK[] }): string {
  return JSON.stringify([options.issuer, options.audience, jwks.keys]);
}

// The time checks jose's jwtVerify makes without clock tolerance, in whole seconds: nbf not after now, exp after now.
function timeClaimsHold(claims: AccessTokenClaims, now: number): boolean {
  const seconds = Math.floor(now / 1000);
  if (typeof claims.exp !== "number" || claims.exp <= seconds) return false;
  return claims.nbf === undefined || (typeof claims.nbf === "number" && claims.nbf <= seconds);
}

function invalid(description: string): never {
  return fail("unauthorized", "login", description, { bearerError: "invalid_token" });
}

async function verifySignedToken(token: string, options: VerifyAccessTokenOptions): Promise<VerifiedToken> {
  const parts = token.split(".");
  if (parts.length !== 3) invalid("The access token is not a JWS compact serialization (three base64url parts).");
  let header: { alg?: unknown };
  try {
    header = JSON.parse(new TextDecoder().decode(base64url.decode(parts[0] ?? ""))) as { alg?: unknown };
  } catch {
    return invalid("The access token header is not base64url-encoded JSON.");
  }
  if (header.alg === "none") invalid('The access token is unsigned (alg "none"); signed tokens are required.');
  if (typeof header.alg !== "string" || !ALGORITHMS.includes(header.alg)) {
    invalid(`The access token uses alg "${String(header.alg)}"; this server accepts ${ALGORITHMS.join(", ")}.`);
  }
  const jwks = await options.getJwks();
  const set = keySetFor(jwks);
  let payload: AccessTokenClaims;
  try {
    const verified = await jwtVerify(token, set, {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: ALGORITHMS,
      currentDate: new Date(options.now()),
      requiredClaims: ["exp"],
    });
    payload = verified.payload as AccessTokenClaims;
  } catch (error) {
    return invalid(describeJoseError(error, options));
  }
  return { claims: payload, against: verifiedAgainst(options, jwks) };
}

function keySetFor(jwks: { keys: JWK[] }): ReturnType<typeof createLocalJWKSet> {
  const text = JSON.stringify(jwks.keys);
  let set = keySets.get(text);
  if (!set) {
    set = createLocalJWKSet(jwks);
    if (keySets.size >= 8) keySets.clear();
    keySets.set(text, set);
  }
  return set;
}

function describeJoseError(error: unknown, options: VerifyAccessTokenOptions): string {
  if (error instanceof errors.JWTExpired) return "The access token has expired.";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "iss") return `The access token was not issued by ${options.issuer}.`;
    if (error.claim === "aud")
      return `The access token's audience (aud) is not this FHIR server (${options.audience}).`;
    if (error.claim === "nbf") return "The access token is not valid yet (nbf).";
    if (error.claim === "exp") return "The access token has no expiry (exp).";
    return `The access token claim "${error.claim}" is invalid: ${error.reason}.`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return "The access token signature does not verify: it was altered or signed with another key.";
  if (error instanceof errors.JWKSNoMatchingKey)
    return "No key of the authorization server's JWKS matches the access token's kid/alg.";
  if (error instanceof errors.JWKSMultipleMatchingKeys)
    return "Several JWKS keys match the access token; it needs a kid.";
  if (error instanceof errors.JOSEAlgNotAllowed) return "The access token's algorithm is not accepted.";
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return "The access token is malformed.";
  return "The access token could not be verified.";
}
