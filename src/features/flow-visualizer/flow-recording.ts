import type { SecretValue } from "../../protocol/oauth/find-secrets.ts";
import type { HttpExchangeDetail } from "../../servers/trace-event.ts";
import type { FlowKind, StepId } from "./flow-plan.ts";

/** What the app did inside itself at a step (no message crossed a wire). */
type AppWork =
  | { type: "launch-received"; iss: string; launch: string; trusted: boolean }
  | { type: "pkce"; verifier: string; challenge: string; state: string }
  | { type: "state-check"; sent: string; received: string | null; ok: boolean }
  | { type: "assertion"; header: Record<string, unknown>; claims: Record<string, unknown>; jwt: string };

/** One thing that happened at a step: an HTTP exchange, a browser navigation, or work inside the app. */
export type FlowHop =
  | { step: StepId; kind: "http"; at: number; exchange: HttpExchangeDetail }
  | { step: StepId; kind: "navigation"; at: number; url: string; secrets: SecretValue[] }
  | { step: StepId; kind: "app"; at: number; work: AppWork };

/** A "break it" request sent at a step, and what the real server answered. */
export interface VariantResult {
  variant: string;
  step: StepId;
  at: number;
  /** The HTTP exchange, when the variant went over HTTP. */
  exchange?: HttpExchangeDetail;
  /** What the authorization page decided, when the variant was an authorization request. */
  authorize?:
    | { kind: "redirect"; location: string }
    | { kind: "error-page"; error: string; description: string }
    | { kind: "interaction" };
  /** The outcome in one sentence, with the rule that fired. */
  outcome: string;
  /** Whether the server (or app) refused as the rule says it must. */
  refused: boolean;
}

/** The token response fields the flow keeps (the access token is needed for the FHIR step). */
export interface FlowTokens {
  access_token: string;
  token_type: string;
  expires_in?: number;
  scope?: string;
  patient?: string;
  encounter?: string;
  id_token?: string;
  refresh_token?: string;
}

/**
 * Everything a flow has done so far, replayable without sending anything again (time travel). It lives in the
 * tab's sessionStorage, so it survives the flow's own redirects and a reload — and holds the codes, verifiers and
 * tokens no longer than the lab's other session data. It is never put in a link.
 */
export interface FlowRecording {
  version: 1;
  kind: FlowKind;
  /** Random id, also the start of `state`, so a callback can be matched to its recording. */
  id: string;
  startedAt: number;
  clientId: string;
  scope: string;
  /** The FHIR base the app talks to (`iss` in an EHR launch). */
  fhirBase: string;
  redirectUri: string;
  /** Where the learner came from (a lesson, the flow page), to return to after the redirects. */
  returnTo: string;
  /** Stop before every hop the app makes, so a class can read the URL first. */
  pauseBeforeHops: boolean;
  /** For an EHR launch: the context the EHR launches with. */
  ehr?: { patient: string; encounter?: string; personaId: string };
  hops: FlowHop[];
  /** From discovery. */
  endpoints?: { authorize: string; token: string };
  launch?: string;
  pkce?: { verifier: string; challenge: string };
  state?: string;
  code?: string;
  tokens?: FlowTokens;
  variants: VariantResult[];
  /** The step the view shows (an index into the plan); moving it back and forth replays the recording. */
  cursor: number;
  /** A step that failed, with the reason (the flow stops there; Restart begins again). */
  failure?: { step: StepId; reason: string };
}

/** The hops recorded for one step. */
export function hopsOf(recording: FlowRecording, step: StepId): FlowHop[] {
  return recording.hops.filter((hop) => hop.step === step);
}

/** Whether a step has happened (has a hop, or — sign-in and consent — the step after it has). */
export function isStepDone(recording: FlowRecording, step: StepId): boolean {
  if (step === "login-consent") return recording.hops.some((hop) => hop.step === "authorize-response");
  return recording.hops.some((hop) => hop.step === step);
}

/** The recording with one more hop. */
export function withHop(recording: FlowRecording, hop: FlowHop): FlowRecording {
  return { ...recording, hops: [...recording.hops, hop] };
}
