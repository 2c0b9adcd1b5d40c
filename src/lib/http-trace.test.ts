import { describe, expect, it } from "vitest";
import type { TraceEvent } from "../servers/trace-event.ts";
import { type HttpExchangeDetail, traceExchanges } from "./http-trace.ts";

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
    const detail = event?.detail as HttpExchangeDetail;
    expect(detail.request.body).toBe('{"resourceType":"Patient"}');
    expect(detail.response.headers["x-test"]).toBe("1");
    expect(JSON.parse(detail.response.body ?? "")).toEqual({ echoed: '{"resourceType":"Patient"}' });
  });
});
