import { useMutation, useQuery } from "@tanstack/react-query";
import { CompactSign, generateKeyPair, importJWK, type JSONWebKeySet } from "jose";
import { labEndpoints } from "../../lib/lab-config.ts";
import { getLab } from "../../lib/lab-servers.ts";
import type { DecodedJwt } from "../../protocol/jwt/inspect-jwt.ts";
import { ASYMMETRIC_ALGORITHMS, readPastedKeys, verifyJwtSteps } from "../../protocol/jwt/verify-jwt-steps.ts";
import { signClientAssertion } from "../../protocol/oauth/client-assertion.ts";

/** A response as the inspector shows it. */
export interface ShownResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  text: string;
}

async function shown(response: Response): Promise<ShownResponse> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === "" ? null : JSON.parse(text);
  } catch {
    // Not JSON: shown as text.
  }
  return { status: response.status, headers: Object.fromEntries(response.headers), body, text };
}

/**
 * The lab's signing keys, found as a client would: discovery (`.well-known/smart-configuration`) names the
 * `jwks_uri` and the `issuer`, and the JWKS comes from there — real requests, in the Timeline.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html#metadata
 */
export function useLabJwks() {
  return useQuery({
    queryKey: ["jwt-inspector", "lab-jwks"],
    queryFn: async () => {
      const configuration = (await (await fetch(labEndpoints.smartConfiguration)).json()) as {
        jwks_uri?: string;
        issuer?: string;
      };
      if (!configuration.jwks_uri) throw new Error("The SMART configuration names no jwks_uri.");
      const jwks = (await (await fetch(configuration.jwks_uri)).json()) as JSONWebKeySet;
      return { jwksUri: configuration.jwks_uri, issuer: configuration.issuer ?? labEndpoints.issuer, jwks };
    },
    staleTime: 60_000,
  });
}

/** What to verify against: the lab's JWKS, or what the learner pasted. */
export type KeyChoice = { kind: "lab" } | { kind: "pasted"; text: string };

/** The step-by-step verification of a token, re-run whenever the token, the keys or the expectations change. */
export function useVerification(
  token: DecodedJwt | null,
  keys: KeyChoice,
  expectations: { issuer: string; audience: string; clockToleranceSeconds: number },
) {
  const lab = useLabJwks();
  return useQuery({
    queryKey: ["jwt-inspector", "verify", token?.compact, keys, expectations, lab.data?.jwksUri],
    enabled: token !== null && (keys.kind === "pasted" || lab.data !== undefined),
    queryFn: async () => {
      if (!token) return null;
      let jwks: JSONWebKeySet;
      let source: string;
      if (keys.kind === "lab") {
        if (!lab.data) return null;
        jwks = lab.data.jwks;
        source = `the lab's JWKS (${lab.data.jwksUri})`;
      } else {
        const pasted = await readPastedKeys(keys.text, String(token.header.alg));
        if (!pasted.ok) return { source: "the pasted key", problem: pasted.problem, checks: [] };
        jwks = pasted.jwks;
        source = pasted.description;
      }
      const checks = await verifyJwtSteps(token, jwks, {
        algorithms: ASYMMETRIC_ALGORITHMS,
        ...(expectations.issuer ? { issuer: expectations.issuer } : {}),
        ...(expectations.audience ? { audience: expectations.audience } : {}),
        clockToleranceSeconds: expectations.clockToleranceSeconds,
        now: Date.now(),
      });
      return { source, problem: null, checks };
    },
  });
}

/** A FHIR request with the token, as an app would send it: the patient in context, or a search. */
export function useSendToFhir() {
  return useMutation({
    mutationFn: async (token: DecodedJwt) => {
      const patient = typeof token.payload.patient === "string" ? token.payload.patient : undefined;
      const url = `${labEndpoints.fhirBase}/${patient ? `Patient/${encodeURIComponent(patient)}` : "Patient?_count=1"}`;
      const response = await fetch(url, {
        headers: { accept: "application/fhir+json", authorization: `Bearer ${token.compact}` },
      });
      return { url, response: await shown(response) };
    },
  });
}

