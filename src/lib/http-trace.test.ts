import { describe, expect, it } from "vitest";
import type { TraceEvent } from "../servers/trace-event.ts";
import { traceExchanges } from "./http-trace.ts";

describe("traceExchanges", () => {
  it("reports the request and response without consuming either body", async () => {
    const events: TraceEvent[] = [];
    const server = traceExchanges(
      {
        handle: async (request) =>
          Response.json({ echoed: await request.text() }, { status: 201, headers: { "x-test": "1" } }),
      },
      "fhir",
      (event) => events.push(event),
      () => 1000,
    );
    const response = await server.handle(
      new Request("http://lab.test/smart-lab/fhir/Patient", { method: "POST", body: '{"resourceType":"Patient"}' }),
    );
    expect(await response.json()).toEqual({ echoed: '{"resourceType":"Patient"}' });
    expect(events).toHaveLength(1);
    const event = events[0];
    expect(event?.summary).toBe("POST /smart-lab/fhir/Patient → 201");
    if (event?.kind !== "http.exchange") throw new Error("an http.exchange event");
    const detail = event.detail;
    expect(detail.request.body).toBe('{"resourceType":"Patient"}');
    expect(detail.response.headers["x-test"]).toBe("1");
    expect(JSON.parse(detail.response.body ?? "")).toEqual({ echoed: '{"resourceType":"Patient"}' });
  });

  it("marks the credentials an exchange carries as secrets (Basic, client_secret, tokens), keeping them recorded", async () => {
    const events: TraceEvent[] = [];
    const server = traceExchanges(
      { handle: async () => Response.json({ access_token: "at-123456", token_type: "Bearer" }) },
      "authorization",
      (event) => events.push(event),
    );
    await server.handle(
      new Request("http://lab.test/smart-lab/auth/token", {
        method: "POST",
        headers: { authorization: "Basic bXk6czNj", "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=authorization_code&code=code-1&client_secret=s3cret",
      }),
    );
    const event = events[0];
    if (event?.kind !== "http.exchange") throw new Error("an http.exchange event");
    expect(event.detail.secrets.map((secret) => secret.name)).toEqual([
      "Authorization",
      "code",
      "client_secret",
      "access_token",
    ]);
    expect(event.detail.request.headers.authorization).toBe("Basic bXk6czNj");
  });
});
