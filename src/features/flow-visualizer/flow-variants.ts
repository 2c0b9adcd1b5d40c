import { base64url } from "jose";
import { generateCodeVerifier } from "../../protocol/oauth/pkce.ts";
import { type FlowDeps, sendRecorded } from "./flow-actions.ts";
import type { StepId } from "./flow-plan.ts";
import type { FlowRecording, VariantResult } from "./flow-recording.ts";
import { assertionOf, authorizeUrl, fhirRequest, tokenRequest } from "./flow-requests.ts";

/** A way to break one step, sent to the real server (or, for `state`, checked by the app as a real app must). */
export interface FlowVariant {
  id: string;
  step: StepId;
  label: string;
  /** The rule that should fire, in one sentence. */
  rule: string;
  specUrl: string;
  /** Whether the variant can run now (it may need a code, tokens or an assertion). */
  available(recording: FlowRecording): boolean;
  run(recording: FlowRecording, deps: FlowDeps): Promise<Omit<VariantResult, "variant" | "step" | "at">>;
}

const RFC6749 = "https://www.rfc-editor.org/rfc/rfc6749";
const RFC7636 = "https://www.rfc-editor.org/rfc/rfc7636";
const IG = "https://hl7.org/fhir/smart-app-launch/STU2.2";

async function authorizeWith(
  recording: FlowRecording,
  deps: FlowDeps,
  overrides: Record<string, string | null>,
): Promise<Omit<VariantResult, "variant" | "step" | "at">> {
  const url = authorizeUrl(recording, overrides);
  if (!url) throw new Error("The authorization request needs discovery and PKCE first.");
  // The authorize endpoint is a page of the lab: this is exactly what that page does with its query.
  const server = await deps.authorization();
  const step = await server.beginAuthorization(new URL(url).searchParams);
  if (step.kind === "redirect") {
    const location = new URL(step.location);
    const error = location.searchParams.get("error");
    return {
      authorize: { kind: "redirect", location: step.location },
      outcome: error
        ? `The server redirected back with error=${error}: ${location.searchParams.get("error_description") ?? ""}`
        : "The server redirected back without an error.",
      refused: error !== null,
    };
  }
  if (step.kind === "error-page") {
    return {
      authorize: { kind: "error-page", error: step.error, description: step.description },
      outcome: `The server showed its own error page (${step.error}: ${step.description}) and did not redirect to the app.`,
      refused: true,
    };
  }
  return {
    authorize: { kind: "interaction" },
    outcome: "The server accepted the request and went on to sign-in.",
    refused: false,
  };
}

async function tokenWith(
  recording: FlowRecording,
  deps: FlowDeps,
  overrides: Record<string, string | null>,
): Promise<Omit<VariantResult, "variant" | "step" | "at">> {
  const planned = tokenRequest(recording, overrides);
  if (!planned) throw new Error("The token request needs the code (or the assertion) first.");
  const { exchange, response } = await sendRecorded(planned, deps);
  const body = (await response
    .clone()
    .json()
    .catch(() => ({}))) as { error?: string; error_description?: string };
  return {
    exchange,
    outcome: response.ok
      ? `The token endpoint answered ${response.status} and issued tokens.`
      : `The token endpoint answered ${response.status} ${body.error ?? ""}: ${body.error_description ?? ""}`,
    refused: !response.ok,
  };
}

const hasAuthorizeRequest = (recording: FlowRecording) => authorizeUrl(recording) !== undefined;
const hasCode = (recording: FlowRecording) => recording.code !== undefined && recording.kind !== "backend";

