import { base64url, decodeJwt, decodeProtectedHeader, importJWK } from "jose";
import { signClientAssertion } from "../../protocol/oauth/client-assertion.ts";
import { findSecrets } from "../../protocol/oauth/find-secrets.ts";
import { calculateS256CodeChallenge, generateCodeVerifier, isCodeVerifier } from "../../protocol/oauth/pkce.ts";
import type { AuthorizationServer } from "../../servers/authorization-server/create-authorization-server.ts";
import type { HttpExchangeDetail } from "../../servers/trace-event.ts";
import type { FlowKind, StepId } from "./flow-plan.ts";
import type { FlowRecording, FlowTokens } from "./flow-recording.ts";
import { withHop } from "./flow-recording.ts";
import { discoveryRequest, fhirRequest, type PlannedRequest, tokenRequest } from "./flow-requests.ts";
import { flowView, stepIndex } from "./flow-steps.ts";

/** The lab's authorization server, as far as the flow's EHR, backend service and variants use it directly. */
type FlowAuthorizationServer = Pick<
  AuthorizationServer,
  "createEhrLaunch" | "ehrLaunchUrl" | "sampleClientPrivateJwk" | "beginAuthorization"
>;

/** Everything with a side effect the flow needs, injected (the page passes the browser's; tests the servers'). */
export interface FlowDeps {
  /** Sends a request (in the page: window.fetch, which the mock service worker answers). */
  fetch(request: Request): Promise<Response>;
  /** Records an exchange as it crossed the wire (the Timeline's own capture, with secrets marked). */
  capture(request: Request, response: Response, durationMs: number): Promise<HttpExchangeDetail>;
  /** Sends the browser to a URL (the page is left); called after the recording is saved. */
  navigate(url: string): void;
  /** Saves the recording before a navigation leaves the page. */
  save(recording: FlowRecording): void;
  authorization(): Promise<FlowAuthorizationServer>;
  now(): number;
  randomBytes(n: number): Uint8Array;
}

/** What a new flow needs to know about the lab. */
export interface FlowStart {
  kind: FlowKind;
  fhirBase: string;
  redirectUri: string;
  returnTo: string;
  pauseBeforeHops: boolean;
  /** Overrides the flow's default scope. */
  scope?: string;
  ehr?: { patient: string; encounter?: string; personaId: string };
  /** A code_verifier the learner typed (or RFC 7636's example); a random one otherwise. */
  verifier?: string;
}

/** The app's client and scope per flow. */
export const FLOW_CLIENTS: Readonly<Record<FlowKind, { clientId: string; scope: string }>> = {
  standalone: {
    clientId: "lab-flow-app",
    scope: "launch/patient openid fhirUser patient/Patient.rs patient/Observation.rs",
  },
  ehr: {
    clientId: "lab-flow-app",
    scope: "launch openid fhirUser patient/Patient.rs patient/Encounter.rs patient/Observation.rs",
  },
  backend: { clientId: "lab-backend-service", scope: "system/Patient.rs system/Observation.rs" },
};

/** A fresh recording, before any step. */
export function startRecording(start: FlowStart, deps: Pick<FlowDeps, "now" | "randomBytes">): FlowRecording {
  const client = FLOW_CLIENTS[start.kind];
  const recording: FlowRecording = {
    version: 1,
    kind: start.kind,
    id: base64url.encode(deps.randomBytes(9)),
    startedAt: deps.now(),
    clientId: client.clientId,
    scope: start.scope ?? client.scope,
    fhirBase: start.fhirBase,
    redirectUri: start.redirectUri,
    returnTo: start.returnTo,
    pauseBeforeHops: start.pauseBeforeHops,
    hops: [],
    variants: [],
    cursor: 0,
  };
  if (start.ehr) recording.ehr = start.ehr;
  // The verifier is drawn up front, so the learner can read (or replace) it before the app uses it.
  if (start.kind !== "backend") {
    recording.pkce = { verifier: start.verifier ?? generateCodeVerifier(deps.randomBytes), challenge: "" };
  }
  return recording;
}

/** Sends a request and records the exchange as it crossed the wire. */
export async function sendRecorded(
  planned: PlannedRequest,
  deps: Pick<FlowDeps, "fetch" | "capture" | "now">,
): Promise<{ exchange: HttpExchangeDetail; response: Response }> {
  const request = new Request(planned.url, {
    method: planned.method,
    headers: planned.headers,
    ...(planned.body !== null ? { body: planned.body } : {}),
  });
  const started = deps.now();
  const copy = request.clone();
  const response = await deps.fetch(request);
  const exchange = await deps.capture(copy, response, deps.now() - started);
  return { exchange, response };
}

