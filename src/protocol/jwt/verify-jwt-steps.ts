import { compactVerify, errors, exportJWK, importJWK, importSPKI, type JSONWebKeySet, type JWK } from "jose";
import type { DecodedJwt } from "./inspect-jwt.ts";

/** One check of a verification, reported on its own. */
export interface VerificationCheck {
  id: "alg" | "key" | "signature" | "iss" | "aud" | "exp" | "nbf";
  label: string;
  status: "pass" | "fail" | "skip";
  message: string;
}

/** What the verifier expects of the token. */
export interface VerificationExpectations {
  /** Algorithms the verifier accepts: asymmetric ones only — a public key cannot check an HMAC. */
  algorithms: readonly string[];
  issuer?: string;
  audience?: string;
  /** Epoch milliseconds. */
  now: number;
  /** Leeway for exp and nbf, seconds. */
  clockToleranceSeconds: number;
}

/** The algorithms the lab's servers sign with and accept. */
export const ASYMMETRIC_ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512"];

function keyFamily(alg: string): "RSA" | "EC" | "oct" | null {
  if (/^(RS|PS)/.test(alg)) return "RSA";
  if (alg.startsWith("ES")) return "EC";
  if (alg.startsWith("HS")) return "oct";
  return null;
}

function findKey(jwks: JSONWebKeySet, kid: unknown, alg: string): { key?: JWK; message: string } {
  const family = keyFamily(alg);
  const usable = jwks.keys.filter(
    (key) => (family === null || key.kty === family) && (key.alg === undefined || key.alg === alg),
  );
  if (typeof kid === "string") {
    const key = usable.find((candidate) => candidate.kid === kid);
    if (key) return { key, message: `The key with kid ${kid} (${key.kty}) signed it, if the signature holds.` };
    const known = jwks.keys.map((candidate) => candidate.kid ?? "(no kid)").join(", ") || "none";
    const sameKid = jwks.keys.find((candidate) => candidate.kid === kid);
    if (sameKid) {
      return {
        message: `The key with kid "${kid}" is a ${sameKid.kty} key${sameKid.alg ? ` for ${sameKid.alg}` : ""}, but the token says ${alg}: it was not signed with that key.`,
      };
    }
    return {
      message: `No key with kid "${kid}" in the key set (its kids: ${known}): the token was not signed with any of these keys.`,
    };
  }
  if (usable.length === 1 && usable[0])
    return { key: usable[0], message: "The token names no kid; the key set has one key of its type." };
  return {
    message: `The token names no kid, and the key set has ${usable.length} keys of its type: a verifier cannot tell which.`,
  };
}

/**
 * Verifies a JWS step by step — algorithm, key, signature, then each claim — and reports every check on its own
 * rather than stopping at the first failure, so a learner sees everything that is right and wrong. `alg: none` and
 * HMAC algorithms are refused with the reason (an RSA or EC public key cannot check a shared-secret MAC; accepting
 * one as if it could is the algorithm-confusion attack).
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2
 * @see https://www.rfc-editor.org/rfc/rfc8725#section-3.1
 */
