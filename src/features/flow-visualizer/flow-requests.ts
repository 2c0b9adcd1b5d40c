import type { StepId } from "./flow-plan.ts";
import { type FlowRecording, hopsOf } from "./flow-recording.ts";

/** A request the app is about to send (shown before it is sent when the flow pauses). */
export interface PlannedRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

/** What the app will do at a step: send a request, send the browser somewhere, or neither. */
export type PlannedHop =
  | { kind: "http"; request: PlannedRequest }
  | { kind: "navigation"; url: string }
  | { kind: "none" };

/** The client assertion the backend flow signed (its compact JWT), if it has. */
export function assertionOf(recording: FlowRecording): string | undefined {
  for (const hop of hopsOf(recording, "client-assertion"))
    if (hop.kind === "app" && hop.work.type === "assertion") return hop.work.jwt;
  return undefined;
}

/** The authorization request URL the app builds, in the order fhirclient writes it. @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#request-4 */
export function authorizeUrl(
  recording: FlowRecording,
  overrides: Record<string, string | null> = {},
): string | undefined {
  if (!recording.endpoints || !recording.pkce || !recording.state) return undefined;
  const params = new URLSearchParams({
    response_type: "code",
    client_id: recording.clientId,
    scope: recording.scope,
    redirect_uri: recording.redirectUri,
    aud: recording.fhirBase,
    state: recording.state,
  });
  if (recording.launch) params.set("launch", recording.launch);
  params.set("code_challenge", recording.pkce.challenge);
  params.set("code_challenge_method", "S256");
  for (const [name, value] of Object.entries(overrides)) {
    if (value === null) params.delete(name);
    else params.set(name, value);
  }
  return `${recording.endpoints.authorize}?${params}`;
}

/** The token request's form fields (code exchange, or client credentials for the backend flow). */
function tokenRequestForm(
  recording: FlowRecording,
  overrides: Record<string, string | null> = {},
): URLSearchParams | undefined {
  let form: URLSearchParams;
  if (recording.kind === "backend") {
    const assertion = assertionOf(recording);
    if (!assertion) return undefined;
    form = new URLSearchParams({
      grant_type: "client_credentials",
      scope: recording.scope,
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion,
    });
  } else {
    if (!recording.code || !recording.pkce) return undefined;
    form = new URLSearchParams({
      grant_type: "authorization_code",
      code: recording.code,
      redirect_uri: recording.redirectUri,
      code_verifier: recording.pkce.verifier,
      client_id: recording.clientId,
    });
  }
  for (const [name, value] of Object.entries(overrides)) {
    if (value === null) form.delete(name);
    else form.set(name, value);
  }
  return form;
}

/** The token request as sent (direct POST, form-encoded). */
export function tokenRequest(
  recording: FlowRecording,
  overrides: Record<string, string | null> = {},
): PlannedRequest | undefined {
  const form = tokenRequestForm(recording, overrides);
  if (!form || !recording.endpoints) return undefined;
  return {
    method: "POST",
    url: recording.endpoints.token,
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: form.toString(),
  };
}

/** The FHIR request the app makes with its token: the patient in context, or a system-level search. */
export function fhirRequest(
  recording: FlowRecording,
  accessToken = recording.tokens?.access_token,
): PlannedRequest | undefined {
  if (!accessToken) return undefined;
  const patient = recording.tokens?.patient;
  const path = recording.kind === "backend" ? "Patient?_count=3" : patient ? `Patient/${patient}` : "Patient?_count=3";
  return {
    method: "GET",
    url: `${recording.fhirBase}/${path}`,
    headers: { accept: "application/fhir+json", authorization: `Bearer ${accessToken}` },
    body: null,
  };
}

/** The discovery request. @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html#using-well-known */
export function discoveryRequest(recording: FlowRecording): PlannedRequest {
  return {
    method: "GET",
    url: `${recording.fhirBase}/.well-known/smart-configuration`,
    headers: { accept: "application/json" },
    body: null,
  };
}

/** What the app will send at a step, from what it knows so far. */
export function plannedHop(recording: FlowRecording, step: StepId): PlannedHop {
  const http = (request: PlannedRequest | undefined): PlannedHop =>
    request ? { kind: "http", request } : { kind: "none" };
  switch (step) {
    case "discovery":
      return http(discoveryRequest(recording));
    case "authorize-request": {
      const url = authorizeUrl(recording);
      return url ? { kind: "navigation", url } : { kind: "none" };
    }
    case "token-request":
      return http(tokenRequest(recording));
    case "fhir-request":
      return http(fhirRequest(recording));
    default:
      return { kind: "none" };
  }
}
