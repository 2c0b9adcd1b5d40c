import { describe, expect, it } from "vitest";
import type { Bundle, FhirResource, OperationOutcome } from "../../protocol/fhir/fhir-resource.ts";
import { createTestServer, TEST_BASE } from "./fhir-test-server.ts";

const newObservation = {
  resourceType: "Observation",
  status: "final",
  category: [
    { coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "vital-signs" }] },
  ],
  code: { coding: [{ system: "http://loinc.org", code: "8867-4" }] },
  subject: { reference: "Patient/smart-1" },
  effectiveDateTime: "2026-01-15T10:00:00Z",
  valueQuantity: { value: 70, unit: "/min", system: "http://unitsofmeasure.org", code: "/min" },
};

async function json<T = FhirResource>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

async function outcomeText(response: Response): Promise<string> {
  const outcome = await json<OperationOutcome>(response);
  expect(outcome.resourceType).toBe("OperationOutcome");
  return outcome.issue.map((issue) => issue.diagnostics ?? "").join(" ");
}

describe("metadata", () => {
  it("lists types, interactions, search parameters and the SMART security block, publicly with CORS", async () => {
    const t = await createTestServer();
    const response = await t.request("metadata");
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("content-type")).toContain("application/fhir+json");
    const statement = await json(response);
    const rest = (statement.rest as Record<string, unknown>[])[0] as {
      resource: { type: string; interaction: { code: string }[]; searchParam: { name: string; type: string }[] }[];
      interaction: { code: string }[];
      security: {
        service: { coding: { system: string; code: string }[] }[];
        extension: { url: string; extension: { url: string; valueUri: string }[] }[];
      };
    };
    const observation = rest.resource.find((resource) => resource.type === "Observation");
    expect(observation?.interaction.map((interaction) => interaction.code)).toEqual(
      expect.arrayContaining(["read", "vread", "update", "delete", "history-instance", "create", "search-type"]),
    );
    expect(observation?.searchParam.map((param) => param.name)).toEqual(
      expect.arrayContaining(["patient", "category", "code", "date", "_id", "_lastUpdated"]),
    );
    expect(rest.interaction.map((interaction) => interaction.code)).toEqual(["transaction", "batch"]);
    expect(rest.security.service[0]?.coding[0]).toEqual({
      system: "http://terminology.hl7.org/CodeSystem/restful-security-service",
      code: "SMART-on-FHIR",
    });
    const oauth = rest.security.extension[0];
    expect(oauth?.url).toBe("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
    expect(oauth?.extension.map((extension) => extension.url)).toEqual(["authorize", "token", "revoke"]);
  });

  it("says so in open mode, with no security block", async () => {
    const t = await createTestServer({ mode: "open" });
    const response = await t.request("metadata");
    expect(response.headers.get("x-lab-mode")).toBe("open");
    const statement = await json(response);
    expect(statement.description).toMatch(/OPEN MODE/);
    expect((statement.rest as Record<string, unknown>[])[0]?.security).toBeUndefined();
  });

  it("answers CORS preflights without a token", async () => {
    const t = await createTestServer();
    const response = await t.request("Patient/smart-1", { method: "OPTIONS" });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toContain("Authorization");
  });

  it("leaves .well-known/smart-configuration to the authorization server (the handlers route it there)", async () => {
    const open = await createTestServer({ mode: "open" });
    expect((await open.request(".well-known/smart-configuration")).status).toBe(404);
    const secured = await createTestServer();
    expect((await secured.request(".well-known/smart-configuration")).status).toBe(401);
  });
});

