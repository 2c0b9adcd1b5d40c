import { describe, expect, it } from "vitest";
import type { FlowRecording } from "./flow-recording.ts";
import { flowView } from "./flow-steps.ts";

const exchange = (url: string, status = 200) => ({
  request: { method: "GET", url, headers: {}, body: null },
  response: { status, statusText: "", headers: {}, body: "{}" },
  durationMs: 1,
  secrets: [],
});

function recording(overrides: Partial<FlowRecording> = {}): FlowRecording {
  return {
    version: 1,
    kind: "standalone",
    id: "r1",
    startedAt: 0,
    clientId: "lab-flow-app",
    scope: "launch/patient patient/Patient.rs",
    fhirBase: "http://lab/fhir",
    redirectUri: "http://lab/flow/callback",
    returnTo: "/flow",
    pauseBeforeHops: true,
    hops: [],
    variants: [],
    cursor: 0,
    ...overrides,
  };
}

describe("flowView (recording in, steps out)", () => {
  it("starts with discovery as the next step, its request planned, nothing in the address bar", () => {
    const view = flowView(recording());
    expect(view.next).toBe(0);
    expect(view.steps[0]).toMatchObject({
      status: "next",
      planned: { kind: "http", request: { method: "GET", url: "http://lab/fhir/.well-known/smart-configuration" } },
    });
    expect(view.steps.slice(1).every((step) => step.status === "pending")).toBe(true);
    expect(view.nextAction).toBe("perform");
    expect(view.runnable).toBe(true);
    expect(view.browserUrl).toBeNull();
  });

  it("previews the authorization URL before the browser follows it, and shows it in the address bar", () => {
    const view = flowView(
      recording({
        cursor: 2,
        endpoints: { authorize: "http://lab/auth/authorize", token: "http://lab/auth/token" },
        pkce: { verifier: "v".repeat(43), challenge: "c".repeat(43) },
        state: "r1.s",
        hops: [
          {
            step: "discovery",
            kind: "http",
            at: 1,
            exchange: exchange("http://lab/fhir/.well-known/smart-configuration"),
          },
          {
            step: "pkce",
            kind: "app",
            at: 2,
            work: { type: "pkce", verifier: "v".repeat(43), challenge: "c".repeat(43), state: "r1.s" },
          },
        ],
      }),
    );
    const step = view.steps[2];
    expect(step?.status).toBe("next");
    expect(step?.planned.kind).toBe("navigation");
    const url = new URL(step?.planned.kind === "navigation" ? step.planned.url : "http://x");
    expect([...url.searchParams.keys()]).toEqual([
      "response_type",
      "client_id",
      "scope",
      "redirect_uri",
      "aud",
      "state",
      "code_challenge",
      "code_challenge_method",
    ]);
    expect(view.browserUrl).toBe(url.href);
  });

  it("replays: with the cursor on a done step, Next only moves the cursor; Back shows the recording again", () => {
    const hops = [
      {
        step: "discovery" as const,
        kind: "http" as const,
        at: 1,
        exchange: exchange("http://lab/fhir/.well-known/smart-configuration"),
      },
    ];
    expect(flowView(recording({ hops, cursor: 0 })).nextAction).toBe("replay");
    expect(flowView(recording({ hops, cursor: 1 })).nextAction).toBe("perform");
  });

  it("waits for the learner at sign-in and consent, and counts it done once the redirect came back", () => {
    const base = {
      endpoints: { authorize: "http://lab/auth/authorize", token: "http://lab/auth/token" },
      hops: [
        { step: "discovery" as const, kind: "http" as const, at: 1, exchange: exchange("x:") },
        {
          step: "pkce" as const,
          kind: "app" as const,
          at: 2,
          work: { type: "pkce" as const, verifier: "v", challenge: "c", state: "s" },
        },
        {
          step: "authorize-request" as const,
          kind: "navigation" as const,
          at: 3,
          url: "http://lab/auth/authorize?x=1",
          secrets: [],
        },
      ],
    };
    const waiting = flowView(recording({ ...base, cursor: 3 }));
    expect(waiting.nextAction).toBe("wait-for-learner");
    expect(waiting.runnable).toBe(false);
    const back = flowView(
      recording({
        ...base,
        cursor: 4,
        hops: [
          ...base.hops,
          {
            step: "authorize-response",
            kind: "navigation",
            at: 4,
            url: "http://lab/flow/callback?code=abc&state=s",
            secrets: [],
          },
        ],
      }),
    );
    expect(back.steps[3]?.status).toBe("done");
    expect(back.steps[4]?.status).toBe("done");
    expect(back.browserUrl).toBe("http://lab/flow/callback?code=abc&state=s");
    expect(back.next).toBe(5);
  });

  it("marks the failed step and stops", () => {
    const view = flowView(recording({ failure: { step: "discovery", reason: "HTTP 500" } }));
    expect(view.steps[0]).toMatchObject({ status: "failed", failure: "HTTP 500" });
    expect(view.next).toBeNull();
    expect(view.complete).toBe(false);
  });

  it("keeps the cursor inside the flow", () => {
    expect(flowView(recording({ cursor: 99 })).cursor).toBe(7);
    expect(flowView(recording({ cursor: -3 })).cursor).toBe(0);
  });
});
