import { describe, expect, it } from "vitest";
import { isLoggedTraceEvent } from "./logged-trace-event.ts";

const base = { seq: 1, at: 1, server: "authorization", summary: "x" };

describe("isLoggedTraceEvent", () => {
  it("accepts the shape each kind promises", () => {
    const exchange = {
      ...base,
      kind: "http.exchange",
      detail: {
        request: { method: "GET", url: "http://x/", headers: {}, body: null },
        response: { status: 200, statusText: "", headers: {}, body: null },
        durationMs: 1,
        secrets: [],
      },
    };
    expect(isLoggedTraceEvent(exchange)).toBe(true);
    expect(isLoggedTraceEvent({ ...base, kind: "token.issued", detail: { any: "json" } })).toBe(true);
  });

  it("drops what an older lab stored under a kind with another shape (the Timeline crash)", () => {
    // The authorization server once recorded its own http.exchange events with this shape.
    const old = {
      ...base,
      kind: "http.exchange",
      detail: { endpoint: "token", request: { method: "POST" }, status: 200 },
    };
    expect(isLoggedTraceEvent(old)).toBe(false);
    expect(isLoggedTraceEvent({ ...base, kind: "http.exchange", detail: null })).toBe(false);
    expect(isLoggedTraceEvent(null)).toBe(false);
    expect(isLoggedTraceEvent({ ...base, server: "evil", kind: "x" })).toBe(false);
  });
});