function fail(recording: FlowRecording, step: StepId, reason: string): FlowRecording {
  return { ...recording, failure: { step, reason }, cursor: stepIndex(recording.kind, step) };
}

function errorSentence(body: unknown, status: number): string {
  if (body && typeof body === "object") {
    const oauth = body as { error?: unknown; error_description?: unknown; issue?: { diagnostics?: string }[] };
    if (typeof oauth.error === "string") return `${status} ${oauth.error}: ${String(oauth.error_description ?? "")}`;
    const diagnostics = oauth.issue?.[0]?.diagnostics;
    if (diagnostics) return `${status}: ${diagnostics}`;
  }
  return `HTTP ${status}`;
}

async function json(response: Response): Promise<unknown> {
  try {
    return await response.clone().json();
  } catch {
    return undefined;
  }
}

/**
 * Makes the app (or, in an EHR launch, the EHR) do the flow's next step for real, against the lab's servers,
 * and returns the recording with what happened. Steps that leave the page (the redirect to the authorization
 * endpoint, the EHR opening the app) save the recording first and then navigate.
 */
export async function performNextStep(recording: FlowRecording, deps: FlowDeps): Promise<FlowRecording> {
  const view = flowView(recording);
  if (view.next === null) return recording;
  const step = view.steps[view.next];
  if (!step) return recording;
  const at = deps.now();
  const id = step.definition.id;
  const moved = (next: FlowRecording): FlowRecording => ({ ...next, cursor: view.next ?? next.cursor });
  switch (id) {
    case "ehr-launch": {
      if (!recording.ehr) return fail(recording, id, "The EHR launch needs a patient and a user.");
      const server = await deps.authorization();
      const launch = await server.createEhrLaunch({
        patient: recording.ehr.patient,
        ...(recording.ehr.encounter ? { encounter: recording.ehr.encounter } : {}),
        personaId: recording.ehr.personaId,
        clientId: recording.clientId,
      });
      const url = await server.ehrLaunchUrl(launch, recording.clientId);
      if (!url) return fail(recording, id, `The app ${recording.clientId} has no launch URL registered.`);
      const next = moved(withHop(recording, { step: id, kind: "navigation", at, url, secrets: [] }));
      deps.save(next);
      deps.navigate(url);
      return next;
    }
    case "launch-received":
      return fail(recording, id, "The app was not opened by the EHR: start the EHR launch again.");
    case "discovery": {
      const { exchange, response } = await sendRecorded(discoveryRequest(recording), deps);
      let next = moved(withHop(recording, { step: id, kind: "http", at, exchange }));
      const body = (await json(response)) as { authorization_endpoint?: unknown; token_endpoint?: unknown } | undefined;
      if (!response.ok || typeof body?.token_endpoint !== "string") {
        return fail(next, id, `Discovery failed: ${errorSentence(body, response.status)}`);
      }
      next = {
        ...next,
        endpoints: { authorize: String(body.authorization_endpoint ?? ""), token: body.token_endpoint },
      };
      return next;
    }
    case "pkce": {
      const typed = recording.pkce?.verifier;
      if (typed !== undefined && !isCodeVerifier(typed)) {
        return fail(
          recording,
          id,
          "The code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636 §4.1).",
        );
      }
      const verifier = typed ?? generateCodeVerifier(deps.randomBytes);
      const challenge = await calculateS256CodeChallenge(verifier);
      // The recording's id starts the state, so the callback page finds the recording the response belongs to.
      const state = `${recording.id}.${base64url.encode(deps.randomBytes(16))}`;
      const next = withHop(recording, {
        step: id,
        kind: "app",
        at,
        work: { type: "pkce", verifier, challenge, state },
      });
      return moved({ ...next, pkce: { verifier, challenge }, state });
    }
    case "authorize-request": {
      const url = step.planned.kind === "navigation" ? step.planned.url : undefined;
      if (!url) return fail(recording, id, "The authorization request needs discovery and PKCE first.");
      const next = moved(withHop(recording, { step: id, kind: "navigation", at, url, secrets: [] }));
      deps.save(next);
      deps.navigate(url);
      return next;
    }
    case "login-consent":
    case "authorize-response":
      return recording;
    case "state-check": {
      const callback = recording.hops.find((hop) => hop.step === "authorize-response");
      const received = callback?.kind === "navigation" ? new URL(callback.url).searchParams.get("state") : null;
      const sent = recording.state ?? "";
      const ok = received === sent;
      const next = moved(
        withHop(recording, { step: id, kind: "app", at, work: { type: "state-check", sent, received, ok } }),
      );
      return ok
        ? next
        : fail(next, id, "The state that came back is not the one the app sent: it refuses the response.");
    }
    case "client-assertion": {
      const server = await deps.authorization();
      const jwk = await server.sampleClientPrivateJwk(recording.clientId);
      const alg: "RS384" | "ES384" | undefined =
        jwk?.alg === "RS384" ? "RS384" : jwk?.alg === "ES384" ? "ES384" : undefined;
      if (!jwk?.kid || !alg || !recording.endpoints)
        return fail(recording, id, "The backend service has no signing key.");
      const jwt = await signClientAssertion({
        clientId: recording.clientId,
        tokenEndpoint: recording.endpoints.token,
        privateKey: (await importJWK(jwk, alg)) as CryptoKey,
        alg,
        kid: jwk.kid,
        jti: base64url.encode(deps.randomBytes(16)),
        now: deps.now(),
        lifetimeSeconds: 240,
      });
      const work = { type: "assertion" as const, header: decodeProtectedHeader(jwt), claims: decodeJwt(jwt), jwt };
      return moved(withHop(recording, { step: id, kind: "app", at, work }));
    }
    case "token-request": {
      const planned = tokenRequest(recording);
      if (!planned) return fail(recording, id, "The token request needs the code (or the assertion) first.");
      const { exchange, response } = await sendRecorded(planned, deps);
      const next = moved(withHop(recording, { step: id, kind: "http", at, exchange }));
      const body = await json(response);
      if (!response.ok) return fail(next, id, `The token endpoint refused: ${errorSentence(body, response.status)}`);
      return { ...next, tokens: body as FlowTokens };
    }
    case "fhir-request": {
      const planned = fhirRequest(recording);
      if (!planned) return fail(recording, id, "The FHIR request needs an access token first.");
      const { exchange, response } = await sendRecorded(planned, deps);
      const next = moved(withHop(recording, { step: id, kind: "http", at, exchange }));
      return response.ok
        ? next
        : fail(next, id, `The FHIR server refused: ${errorSentence(await json(response), response.status)}`);
    }
  }
}