/** Every break-it variant, by the step it belongs to. */
export const FLOW_VARIANTS: readonly FlowVariant[] = [
  {
    id: "aud-other-server",
    step: "authorize-request",
    label: "Ask for a token for another server (aud)",
    rule: "The authorization server must refuse an aud that is not one of its FHIR servers, so no token for a counterfeit server is ever issued.",
    specUrl: `${IG}/app-launch.html#obtain-authorization-code`,
    available: hasAuthorizeRequest,
    run: (recording, deps) => authorizeWith(recording, deps, { aud: "https://fhir.attacker.example/r4" }),
  },
  {
    id: "pkce-plain",
    step: "authorize-request",
    label: "Use code_challenge_method=plain",
    rule: "SMART servers SHALL support S256 and SHALL NOT support plain: with plain the challenge is the verifier, and seeing the request is enough to steal the code.",
    specUrl: `${IG}/app-launch.html#considerations-for-pkce-support`,
    available: hasAuthorizeRequest,
    run: (recording, deps) =>
      authorizeWith(recording, deps, {
        code_challenge: recording.pkce?.verifier ?? "",
        code_challenge_method: "plain",
      }),
  },
  {
    id: "redirect-uri-unregistered",
    step: "authorize-request",
    label: "Send an unregistered redirect_uri",
    rule: "A redirect_uri that is not registered must not be redirected to: the server shows the error itself, or it would hand the code to an attacker's page.",
    specUrl: `${RFC6749}#section-4.1.2.1`,
    available: hasAuthorizeRequest,
    run: (recording, deps) => authorizeWith(recording, deps, { redirect_uri: "https://attacker.example/callback" }),
  },
  {
    id: "state-changed",
    step: "state-check",
    label: "Come back with another state",
    rule: "The app must compare state with the one it sent and refuse a response it did not ask for (CSRF): an attacker could otherwise make it redeem the attacker's code.",
    specUrl: `${RFC6749}#section-10.12`,
    available: (recording) => recording.state !== undefined && hasCode(recording),
    run: async (recording, deps) => {
      const forged = `${recording.id}.${base64url.encode(deps.randomBytes(16))}`;
      return {
        outcome: `The app compared the state it received (${forged}) with the one it sent (${recording.state}) and refused the response; it never sent the code to the token endpoint.`,
        refused: forged !== recording.state,
      };
    },
  },
  {
    id: "token-without-verifier",
    step: "token-request",
    label: "Exchange the code without the code_verifier",
    rule: "SMART requires PKCE: a token request without code_verifier is refused (invalid_request).",
    specUrl: `${RFC7636}#section-4.5`,
    available: hasCode,
    run: (recording, deps) => tokenWith(recording, deps, { code_verifier: null }),
  },
  {
    id: "token-other-verifier",
    step: "token-request",
    label: "Exchange the code with another verifier",
    rule: "The server hashes the verifier and compares it with the code_challenge bound to the code: a different verifier gives invalid_grant.",
    specUrl: `${RFC7636}#section-4.6`,
    available: hasCode,
    run: (recording, deps) => tokenWith(recording, deps, { code_verifier: generateCodeVerifier(deps.randomBytes) }),
  },
  {
    id: "token-redirect-uri-changed",
    step: "token-request",
    label: "Exchange the code with another redirect_uri",
    rule: "The token request must repeat the redirect_uri of the authorization request exactly (invalid_grant otherwise).",
    specUrl: `${RFC6749}#section-4.1.3`,
    available: hasCode,
    run: (recording, deps) => tokenWith(recording, deps, { redirect_uri: `${recording.redirectUri}/other` }),
  },
  {
    id: "code-replayed",
    step: "token-request",
    label: "Replay the code after it was used",
    rule: "A code is single-use. A second use is a sign it was stolen: the server refuses it and revokes the tokens the first use obtained.",
    specUrl: `${RFC6749}#section-4.1.2`,
    // Only once the flow is complete: the replay revokes the tokens the flow still needs otherwise.
    available: (recording) => hasCode(recording) && recording.hops.some((hop) => hop.step === "fhir-request"),
    run: async (recording, deps) => {
      const replay = await tokenWith(recording, deps, {});
      // Show the consequence: the access token of the first exchange no longer works.
      const planned = fhirRequest(recording);
      if (!planned) return replay;
      const { response } = await sendRecorded(planned, deps);
      return {
        ...replay,
        outcome: `${replay.outcome} Then the first access token, sent to the FHIR server again, got ${response.status}${response.status === 401 ? ": it was revoked" : ""}.`,
      };
    },
  },
  {
    id: "assertion-replayed",
    step: "token-request",
    label: "Send the same client assertion again",
    rule: "Each assertion's jti is single-use: the server remembers it until exp and refuses it again (invalid_client).",
    specUrl: `${IG}/client-confidential-asymmetric.html#signature-verification`,
    available: (recording) => recording.kind === "backend" && recording.tokens !== undefined,
    run: (recording, deps) => tokenWith(recording, deps, {}),
  },
  {
    id: "assertion-tampered",
    step: "token-request",
    label: "Change the assertion's claims without signing again",
    rule: "The signature covers the header and claims: an assertion altered after signing does not verify (invalid_client).",
    specUrl: `${IG}/client-confidential-asymmetric.html#signature-verification`,
    available: (recording) => recording.kind === "backend" && assertionOf(recording) !== undefined,
    run: (recording, deps) => {
      const [header = "", payload = "", signature = ""] = (assertionOf(recording) ?? "").split(".");
      const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as Record<string, unknown>;
      const forged = base64url.encode(JSON.stringify({ ...claims, jti: `${String(claims.jti)}-x` }));
      return tokenWith(recording, deps, { client_assertion: `${header}.${forged}.${signature}` });
    },
  },
];

/** The variants of one step. */
export function variantsOf(step: StepId, recording: FlowRecording): FlowVariant[] {
  return FLOW_VARIANTS.filter(
    (variant) => variant.step === step && (recording.kind === "backend") === variant.id.startsWith("assertion-"),
  );
}

/** Runs one variant and returns the recording with its result (the main flow is not changed). */
export async function runVariant(
  recording: FlowRecording,
  variant: FlowVariant,
  deps: FlowDeps,
): Promise<FlowRecording> {
  const result = await variant.run(recording, deps);
  return {
    ...recording,
    variants: [...recording.variants, { variant: variant.id, step: variant.step, at: deps.now(), ...result }],
  };
}
