import { describe, expect, it } from "vitest";
import { decodeScopeDecisions } from "../../protocol/fhir/decode-scope-decisions.ts";
import { createFhirServer } from "../../servers/fhir-server/create-fhir-server.ts";
import {
  createTestServer,
  TEST_BASE,
  TEST_ISSUER,
  type TestServer,
} from "../../servers/fhir-server/fhir-test-server.ts";
import { explainBearerChallenge, parseAuthChallenge } from "./bearer-challenge.ts";
import { describeResponseBody } from "./describe-response.ts";
import { EXPLORER_EXAMPLES, NEW_OBSERVATION_TEMPLATE } from "./explorer-examples.ts";
import { type ExplorerRequest, followLinkRequest } from "./explorer-request.ts";
import { type ExplorerExchange, headerValue, sendExplorerRequest } from "./send-explorer-request.ts";

// The explorer's request side driven against the real FHIR server engine (secured and open over one store), the
// way the service worker forwards the page's fetches to it.

const OPEN_BASE = TEST_BASE.replace(/\/fhir$/, "/open/fhir");
const bases = { open: OPEN_BASE, secured: TEST_BASE };

async function createLab(): Promise<{
  t: TestServer;
  send(request: Partial<ExplorerRequest>): Promise<ExplorerExchange>;
}> {
  const t = await createTestServer();
  const open = createFhirServer({
    baseUrl: OPEN_BASE,
    mode: "open",
    issuer: TEST_ISSUER,
    getJwks: async () => ({ keys: [] }),
    oauthUris: { authorize: `${TEST_ISSUER}/authorize`, token: `${TEST_ISSUER}/token` },
    store: t.store,
    now: () => t.clock.now,
  });
  let id = 0;
  const fetchImpl = (url: string, init: RequestInit) =>
    (url.startsWith(OPEN_BASE) ? open : t.server).handle(new Request(url, init));
  return {
    t,
    send: (request) =>
      sendExplorerRequest(
        { mode: "open", method: "GET", path: "", body: "", token: "", ...request },
        { bases, id: ++id, fetchImpl },
      ),
  };
}

function bundleView(exchange: ExplorerExchange) {
  const view = describeResponseBody(exchange.response.json, exchange.response.bodyText);
  if (view.kind !== "bundle") throw new Error(`expected a Bundle, got ${view.kind}`);
  return view;
}