/**
 * Records the browser's arrival at the redirect URI (`?code&state`, or `?error`): the authorization server's
 * redirect back, after the user signed in and consented on its pages.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 */
export function receiveCallback(recording: FlowRecording, href: string, now: number): FlowRecording {
  const params = new URL(href).searchParams;
  const secrets = findSecrets({ url: href, headers: {}, body: null });
  const next: FlowRecording = {
    ...withHop(recording, { step: "authorize-response", kind: "navigation", at: now, url: href, secrets }),
    cursor: stepIndex(recording.kind, "authorize-response"),
  };
  const error = params.get("error");
  if (error !== null) {
    return fail(
      next,
      "authorize-response",
      `The authorization server answered ${error}: ${params.get("error_description") ?? ""}`,
    );
  }
  const code = params.get("code");
  return code === null
    ? fail(next, "authorize-response", "The redirect carries neither code nor error.")
    : { ...next, code };
}

/**
 * Records the app being opened at its launch URL with `iss` and `launch` (an EHR launch). An `iss` the app does
 * not know is refused: it must not run discovery, let alone send a token, to a server it was not set up for.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#launch-app-ehr-launch
 */
export function receiveLaunch(recording: FlowRecording, href: string, now: number): FlowRecording {
  const params = new URL(href).searchParams;
  const iss = params.get("iss") ?? "";
  const launch = params.get("launch") ?? "";
  const trusted = iss === recording.fhirBase;
  let next = recording.hops.some((hop) => hop.step === "ehr-launch")
    ? recording
    : withHop(recording, { step: "ehr-launch", kind: "navigation", at: now, url: href, secrets: [] });
  next = withHop(next, {
    step: "launch-received",
    kind: "app",
    at: now,
    work: { type: "launch-received", iss, launch, trusted },
  });
  next = { ...next, launch, cursor: stepIndex(recording.kind, "launch-received") };
  if (!trusted)
    return fail(next, "launch-received", `iss ${iss || "(missing)"} is not the FHIR server this app was set up for.`);
  if (launch === "") return fail(next, "launch-received", "The launch URL carries no launch parameter.");
  return next;
}
