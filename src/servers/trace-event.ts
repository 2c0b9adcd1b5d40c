import type { ScopeDecisionReport } from "../protocol/fhir/scope-decision-report.ts";
import type { SecretValue } from "../protocol/oauth/find-secrets.ts";

/**
 * What the lab reports about each exchange, for the Timeline and the visualizers (DESIGN.md §1: trace events, not
 * console logs). A discriminated union: `kind` decides the type of `detail`, so every reader narrows by type and
 * never guesses a shape. Every decision a learner may want explained is data here.
 */
export type TraceEvent =
  | HttpExchangeEvent
  | EndpointAnsweredEvent
  | SearchFilteredEvent
  | AccessDecisionEvent
  | RequestCompletedEvent
  | ServerNoteEvent;

interface TraceBase {
  server: "authorization" | "fhir";
  /** Epoch milliseconds, from the injected clock. */
  at: number;
  /** One sentence a learner can read. */
  summary: string;
}

/** One HTTP message as it crossed the (mock) wire. */
interface HttpMessageRecord {
  headers: Record<string, string>;
  /** The body as text (cut when very long), or null without one. */
  body: string | null;
}

/** A request and its response, exactly as they crossed the wire, with the secrets they carry marked. */
export interface HttpExchangeDetail {
  request: HttpMessageRecord & { method: string; url: string };
  response: HttpMessageRecord & { status: number; statusText: string };
  durationMs: number;
  /** Credentials found in the request or response (codes, verifiers, tokens, secrets, Basic credentials). */
  secrets: SecretValue[];
}

/** Recorded by the HTTP adapter in front of each server (`src/lib/http-trace.ts`): the wire view. */
interface HttpExchangeEvent extends TraceBase {
  kind: "http.exchange";
  detail: HttpExchangeDetail;
}

/** The authorization server's own note of how an endpoint answered (the wire event carries the messages). */
interface EndpointAnsweredEvent extends TraceBase {
  kind: "endpoint.answered";
  detail: { endpoint: string; status: number; error?: { error: string; description: string } };
}

/** A secured search: what the token's scopes let through (and, when the request asked, what they hid). */
interface SearchFilteredEvent extends TraceBase {
  kind: "search.filtered";
  detail: ScopeDecisionReport;
}

/** One access decision of the FHIR server on one resource or type. */
interface AccessDecisionEvent extends TraceBase {
  kind: "access.allowed" | "access.denied";
  detail: { interaction: string; reference: string; decision: { allowed: boolean; by: string | null; reason: string } };
}

/** The FHIR server's note that it answered a request. */
interface RequestCompletedEvent extends TraceBase {
  kind: "request.completed";
  detail: { method: string; url: string; status: number; interaction: string; mode: "secured" | "open" };
}

/** Everything else the servers note; its detail is plain JSON data shown as it is. */
interface ServerNoteEvent extends TraceBase {
  kind: ServerNoteKind;
  detail?: unknown;
}

/** The kinds of {@link ServerNoteEvent}. */
export type ServerNoteKind =
  | "authorize.approved"
  | "authorize.denied"
  | "authorize.interaction"
  | "authorize.invalid-decision"
  | "authorize.signed-in"
  | "batch.processed"
  | "client.deleted"
  | "client.registered"
  | "client.updated"
  | "faults.changed"
  | "keys.generated"
  | "lab.reset"
  | "launch.created"
  | "resource.created"
  | "resource.deleted"
  | "resource.updated"
  | "server.error"
  | "session.ended"
  | "storage.discarded"
  | "storage.unavailable"
  | "token.code-replayed"
  | "token.introspected"
  | "token.issued"
  | "token.refresh-replayed"
  | "token.revoked"
  | "tokens.expired-now"
  | "transaction.committed"
  | `${string}.rejected`;

export type TraceListener = (event: TraceEvent) => void;

/** A listener that ignores everything, the default when nobody is watching. */
export const ignoreTrace: TraceListener = () => {};