describe("sendExplorerRequest against the lab's FHIR server", () => {
  it("answers every GET example in open mode, marked as open", async () => {
    const lab = await createLab();
    for (const example of EXPLORER_EXAMPLES.filter((item) => item.method === "GET")) {
      const exchange = await lab.send({ path: example.path });
      expect(exchange.response.status, example.path).toBe(200);
      expect(headerValue(exchange.response.headers, "X-Lab-Mode"), example.path).toBe("open");
      const view = describeResponseBody(exchange.response.json, exchange.response.bodyText);
      expect(["bundle", "resource"], example.path).toContain(view.kind);
      if (view.kind === "bundle") {
        // No example is a search the server partly ignored.
        expect(view.outcomeIssues, example.path).toEqual([]);
      }
    }
  });

  it("follows next and previous links back to the first page", async () => {
    const lab = await createLab();
    const first = await lab.send({ path: "Patient?_count=5" });
    const firstPage = bundleView(first);
    expect(firstPage.links.previous).toBeUndefined();
    const nextUrl = firstPage.links.next;
    if (!nextUrl) throw new Error("expected a next link");
    const nextRequest = followLinkRequest(first.request, bases, nextUrl);
    if ("error" in nextRequest) throw new Error(nextRequest.error);
    const second = await lab.send(nextRequest);
    const secondPage = bundleView(second);
    expect(secondPage.rows.map((row) => row.reference)).not.toEqual(firstPage.rows.map((row) => row.reference));
    const previousUrl = secondPage.links.previous;
    if (!previousUrl) throw new Error("expected a previous link");
    const back = followLinkRequest(second.request, bases, previousUrl);
    if ("error" in back) throw new Error(back.error);
    const again = bundleView(await lab.send(back));
    expect(again.rows.map((row) => row.reference)).toEqual(firstPage.rows.map((row) => row.reference));
  });

  it("shows the bare Bearer challenge of a secured request without token", async () => {
    const lab = await createLab();
    const exchange = await lab.send({ mode: "secured", path: "Patient" });
    expect(exchange.response.status).toBe(401);
    expect(exchange.response.statusText).toBe("Unauthorized");
    expect(exchange.sent.headers.some(([name]) => name === "Authorization")).toBe(false);
    const challenge = parseAuthChallenge(headerValue(exchange.response.headers, "WWW-Authenticate") ?? "");
    expect(challenge).toEqual({ scheme: "Bearer", params: { realm: TEST_BASE } });
    expect(explainBearerChallenge(challenge, 401)).toMatch(/no access token/);
    expect(describeResponseBody(exchange.response.json, exchange.response.bodyText).kind).toBe("outcome");
  });

  it("decodes the scope decisions of a granular search from the outcome entry", async () => {
    const lab = await createLab();
    const scope =
      "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory";
    const token = await lab.t.token({ scope, patient: "smart-1" });
    const exchange = await lab.send({ mode: "secured", token, path: "Observation?patient=smart-1&_count=5" });
    expect(exchange.response.status).toBe(200);
    const view = decodeScopeDecisions(exchange.response.headers, exchange.response.json);
    if (!view) throw new Error("expected a scope decision report");
    // Too many reasons for the header: the full report comes from the outcome entry's extension.
    expect(view.source).toBe("outcome");
    expect(view.problems).toEqual([]);
    expect(view.scopes).toBe(scope);
    const returned = view.rows.filter((row) => row.verdict === "returned");
    const hidden = view.rows.filter((row) => row.verdict === "hidden");
    expect(returned.map((row) => row.reference)).toEqual(
      bundleView(exchange)
        .rows.filter((row) => row.searchMode === "match")
        .map((row) => row.reference),
    );
    expect(returned[0]?.scope).toBe(scope);
    expect(hidden).toHaveLength(view.hidden ?? -1);
    expect(hidden[0]?.scope).toBeNull();
    expect(hidden[0]?.reason).toMatch(/category|laboratory/);
  });

  it("decodes a small report from the header alone", async () => {
    const lab = await createLab();
    const token = await lab.t.token({ scope: "patient/Patient.rs", patient: "smart-1" });
    const exchange = await lab.send({ mode: "secured", token, path: "Patient" });
    const view = decodeScopeDecisions(exchange.response.headers, exchange.response.json);
    expect(view?.source).toBe("header");
    expect(view?.rows[0]).toMatchObject({
      reference: "Patient/smart-1",
      verdict: "returned",
      scope: "patient/Patient.rs",
    });
    expect(view?.rows.filter((row) => row.verdict === "hidden")).toHaveLength(7);
  });

  it("has no scope explanation in open mode", async () => {
    const lab = await createLab();
    const exchange = await lab.send({ path: "Patient" });
    expect(decodeScopeDecisions(exchange.response.headers, exchange.response.json)).toBeNull();
  });

  it("creates, reads and updates a resource, with versions", async () => {
    const lab = await createLab();
    const created = await lab.send({ method: "POST", path: "Observation", body: NEW_OBSERVATION_TEMPLATE });
    expect(created.response.status).toBe(201);
    expect(created.sent.headers).toContainEqual(["Content-Type", "application/fhir+json"]);
    const id = (created.response.json as { id: string }).id;
    const read = await lab.send({ path: `Observation/${id}` });
    const resource = read.response.json as { meta: { versionId: string }; status: string };
    expect(resource.meta.versionId).toBe("1");
    const updated = await lab.send({
      method: "PUT",
      path: `Observation/${id}`,
      body: JSON.stringify({ ...resource, status: "amended" }),
    });
    expect(updated.response.status).toBe(200);
    expect((updated.response.json as { meta: { versionId: string } }).meta.versionId).toBe("2");
  });

  it("refuses to send outside the lab's FHIR bases", async () => {
    const lab = await createLab();
    await expect(lab.send({ path: "https://evil.example/fhir/Patient" })).rejects.toThrow(/only sends requests under/);
  });
});
