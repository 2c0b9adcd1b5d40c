import { describe, expect, it } from "vitest";
import { textResponse } from "../servers/text-response.ts";
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

  it("hands on a binary body byte for byte, and a bodiless status without a body", async () => {
    const bytes = new Uint8Array([0, 255, 128, 10, 13, 0xc3]);
    const events: TraceEvent[] = [];
    const server = traceExchanges(
      {
        handle: async (request) =>
          request.method === "DELETE"
            ? new Response(null, { status: 204, statusText: "No Content" })
            : new Response(bytes, { status: 200, headers: { "content-type": "application/octet-stream" } }),
      },
      "fhir",
      (event) => events.push(event),
    );
    const binary = await server.handle(new Request("http://lab.test/smart-lab/fhir/Binary/b1"));
    expect(binary.headers.get("content-type")).toBe("application/octet-stream");
    expect(new Uint8Array(await binary.arrayBuffer())).toEqual(bytes);
    const deleted = await server.handle(new Request("http://lab.test/smart-lab/fhir/Patient/p1", { method: "DELETE" }));
    expect([deleted.status, deleted.statusText, deleted.body]).toEqual([204, "No Content", null]);
    const second = events[1];
    if (second?.kind !== "http.exchange") throw new Error("an http.exchange event");
    expect(second.detail.response.body).toBeNull();
  });

  it("cuts a long body in the timeline, never in the response the client reads", async () => {
    const long = "x".repeat(9_000);
    const events: TraceEvent[] = [];
    const server = traceExchanges({ handle: async () => new Response(long) }, "fhir", (event) => events.push(event));
    expect(await (await server.handle(new Request("http://lab.test/smart-lab/fhir/metadata"))).text()).toBe(long);
    const event = events[0];
    if (event?.kind !== "http.exchange") throw new Error("an http.exchange event");
    expect(event.detail.response.body).toBe(`${"x".repeat(8_000)}\n… (1000 more characters)`);
  });

  it("shows a server's text answer without reading it, and hands the client that very Response, unread", async () => {
    const events: TraceEvent[] = [];
    const answer = textResponse('{"resourceType":"Bundle"}', {
      status: 200,
      headers: { "content-type": "application/fhir+json" },
    });
    const server = traceExchanges({ handle: async () => answer }, "fhir", (event) => events.push(event));
    const response = await server.handle(new Request("http://lab.test/smart-lab/fhir/Patient?name=x"));
    expect(response).toBe(answer);
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual({ resourceType: "Bundle" });
    const event = events[0];
    if (event?.kind !== "http.exchange") throw new Error("an http.exchange event");
    expect(event.detail.request.body).toBeNull();
    expect(event.detail.response.body).toBe('{"resourceType":"Bundle"}');
    expect(event.detail.response.headers["content-type"]).toBe("application/fhir+json");
  });

  it("still answers when the server's body cannot be read, recording the exchange without it", async () => {
    const events: TraceEvent[] = [];
    const failing = new ReadableStream({
      pull(controller) {
        controller.error(new Error("stream failed"));
      },
    });
    const server = traceExchanges({ handle: async () => new Response(failing, { status: 200 }) }, "fhir", (event) =>
      events.push(event),
    );
    const response = await server.handle(new Request("http://lab.test/smart-lab/fhir/metadata"));
    expect(response.status).toBe(200);
    const event = events[0];
    if (event?.kind !== "http.exchange") throw new Error("an http.exchange event");
    expect(event.detail.response.body).toBeNull();
  });
});