describe("read, vread, create, update, delete, history (open mode)", () => {
  it("reads with ETag and Last-Modified, and answers If-None-Match with 304", async () => {
    const t = await createTestServer({ mode: "open" });
    const response = await t.request("Patient/smart-1");
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe('W/"1"');
    expect(response.headers.get("last-modified")).toBe(new Date("2026-01-14T00:00:00Z").toUTCString());
    expect((await json(response)).meta?.versionId).toBe("1");
    expect((await t.request("Patient/smart-1", { headers: { "if-none-match": 'W/"1"' } })).status).toBe(304);
  });

  it("creates with a server-assigned id, Location and versioned meta, and honours Prefer", async () => {
    const t = await createTestServer({ mode: "open" });
    const response = await t.request("Observation", { method: "POST", body: { ...newObservation, id: "client-id" } });
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe(`${TEST_BASE}/Observation/new-1/_history/1`);
    expect(response.headers.get("etag")).toBe('W/"1"');
    const created = await json(response);
    expect(created).toMatchObject({ id: "new-1", meta: { versionId: "1", lastUpdated: "2026-01-15T12:00:00.000Z" } });

    const minimal = await t.request("Observation", {
      method: "POST",
      body: newObservation,
      headers: { prefer: "return=minimal" },
    });
    expect(minimal.status).toBe(201);
    expect(await minimal.text()).toBe("");
    const outcome = await t.request("Observation", {
      method: "POST",
      body: newObservation,
      headers: { prefer: "return=OperationOutcome" },
    });
    expect(await outcomeText(outcome)).toMatch(/Created Observation\/new-3/);
  });

  it("accepts application/json and _format=json, refuses other formats with 406/415", async () => {
    const t = await createTestServer({ mode: "open" });
    expect(
      (
        await t.request("Observation", {
          method: "POST",
          body: newObservation,
          headers: { "content-type": "application/json" },
        })
      ).status,
    ).toBe(201);
    expect((await t.request("Patient/smart-1?_format=json")).status).toBe(200);
    expect((await t.request("Patient/smart-1", { headers: { accept: "application/json" } })).status).toBe(200);
    const xml = await t.request("Patient/smart-1?_format=xml");
    expect(xml.status).toBe(406);
    expect(await outcomeText(xml)).toMatch(/JSON only/);
    expect((await t.request("Patient/smart-1", { headers: { accept: "application/fhir+xml" } })).status).toBe(406);
    const posted = await t.request("Observation", {
      method: "POST",
      body: "<Observation/>",
      headers: { "content-type": "application/fhir+xml" },
    });
    expect(posted.status).toBe(415);
  });

  it("updates, versions, and supports If-Match (412 on mismatch) and update-as-create", async () => {
    const t = await createTestServer({ mode: "open" });
    const current = await json(await t.request("Patient/smart-1"));
    const updated = await t.request("Patient/smart-1", {
      method: "PUT",
      body: { ...current, active: false },
      headers: { "if-match": 'W/"1"' },
    });
    expect(updated.status).toBe(200);
    expect(updated.headers.get("etag")).toBe('W/"2"');
    expect((await json(updated)).meta?.versionId).toBe("2");
    const stale = await t.request("Patient/smart-1", {
      method: "PUT",
      body: current,
      headers: { "if-match": 'W/"1"' },
    });
    expect(stale.status).toBe(412);
    expect(await outcomeText(stale)).toMatch(/version 2/);
    const created = await t.request("Patient/learner-1", {
      method: "PUT",
      body: { resourceType: "Patient", id: "learner-1" },
    });
    expect(created.status).toBe(201);
  });

  it("answers 409 when the body is based on a stale version", async () => {
    const t = await createTestServer({ mode: "open" });
    const current = await json(await t.request("Patient/smart-2"));
    await t.request("Patient/smart-2", { method: "PUT", body: { ...current, active: false } });
    const conflict = await t.request("Patient/smart-2", { method: "PUT", body: { ...current, gender: "other" } });
    expect(conflict.status).toBe(409);
  });

  it("deletes, then answers 410 on read, 204 on a repeated delete, and keeps the history", async () => {
    const t = await createTestServer({ mode: "open" });
    const deleted = await t.request("Observation/smart-1-obs-1", { method: "DELETE" });
    expect(deleted.status).toBe(200);
    expect(deleted.headers.get("etag")).toBe('W/"2"');
    const gone = await t.request("Observation/smart-1-obs-1");
    expect(gone.status).toBe(410);
    expect((await t.request("Observation/smart-1-obs-1", { method: "DELETE" })).status).toBe(204);
    const history = await json<Bundle>(await t.request("Observation/smart-1-obs-1/_history"));
    expect(history.type).toBe("history");
    expect(history.entry?.map((entry) => [entry.request?.method, entry.response?.etag])).toEqual([
      ["DELETE", 'W/"2"'],
      ["POST", 'W/"1"'],
    ]);
    expect((await t.request("Observation/smart-1-obs-1/_history/1")).status).toBe(200);
    expect((await t.request("Observation/smart-1-obs-1/_history/2")).status).toBe(410);
    expect((await t.request("Observation/smart-1-obs-1/_history/9")).status).toBe(404);
  });

  it("lists every version in history, newest first, and vreads each", async () => {
    const t = await createTestServer({ mode: "open" });
    const patient = await json(await t.request("Patient/smart-3"));
    await t.request("Patient/smart-3", { method: "PUT", body: { ...patient, active: false } });
    const history = await json<Bundle>(await t.request("Patient/smart-3/_history"));
    expect(history.total).toBe(2);
    expect(history.entry?.[0]?.resource?.active).toBe(false);
    expect((await json(await t.request("Patient/smart-3/_history/1"))).active).toBe(true);
  });

  it("supports conditional create with If-None-Exist", async () => {
    const t = await createTestServer({ mode: "open" });
    const existing = await t.request("Patient", {
      method: "POST",
      body: { resourceType: "Patient" },
      headers: { "if-none-exist": "identifier=https://smart-lab.example.org/mrn|MRN-1001" },
    });
    expect(existing.status).toBe(200);
    expect((await json(existing)).id).toBe("smart-1");
    const multiple = await t.request("Patient", {
      method: "POST",
      body: { resourceType: "Patient" },
      headers: { "if-none-exist": "gender=female" },
    });
    expect(multiple.status).toBe(412);
  });

  it("persists changes through the store for the next page load", async () => {
    const t = await createTestServer({ mode: "open" });
    await t.request("Observation", { method: "POST", body: newObservation });
    const again = await createTestServer({ mode: "open", storage: t.storage });
    expect((await again.request("Observation/new-1")).status).toBe(200);
  });
});

