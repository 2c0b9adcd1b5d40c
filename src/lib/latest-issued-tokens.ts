import type { LoggedTraceEvent } from "./logged-trace-event.ts";

/** The tokens of the lab's latest launch in this tab, as its token endpoint issued them. */
export interface IssuedTokens {
  accessToken?: string;
  idToken?: string;
  clientId?: string;
  scope?: string;
  /** Epoch milliseconds of the token response. */
  at: number;
}

/**
 * The newest successful token response in the Timeline that carried an access token (the sample app's, the flow
 * view's, the workbench's — every launch in this tab goes through the lab's token endpoint).
 */
export function latestIssuedTokens(events: readonly LoggedTraceEvent[], tokenEndpoint: string): IssuedTokens | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (event?.kind !== "http.exchange") continue;
    const { request, response } = event.detail;
    if (request.url !== tokenEndpoint || response.status !== 200 || !response.body) continue;
    try {
      const body = JSON.parse(response.body) as Record<string, unknown>;
      if (typeof body.access_token !== "string") continue;
      const clientId = new URLSearchParams(request.body ?? "").get("client_id");
      const issued: IssuedTokens = { accessToken: body.access_token, at: event.at };
      if (typeof body.id_token === "string") issued.idToken = body.id_token;
      if (typeof body.scope === "string") issued.scope = body.scope;
      if (clientId) issued.clientId = clientId;
      return issued;
    } catch {
      // A cut body (over the Timeline's size limit) or not JSON: look further back.
    }
  }
  return null;
}
