import { describe, expect, it } from "vitest";
import { latestIssuedTokens } from "./latest-issued-tokens.ts";
import type { LoggedTraceEvent } from "./logged-trace-event.ts";

const TOKEN = "http://lab/auth/token";
let seq = 0;
function exchange(
  url: string,
  status: number,
  body: unknown,
  form = "grant_type=authorization_code&client_id=app",
): LoggedTraceEvent {
  seq++;
  return {
    seq,
    server: "authorization",
    kind: "http.exchange",
    at: seq * 1000,
    summary: "",
    detail: {
      request: { method: "POST", url, headers: {}, body: form },
      response: { status, statusText: "", headers: {}, body: typeof body === "string" ? body : JSON.stringify(body) },
      durationMs: 1,
      secrets: [],
    },
  };
}

describe("latestIssuedTokens", () => {
  it("takes the newest successful token response, skipping failures, other endpoints and cut bodies", () => {
    const events = [
      exchange(TOKEN, 200, { access_token: "old", id_token: "old-id" }),
      exchange(TOKEN, 200, { access_token: "new", id_token: "new-id", scope: "openid" }),
      exchange(TOKEN, 400, { error: "invalid_grant" }),
      exchange("http://lab/auth/introspect", 200, { active: true }),
      exchange(TOKEN, 200, '{"access_token": "cut… (900 more characters)'),
    ];
    expect(latestIssuedTokens(events, TOKEN)).toEqual({
      accessToken: "new",
      idToken: "new-id",
      scope: "openid",
      clientId: "app",
      at: 2000,
    });
  });

  it("is null without any launch", () => {
    expect(latestIssuedTokens([], TOKEN)).toBeNull();
  });
});