/**
 * Asks the authorization server about the token (RFC 7662), authenticated as a resource server would be: here as
 * the lab's confidential sample client, with HTTP Basic. Only the server knows about revocation.
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.1
 */
export function useIntrospection() {
  return useMutation({
    mutationFn: async (token: DecodedJwt) => {
      const client = await (await getLab()).authorization.getClient("lab-confidential-app");
      if (!client?.clientSecret)
        throw new Error("The lab's confidential sample client is missing: Reset lab restores it.");
      const response = await fetch(labEndpoints.introspect, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
          authorization: `Basic ${btoa(`${client.clientId}:${client.clientSecret}`)}`,
        },
        body: new URLSearchParams({ token: token.compact }).toString(),
      });
      return shown(response);
    },
  });
}

/** Revokes the token as its own client would (RFC 7009), so introspection and local verification can be compared. */
export function useRevocation() {
  return useMutation({
    mutationFn: async (token: DecodedJwt) => {
      const clientId = typeof token.payload.client_id === "string" ? token.payload.client_id : "";
      const response = await fetch(labEndpoints.revoke, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token: token.compact, client_id: clientId }).toString(),
      });
      return shown(response);
    },
  });
}

/**
 * The learner's own signing key, made in this page and never sent anywhere: RS256 like the lab's, so a token
 * re-signed with it under the lab's kid fails exactly where it should — at the signature.
 */
export function useLearnerKey() {
  return useQuery({
    queryKey: ["jwt-inspector", "learner-key"],
    queryFn: () => generateKeyPair("RS256"),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  });
}

/** Signs a header and payload with a key of the page's: what an attacker without the lab's key can do. */
export async function signWith(
  privateKey: CryptoKey,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ ...header, alg: "RS256" })
    .sign(privateKey);
}

/** What the assertion builder signs and sends. */
export interface AssertionInput {
  clientId: string;
  /** Seconds from now to `exp` (negative: already expired; over 300: too long for SMART). */
  lifetimeSeconds: number;
  jti: string;
  /** A private JWK the learner pasted for their own client, or undefined for the sample backend key. */
  privateJwk?: string;
  scope: string;
}

/**
 * Builds the client assertion a backend service sends — iss = sub = client_id, aud = the token URL, exp, jti,
 * RS384 or ES384 — and sends the `client_credentials` request with it.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/backend-services.html#protocol-details
 */
export function useAssertionRequest() {
  return useMutation({
    mutationFn: async (input: AssertionInput) => {
      const lab = await getLab();
      const jwk = input.privateJwk?.trim()
        ? (JSON.parse(input.privateJwk) as Awaited<ReturnType<typeof lab.authorization.sampleClientPrivateJwk>>)
        : await lab.authorization.sampleClientPrivateJwk("lab-backend-service");
      const alg = jwk?.alg === "RS384" ? "RS384" : jwk?.alg === "ES384" ? "ES384" : undefined;
      if (!jwk || !alg || typeof jwk.kid !== "string") {
        throw new Error('The key needs "alg" RS384 or ES384 and a "kid" (the kid registered for the client).');
      }
      const assertion = await signClientAssertion({
        clientId: input.clientId,
        tokenEndpoint: labEndpoints.token,
        privateKey: (await importJWK(jwk, alg)) as CryptoKey,
        alg,
        kid: jwk.kid,
        jti: input.jti,
        now: Date.now(),
        lifetimeSeconds: input.lifetimeSeconds,
      });
      const response = await fetch(labEndpoints.token, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          scope: input.scope,
          client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
          client_assertion: assertion,
        }).toString(),
      });
      return { assertion, response: await shown(response) };
    },
  });
}