export async function verifyJwtSteps(
  token: DecodedJwt,
  keys: JSONWebKeySet,
  expectations: VerificationExpectations,
): Promise<VerificationCheck[]> {
  const checks: VerificationCheck[] = [];
  const alg = String(token.header.alg);
  let algOk = expectations.algorithms.includes(alg);
  if (alg === "none") {
    algOk = false;
    checks.push({
      id: "alg",
      label: "Algorithm",
      status: "fail",
      message: 'alg is "none": the token is unsigned and must be refused (RFC 8725 §3.1).',
    });
  } else if (alg.startsWith("HS")) {
    algOk = false;
    checks.push({
      id: "alg",
      label: "Algorithm",
      status: "fail",
      message: `${alg} is an HMAC with a shared secret. A public key cannot verify it; a verifier that used the public key as the secret would accept a forgery (algorithm confusion, RFC 8725 §2.1). Refused.`,
    });
  } else {
    checks.push({
      id: "alg",
      label: "Algorithm",
      status: algOk ? "pass" : "fail",
      message: algOk
        ? `${alg} is an accepted asymmetric algorithm.`
        : `${alg} is not among the accepted algorithms (${expectations.algorithms.join(", ")}).`,
    });
  }

  let signatureOk = false;
  if (!algOk) {
    checks.push({ id: "key", label: "Key", status: "skip", message: "Not looked up: the algorithm is refused." });
    checks.push({
      id: "signature",
      label: "Signature",
      status: "skip",
      message: "Not checked: the algorithm is refused.",
    });
  } else {
    const found = findKey(keys, token.header.kid, alg);
    checks.push({ id: "key", label: "Key", status: found.key ? "pass" : "fail", message: found.message });
    if (found.key) {
      try {
        await compactVerify(token.compact, await importJWK({ ...found.key, alg }, alg), { algorithms: [alg] });
        signatureOk = true;
        checks.push({
          id: "signature",
          label: "Signature",
          status: "pass",
          message: "The signature verifies: header and payload are exactly as signed.",
        });
      } catch (error) {
        checks.push({
          id: "signature",
          label: "Signature",
          status: "fail",
          message:
            error instanceof errors.JWSSignatureVerificationFailed
              ? "The signature does not verify: the header or payload was changed after signing, or another key signed it."
              : `The signature could not be checked: ${error instanceof Error ? error.message : String(error)}.`,
        });
      }
    } else {
      checks.push({
        id: "signature",
        label: "Signature",
        status: "skip",
        message: "Not checked: no key to check it with.",
      });
    }
  }

  const claims = token.payload;
  const trust = signatureOk ? "" : " (but without a valid signature, no claim can be trusted)";
  if (expectations.issuer !== undefined) {
    const ok = claims.iss === expectations.issuer;
    checks.push({
      id: "iss",
      label: "Issuer (iss)",
      status: ok ? "pass" : "fail",
      message: ok
        ? `iss is ${expectations.issuer}${trust}.`
        : `iss is ${JSON.stringify(claims.iss ?? null)}, not ${expectations.issuer}.`,
    });
  }
  if (expectations.audience !== undefined) {
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    const ok = audiences.includes(expectations.audience);
    checks.push({
      id: "aud",
      label: "Audience (aud)",
      status: ok ? "pass" : "fail",
      message: ok
        ? `aud names ${expectations.audience}${trust}.`
        : `aud is ${JSON.stringify(claims.aud ?? null)}: it does not name ${expectations.audience}.`,
    });
  }
  const nowSeconds = expectations.now / 1000;
  const skew = expectations.clockToleranceSeconds;
  if (typeof claims.exp === "number") {
    const ok = nowSeconds <= claims.exp + skew;
    checks.push({
      id: "exp",
      label: "Expiry (exp)",
      status: ok ? "pass" : "fail",
      message: `${ok ? "Not expired" : "Expired"}: exp is ${new Date(claims.exp * 1000).toISOString()}, checked with ${skew} s of clock skew allowed.`,
    });
  } else {
    checks.push({
      id: "exp",
      label: "Expiry (exp)",
      status: "fail",
      message: "The token has no exp: a token that never expires must not be accepted.",
    });
  }
  if (typeof claims.nbf === "number") {
    const ok = nowSeconds >= claims.nbf - skew;
    checks.push({
      id: "nbf",
      label: "Not before (nbf)",
      status: ok ? "pass" : "fail",
      message: `${ok ? "Valid already" : "Not valid yet"}: nbf is ${new Date(claims.nbf * 1000).toISOString()}, with ${skew} s of skew allowed.`,
    });
  }
  return checks;
}

/** A key set read from what a learner pasted: a JWKS, one JWK, or a PEM public key. Never a private key. */
export type PastedKeys = { ok: true; jwks: JSONWebKeySet; description: string } | { ok: false; problem: string };

/**
 * Reads a pasted public key: a JWKS (`{"keys": [...]}`), a single JWK, or a PEM `PUBLIC KEY` (SPKI, imported for
 * `alg`). A private key is refused: verification needs only the public half, and a private key does not belong in
 * a web page.
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
 */
export async function readPastedKeys(text: string, alg: string): Promise<PastedKeys> {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, problem: "Paste a JWKS, a JWK or a PEM public key." };
  if (/-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.test(trimmed)) {
    return { ok: false, problem: "That is a private key. Verification needs only the public key: paste that instead." };
  }
  if (trimmed.startsWith("-----BEGIN PUBLIC KEY-----")) {
    try {
      const jwk = await exportJWK(await importSPKI(trimmed, alg, { extractable: true }));
      return {
        ok: true,
        jwks: { keys: [{ ...jwk, alg }] },
        description: `a PEM ${jwk.kty} public key, read for ${alg}`,
      };
    } catch (error) {
      return {
        ok: false,
        problem: `The PEM key could not be read for ${alg}: ${error instanceof Error ? error.message : String(error)}.`,
      };
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return { ok: false, problem: "Not JSON and not a PEM public key." };
  }
  const keys = Array.isArray((value as { keys?: unknown })?.keys) ? (value as { keys: JWK[] }).keys : [value as JWK];
  if (keys.some((key) => typeof key !== "object" || key === null || typeof key.kty !== "string")) {
    return { ok: false, problem: 'Every key needs a "kty" (RSA, EC …): this is not a JWK.' };
  }
  if (keys.some((key) => "d" in key)) {
    return {
      ok: false,
      problem:
        'That key has a private part ("d"). Verification needs only the public key: remove "d" (and p, q, dp, dq, qi).',
    };
  }
  return {
    ok: true,
    jwks: { keys },
    description: keys.length === 1 ? "one pasted JWK" : `a pasted JWKS of ${keys.length} keys`,
  };
}
