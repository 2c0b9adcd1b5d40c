import { describe, expect, it } from "vitest";
import type { LoggedTraceEvent } from "../../lib/logged-trace-event.ts";
import { lastLaunchConsent } from "./last-launch.ts";

const TOKEN = "http://lab/auth/token";

function approved(requested: string, granted: string, seq: number, offers?: unknown): LoggedTraceEvent {
  return {
    seq,
    at: seq,
    server: "authorization",
    kind: "authorize.approved",
    summary: "",
    detail: { clientId: "app", requested, granted, ...(offers === undefined ? {} : { offers }) },
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

  it("tells what the user unticked from what the server dropped or narrowed, from the consent screen's offers", () => {
    const offers = [
      { requested: "launch/patient", grantable: "launch/patient", narrowed: false, reason: "ok" },
      { requested: "patient/*.cruds", grantable: "patient/*.rs", narrowed: true, reason: "the app may only read" },
      {
        requested: "patient/Observation.rs?_count=1",
        grantable: null,
        narrowed: false,
        reason: "_count is not a filter",
      },
      { requested: "openid", grantable: "openid", narrowed: false, reason: "ok" },
      { requested: "launch/encounter", grantable: "launch/encounter", narrowed: false, reason: "ok" },
    ];
    const launch = lastLaunchConsent(
      [
        approved(
          "launch/patient patient/*.cruds patient/Observation.rs?_count=1 openid launch/encounter",
          "launch/patient patient/*.rs launch/encounter",
          1,
          offers,
        ),
        tokenResponse({ access_token: "x", token_type: "Bearer", scope: "launch/patient patient/*.rs" }, 2),
      ],
      TOKEN,
    );
    expect(launch?.scopes).toEqual([
      { scope: "launch/patient", outcome: "granted as asked" },
      { scope: "patient/*.cruds", outcome: "narrowed by the server to patient/*.rs: the app may only read" },
      { scope: "patient/Observation.rs?_count=1", outcome: "dropped by the server: _count is not a filter" },
      { scope: "openid", outcome: "unticked at consent" },
      { scope: "launch/encounter", outcome: "approved at consent, but not in the token" },
    ]);
  });

  it("skips the playground's own approvals (a lab shortcut, no consent page shown)", () => {
    const shortcut = approved("patient/Patient.r", "patient/Patient.r", 3);
    shortcut.detail = { ...(shortcut.detail as object), labShortcut: "scope playground" };
    const launch = lastLaunchConsent([approved("openid", "openid", 1), shortcut], TOKEN);
    expect(launch?.requested).toBe("openid");
    expect(lastLaunchConsent([shortcut], TOKEN)).toBeNull();
  });

  it("ignores malformed offers in a loaded Timeline", () => {
    const launch = lastLaunchConsent([approved("openid", "", 1, [null, 3, { requested: 1 }, "x"])], TOKEN);
    expect(launch?.scopes[0]?.outcome).toMatch(/^not granted/);
  });

  it("is null before any launch", () => {
    expect(lastLaunchConsent([], TOKEN)).toBeNull();
  });
});
