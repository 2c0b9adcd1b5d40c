import type { JWK } from "jose";
import { type FhirClient, loadFhirClient } from "../../lib/fhir-client.ts";
import type { SampleAppProfile } from "./sample-app-config.ts";

/** Secrets a confidential sample app holds (a real app keeps these on its back end). */
export interface SampleAppCredentials {
  clientSecret?: string;
  clientPrivateJwk?: JWK;
}

export interface LaunchOptions {
  profile: SampleAppProfile;
  scope: string;
  redirectUri: string;
  credentials: SampleAppCredentials;
  /** The FHIR base for a standalone launch; omitted in an EHR launch, where fhirclient reads `iss` from the URL. */
  iss?: string;
}

/**
 * Starts a SMART launch with fhirclient, unmodified: discovery, PKCE and the redirect to the authorize endpoint
 * are all fhirclient's own. Resolves never (the page navigates away) or rejects with fhirclient's error.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#obtain-authorization-code
 */
export async function launchSampleApp({ profile, scope, redirectUri, credentials, iss }: LaunchOptions) {
  const FHIR = await loadFhirClient();
  await FHIR.oauth2.authorize({
    clientId: profile.clientId,
    scope,
    redirectUri,
    ...(iss ? { iss } : {}),
    ...(profile.auth === "client-secret" && credentials.clientSecret ? { clientSecret: credentials.clientSecret } : {}),
    ...(profile.auth === "private-key-jwt" && credentials.clientPrivateJwk
      ? // fhirclient's JWK type is its own; the key is a standard private JWK with kid and alg.
        { clientPrivateJwk: credentials.clientPrivateJwk as never }
      : {}),
  });
}

/**
 * Completes the launch on the redirect page: fhirclient reads `code` and `state` from the real query string,
 * checks the state, and exchanges the code at the token endpoint. On a reload it restores the session instead.
 */
export async function completeSampleLaunch(): Promise<FhirClient> {
  const FHIR = await loadFhirClient();
  return FHIR.oauth2.ready();
}

/** The claims of the id_token fhirclient received, if any. */
export function idTokenClaims(client: FhirClient): Record<string, unknown> | null {
  const claims = client.getIdToken();
  return claims ? (claims as Record<string, unknown>) : null;
}

/** A one-line summary of the token response for the app's header. */
export function summarizeTokenResponse(client: FhirClient) {
  const token = client.state.tokenResponse ?? {};
  return {
    scope: typeof token.scope === "string" ? token.scope : "",
    patient: typeof token.patient === "string" ? token.patient : null,
    encounter: typeof token.encounter === "string" ? token.encounter : null,
    expiresIn: typeof token.expires_in === "number" ? token.expires_in : null,
    hasRefreshToken: typeof token.refresh_token === "string",
    fhirUser: client.getFhirUser() ?? null,
  };
}
