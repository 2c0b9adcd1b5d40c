import type { LoggedTraceEvent } from "../../lib/logged-trace-event.ts";
import type { SecretValue } from "../../protocol/oauth/find-secrets.ts";
import { clientTokenCalls, type TaskContext } from "./workbench-tasks.ts";

/** One request of the learner's last launch, as the raw-HTTP view shows it. */
export interface RunRequest {
  seq: number;
  /** A browser navigation (the authorization request) or an HTTP request the app's code sent. */
  via: "browser" | "http";
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  status: number | null;
  /** The credentials in it (codes, verifiers, tokens), masked until the learner asks to see them. */
  secrets: SecretValue[];
}

type Exchange = Extract<LoggedTraceEvent, { kind: "http.exchange" }>;

/**
 * The requests of the learner app's last launch, in order: discovery, the authorization request (a navigation,
 * rebuilt from what the server noted — its state and code challenge are not kept), the token requests, and the FHIR
 * requests made with the tokens it got. The same launch as raw HTTP, whatever library made it.
 */
export function lastRunRequests(
  events: readonly LoggedTraceEvent[],
  context: TaskContext & { authorizeEndpoint: string },
): RunRequest[] {
  let start = -1;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (
      event?.kind === "authorize.interaction" &&
      (event.detail as { clientId?: unknown })?.clientId === context.clientId
    ) {
      start = i;
      break;
    }
  }
  if (start < 0) return [];
  const requests: RunRequest[] = [];
  // Discovery happens just before the authorization request: the newest one before it.
  for (let i = start - 1; i >= 0; i--) {
    const event = events[i];
    if (event?.kind === "http.exchange" && event.detail.request.url.endsWith("/.well-known/smart-configuration")) {
      requests.push(fromExchange(event));
      break;
    }
  }
  const interaction = events[start] as LoggedTraceEvent;
  const detail = (interaction.detail ?? {}) as Record<string, unknown>;
  const query = new URLSearchParams({ response_type: "code", client_id: context.clientId });
  for (const [name, key] of [
    ["redirect_uri", "redirectUri"],
    ["scope", "scope"],
    ["aud", "aud"],
  ] as const)
    if (typeof detail[key] === "string") query.set(name, detail[key]);
  if (typeof detail.launch === "string") query.set("launch", detail.launch);
  query.set("state", "…");
  query.set("code_challenge", "…");
  query.set("code_challenge_method", "S256");
  requests.push({
    seq: interaction.seq,
    via: "browser",
    method: "GET",
    url: `${context.authorizeEndpoint}?${query}`,
    headers: {},
    body: null,
    status: null,
    secrets: [],
  });
  const tokens = new Set<string>();
  const after = events.slice(start + 1).filter((event): event is Exchange => event.kind === "http.exchange");
  const mine = clientTokenCalls(
    after.filter(
      (event) => event.detail.request.method === "POST" && event.detail.request.url === context.tokenEndpoint,
    ),
    context.clientId,
  );
  for (const event of after) {
    const { request, response } = event.detail;
    if (request.method === "POST" && request.url === context.tokenEndpoint) {
      if (!mine.has(event)) continue;
      try {
        const token = (JSON.parse(response.body ?? "") as { access_token?: unknown }).access_token;
        if (typeof token === "string") tokens.add(token);
      } catch {
        // An error response: still part of the run.
      }
      requests.push(fromExchange(event));
    } else if (request.url.startsWith(`${context.fhirBase}/`)) {
      const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? "")?.[1];
      if (bearer !== undefined && tokens.has(bearer)) requests.push(fromExchange(event));
    }
  }
  return requests;
}

function fromExchange(event: Exchange): RunRequest {
  const { request, response } = event.detail;
  return {
    seq: event.seq,
    via: "http",
    method: request.method,
    url: request.url,
    headers: request.headers,
    body: request.body,
    status: response.status,
    secrets: event.detail.secrets,
  };
}
