import { importJWK, type JSONWebKeySet, type JWK } from "jose";
import { type OAuthResult, oauthFailure, succeed } from "./oauth-error.ts";

// Members that only private (or symmetric) keys have; a client must never hand those to the server.
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] as const;

/**
 * Checks a JWK Set a client registers for `private_key_jwt`: a `keys` array of public RSA or EC keys, each with a
 * unique `kid` and "bare key" members (`n`/`e`, or `crv`/`x`/`y`), no private material, and at least one key that
 * can verify RS384 or ES384. Failures are `invalid_client_metadata`.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#registering-a-client-communicating-public-keys
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 */
export async function validateClientJwks(value: unknown): Promise<OAuthResult<JSONWebKeySet>> {
  if (typeof value !== "object" || value === null || !Array.isArray((value as { keys?: unknown }).keys)) {
    return oauthFailure("invalid_client_metadata", "jwks must be a JWK Set: an object with a keys array.");
  }
  const keys = (value as { keys: unknown[] }).keys;
  if (keys.length === 0) return oauthFailure("invalid_client_metadata", "jwks must contain at least one public key.");
  const kids = new Set<string>();
  const accepted: JWK[] = [];
  let usable = 0;
  for (const [index, candidate] of keys.entries()) {
    if (typeof candidate !== "object" || candidate === null) {
      return oauthFailure("invalid_client_metadata", `jwks.keys[${index}] is not an object.`);
    }
    const jwk = candidate as JWK;
    const where = `jwks.keys[${index}]`;
    if (typeof jwk.kid !== "string" || jwk.kid === "")
      return oauthFailure("invalid_client_metadata", `${where} needs a kid.`);
    if (kids.has(jwk.kid)) return oauthFailure("invalid_client_metadata", `${where}: kid ${jwk.kid} is not unique.`);
    kids.add(jwk.kid);
    const privateMember = PRIVATE_MEMBERS.find((member) => member in jwk);
    if (privateMember) {
      return oauthFailure(
        "invalid_client_metadata",
        `${where} contains the private member ${privateMember}: register only the public key.`,
      );
    }
    const alg = verificationAlgorithm(jwk);
    if (alg === "unsupported") {
      return oauthFailure(
        "invalid_client_metadata",
        `${where} must be an RSA key (n, e) or an EC key (crv, x, y); got kty ${String(jwk.kty)}.`,
      );
    }
    if (alg !== null) {
      try {
        await importJWK({ ...jwk, alg }, alg);
      } catch {
        return oauthFailure(
          "invalid_client_metadata",
          `${where} (kid ${jwk.kid}) is not a valid ${jwk.kty} public key.`,
        );
      }
      usable++;
    }
    accepted.push({ ...jwk });
  }
  if (usable === 0) {
    return oauthFailure(
      "invalid_client_metadata",
      "jwks has no key for RS384 (RSA) or ES384 (EC P-384), the algorithms SMART uses.",
    );
  }
  return succeed({ keys: accepted });
}

// The assertion algorithm a key can verify, null for a well-formed key the lab cannot use (an EC P-256 key, an RSA
// key pinned to another alg), "unsupported" for anything that is not a bare RSA or EC public key.
function verificationAlgorithm(jwk: JWK): "RS384" | "ES384" | null | "unsupported" {
  if (jwk.kty === "RSA" && typeof jwk.n === "string" && typeof jwk.e === "string") {
    return jwk.alg === undefined || jwk.alg === "RS384" ? "RS384" : null;
  }
  if (jwk.kty === "EC" && typeof jwk.crv === "string" && typeof jwk.x === "string" && typeof jwk.y === "string") {
    return jwk.crv === "P-384" && (jwk.alg === undefined || jwk.alg === "ES384") ? "ES384" : null;
  }
  return "unsupported";
}
