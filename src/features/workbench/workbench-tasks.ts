import { escapeRegExp } from "../../lib/escape-reg-exp.ts";
import type { LoggedTraceEvent } from "../../lib/logged-trace-event.ts";

/** A task of the hands-on session, checked from what the learner's app really did (the Timeline). */
export interface TaskResult {
  id: "authorize" | "exchange" | "read-patient" | "refresh";
  title: string;
  passed: boolean;
  /** The event that shows it (or the failure closest to it). */
  evidence: { seq: number; summary: string } | null;
  /** What to do next, when not passed. */
  hint: string;
}

export interface TaskContext {
  /** The workbench app's client_id. */
  clientId: string;
  tokenEndpoint: string;
  /** The FHIR base the app must name as `aud` and read from. */
  fhirBase: string;
}

type Exchange = Extract<LoggedTraceEvent, { kind: "http.exchange" }>;

const form = (exchange: Exchange) => new URLSearchParams(exchange.detail.request.body ?? "");

function parseJson(text: string | null): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text ?? "") as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The event that passed the task, else the last attempt that failed it, else none. */
function evidence(passed: LoggedTraceEvent | undefined, failed: LoggedTraceEvent | undefined): TaskResult["evidence"] {
  const event = passed ?? failed;
  return event ? { seq: event.seq, summary: event.summary } : null;
}

/**
 * Checks the workbench's tasks against the Timeline: an authorization request with PKCE S256 and `aud`, the code
 * exchanged, the Patient in context read with the token, the token refreshed. Never from the code's text: only what
 * reached the lab's servers counts.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html
 */
export function checkWorkbenchTasks(events: readonly LoggedTraceEvent[], context: TaskContext): TaskResult[] {
  const exchanges = events.filter((event): event is Exchange => event.kind === "http.exchange");
  const tokenCalls = exchanges.filter(
    (exchange) => exchange.detail.request.method === "POST" && exchange.detail.request.url === context.tokenEndpoint,
  );
  const ofClient = clientTokenCalls(tokenCalls, context.clientId);
  const grant = (type: string) =>
    tokenCalls.filter((exchange) => ofClient.has(exchange) && form(exchange).get("grant_type") === type);

  // 1. The authorization request, as the server accepted (or refused) it.
  const accepted = events.filter((event) => {
    if (event.kind !== "authorize.interaction") return false;
    const detail = (event.detail ?? {}) as Record<string, unknown>;
    return detail.clientId === context.clientId;
  });
  const good = accepted.find((event) => {
    const detail = event.detail as Record<string, unknown>;
    return detail.codeChallengeMethod === "S256" && detail.aud === context.fhirBase;
  });
  const refused = [...events].reverse().find((event) => event.kind === "authorize.rejected");
  const authorize: TaskResult = {
    id: "authorize",
    title: "Your app sent an authorization request with PKCE S256 and aud",
    passed: good !== undefined,
    evidence: evidence(good, refused),
    hint: refused
      ? "The authorization server refused the last request (see the evidence). Check client_id, redirect_uri (it must be registered exactly), scope and aud."
      : "Run launch.html: it must redirect to the authorization endpoint with code_challenge_method=S256 and aud set to the FHIR base.",
  };

  // 2. The code exchanged for tokens.
  const codeCalls = grant("authorization_code");
  const exchanged = codeCalls.find((exchange) => exchange.detail.response.status === 200);
  const failedExchange = codeCalls.at(-1);
  const exchangeError = failedExchange ? parseJson(failedExchange.detail.response.body) : null;
  const exchange: TaskResult = {
    id: "exchange",
    title: "Your app exchanged the code for an access token",
    passed: exchanged !== undefined,
    evidence: evidence(exchanged, failedExchange),
    hint: failedExchange
      ? `The token endpoint answered ${failedExchange.detail.response.status} ${String(exchangeError?.error ?? "")}: ${String(exchangeError?.error_description ?? "")}`
      : "After the redirect back to index.html, the app must POST the code with its code_verifier to the token endpoint.",
  };

  // 3. The Patient in context, read with a token issued to this app.
  const issued = codeCalls
    .concat(grant("refresh_token"))
    .filter((call) => call.detail.response.status === 200)
    .map((call) => parseJson(call.detail.response.body))
    .filter((body): body is Record<string, unknown> => body !== null && typeof body.access_token === "string");
  const tokens = new Set(issued.map((body) => String(body.access_token)));
  const patients = new Set(issued.flatMap((body) => (typeof body.patient === "string" ? [body.patient] : [])));
  const patientReads = exchanges.filter((candidate) => {
    const { method, url, headers } = candidate.detail.request;
    if (method !== "GET") return false;
    const match = new RegExp(`^${escapeRegExp(context.fhirBase)}/Patient/([^/?#]+)`).exec(url);
    const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? "")?.[1];
    return match?.[1] !== undefined && patients.has(match[1]) && bearer !== undefined && tokens.has(bearer);
  });
  const read = patientReads.find((candidate) => candidate.detail.response.status === 200);
  const failedRead = patientReads.at(-1);
  const readPatient: TaskResult = {
    id: "read-patient",
    title: "Your app read the Patient in context",
    passed: read !== undefined,
    evidence: evidence(read, failedRead),
    hint: failedRead
      ? `GET Patient answered ${failedRead.detail.response.status}: does the granted scope include patient/Patient.r?`
      : patients.size === 0 && exchanged
        ? "The token response has no patient: ask for launch/patient (standalone) or launch (EHR launch)."
        : "With the access token, GET [FHIR base]/Patient/<the token response's patient> (client.patient.read() in fhirclient).",
  };

  // 4. A refresh.
  const refreshCalls = grant("refresh_token");
  const refreshed = refreshCalls.find((call) => call.detail.response.status === 200);
  const failedRefresh = refreshCalls.at(-1);
  const refresh: TaskResult = {
    id: "refresh",
    title: "Your app refreshed its token",
    passed: refreshed !== undefined,
    evidence: evidence(refreshed, failedRefresh),
    hint: failedRefresh
      ? `The refresh was refused (HTTP ${failedRefresh.detail.response.status}).`
      : issued.some((body) => typeof body.refresh_token === "string")
        ? "Press the app's Refresh button: it sends grant_type=refresh_token with the refresh token."
        : "No refresh token was issued: ask for offline_access (or online_access) and make sure it is granted.",
  };

  return [authorize, exchange, readPatient, refresh];
}

/**
 * The token requests made by one client: those that name it (`client_id`, as a public client's code exchange does),
 * and refreshes of a refresh token it was issued — a public client need not name itself there (fhirclient does not).
 */
export function clientTokenCalls(calls: readonly Exchange[], clientId: string): Set<Exchange> {
  const mine = new Set<Exchange>();
  const refreshTokens = new Set<string>();
  for (const call of calls) {
    const body = form(call);
    const named = body.get("client_id") === clientId;
    const refreshing = body.get("grant_type") === "refresh_token" && refreshTokens.has(body.get("refresh_token") ?? "");
    if (!named && !refreshing) continue;
    mine.add(call);
    const issued = parseJson(call.detail.response.body)?.refresh_token;
    if (typeof issued === "string") refreshTokens.add(issued);
  }
  return mine;
}
