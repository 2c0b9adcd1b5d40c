import { describe, expect, it } from "vitest";
import type { LoggedTraceEvent } from "../../lib/logged-trace-event.ts";
import { lastLaunchConsent } from "./last-launch.ts";

const TOKEN = "http://lab/auth/token";

function approved(requested: string, granted: string, seq: number): LoggedTraceEvent {
  return {
    seq,
    at: seq,
    server: "authorization",
    kind: "authorize.approved",
    summary: "",
    detail: { clientId: "app", requested, granted },
  };
}

function tokenResponse(body: Record<string, unknown>, seq: number): LoggedTraceEvent {
  return {
    seq,
    at: seq,
    server: "authorization",
    kind: "http.exchange",
    summary: "",
    detail: {
      request: { method: "POST", url: TOKEN, headers: {}, body: "grant_type=authorization_code" },
      response: { status: 200, statusText: "", headers: {}, body: JSON.stringify(body) },
      durationMs: 1,
      secrets: [],
    },
  };
}

describe("lastLaunchConsent", () => {
  it("says of each scope asked for whether it was granted, narrowed or not granted, and what the app received", () => {
    const launch = lastLaunchConsent(
      [
        approved("launch/patient patient/*.cruds openid fhirUser", "launch/patient patient/*.rs openid", 1),
        tokenResponse(
          {
            access_token: "x",
            token_type: "Bearer",
            scope: "launch/patient patient/*.rs openid",
            patient: "smart-1",
            expires_in: 3600,
          },
          2,
        ),
      ],
      TOKEN,
    );
    expect(launch?.scopes).toEqual([
      { scope: "launch/patient", outcome: "granted as asked" },
      { scope: "patient/*.cruds", outcome: "narrowed by the server to patient/*.rs" },
      { scope: "openid", outcome: "granted as asked" },
      { scope: "fhirUser", outcome: expect.stringMatching(/^not granted/) },
    ]);
    expect(launch?.received).toEqual({
      token_type: "Bearer",
      expires_in: "3600",
      scope: "launch/patient patient/*.rs openid",
      patient: "smart-1",
      access_token: "(issued)",
    });
  });

  it("is null before any launch", () => {
    expect(lastLaunchConsent([], TOKEN)).toBeNull();
  });
});