describe("errors", () => {
  it("404 for an unknown type or id, 405 for a wrong method", async () => {
    const t = await createTestServer({ mode: "open" });
    expect((await t.request("Unicorn")).status).toBe(404);
    expect((await t.request("Patient/nobody")).status).toBe(404);
    expect((await t.request("Patient/nobody/_history")).status).toBe(404);
    const patch = await t.request("Patient/smart-1", { method: "PATCH", body: [] });
    expect(patch.status).toBe(405);
    expect(patch.headers.get("allow")).toBe("GET, PUT, DELETE");
    expect((await t.request("Patient", { method: "DELETE" })).status).toBe(405);
    expect((await t.request("", { method: "GET" })).status).toBe(405);
    expect((await t.request("metadata", { method: "POST", body: {} })).status).toBe(405);
  });

  it("400 for bad syntax and invalid parameter values", async () => {
    const t = await createTestServer({ mode: "open" });
    expect((await t.request("Observation", { method: "POST", body: "{not json" })).status).toBe(400);
    expect((await t.request("Observation?date=yesterday")).status).toBe(400);
    expect((await t.request("Observation?_count=many")).status).toBe(400);
    expect((await t.request("Observation?code:fuzzy=1")).status).toBe(400);
    expect((await t.request("Observation?_sort=nonsense")).status).toBe(400);
    const mismatch = await t.request("Patient/smart-1", {
      method: "PUT",
      body: { resourceType: "Patient", id: "smart-2" },
    });
    expect(mismatch.status).toBe(400);
    expect(await outcomeText(mismatch)).toMatch(/does not match/);
    expect((await t.request("Patient/smart-1", { method: "PUT", body: { resourceType: "Patient" } })).status).toBe(400);
  });

  it("422 for an invalid resource: unknown or mismatched type, bad id, unresolvable reference", async () => {
    const t = await createTestServer({ mode: "open" });
    const cases: [string, unknown, RegExp][] = [
      ["Observation", { resourceType: "Unicorn" }, /not a FHIR R4 resource type/],
      ["Observation", { resourceType: "Patient" }, /URL is for Observation/],
      ["Observation", { status: "final" }, /no resourceType/],
      ["Observation", { ...newObservation, subject: { reference: "Patient/ghost" } }, /does not resolve/],
      ["Observation", { ...newObservation, subject: { reference: "urn:uuid:1" } }, /transaction/],
      ["Patient/bad_id!", { resourceType: "Patient", id: "bad_id!" }, /not a FHIR id/],
    ];
    for (const [path, body, message] of cases) {
      const response = await t.request(path, { method: path.includes("/") ? "PUT" : "POST", body });
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(await outcomeText(response)).toMatch(message);
    }
  });

  it("accepts references to resources created meanwhile and absolute references to this server", async () => {
    const t = await createTestServer({ mode: "open" });
    const response = await t.request("Observation", {
      method: "POST",
      body: { ...newObservation, subject: { reference: `${TEST_BASE}/Patient/smart-2` } },
    });
    expect(response.status).toBe(201);
    expect((await json(response)).subject).toEqual({ reference: "Patient/smart-2" });
  });

  it("reports every request as a trace event", async () => {
    const t = await createTestServer({ mode: "open" });
    await t.request("Patient/smart-1");
    await t.request("Patient/nobody");
    const completed = t.traces.filter((event) => event.kind === "request.completed");
    expect(completed.map((event) => (event.detail as { status: number }).status)).toEqual([200, 404]);
    expect(completed.every((event) => event.server === "fhir")).toBe(true);
  });
});
