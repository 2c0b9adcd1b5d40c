import { describe, expect, it } from "vitest";
import type { Bundle, FhirResource, OperationOutcome } from "../../protocol/fhir/fhir-resource.ts";
import { createTestServer, type TestServer } from "./fhir-test-server.ts";

// Every case here was a way around the scope engine, tried through handle() only, as an app or attacker would.
// Patient A (smart-1) is the token's patient; B (smart-2) is someone else.

const A = "smart-1";
const B = "smart-2";

async function tokenFor(t: TestServer, scope: string, extra: Record<string, unknown> = {}): Promise<string> {
  return t.token({ scope, patient: A, ...extra });
}

async function json(response: Response): Promise<unknown> {
  const text = await response.text();
  return text === "" ? undefined : JSON.parse(text);
}

function matchIds(bundle: Bundle): string[] {
  return (bundle.entry ?? [])
    .filter((e) => e.search?.mode !== "outcome")
    .map((e) => `${e.resource?.resourceType}/${e.resource?.id}`);
}

const observation = (patient: string, extra: Record<string, unknown> = {}): FhirResource => ({
  resourceType: "Observation",
  status: "final",
  code: { text: "attack" },
  subject: { reference: `Patient/${patient}` },
  ...extra,
});

/** Status and body of a response, for comparing a hidden resource's answer with a missing one's. */
async function answer(response: Response): Promise<{ status: number; body: unknown }> {
  const body = (await json(response)) as { issue?: { diagnostics?: string }[] } | undefined;
  return { status: response.status, body };
}

describe("1. conditional create never returns or reveals a resource outside the token's reach", () => {
  it("needs create permission: an openid-only token is refused before the criteria are looked at", async () => {
    const t = await createTestServer();
    const token = await tokenFor(t, "openid");
    const response = await t.request("Observation", {
      method: "POST",
      token,
      body: { resourceType: "Observation" },
      headers: { "if-none-exist": `_id=${B}-obs-1` },
    });
    expect(response.status).toBe(403);
    expect(JSON.stringify(await json(response))).not.toContain(`${B}-obs-1"`);
  });

  it("needs search permission to evaluate If-None-Exist", async () => {
    const t = await createTestServer();
    const token = await tokenFor(t, "patient/Observation.c");
    const response = await t.request("Observation", {
      method: "POST",
      token,
      body: observation(A),
      headers: { "if-none-exist": `_id=${B}-obs-1` },
    });
    expect(response.status).toBe(403);
  });

  it("counts only visible matches: another patient's match is as if absent (a new resource is created)", async () => {
    const t = await createTestServer();
    const token = await tokenFor(t, "patient/Observation.crs");
    const response = await t.request("Observation", {
      method: "POST",
      token,
      body: observation(A),
      headers: { "if-none-exist": `_id=${B}-obs-1` },
    });
    expect(response.status).toBe(201);
    const created = (await json(response)) as FhirResource;
    expect(created.id).not.toBe(`${B}-obs-1`);
    expect((created.subject as { reference: string }).reference).toBe(`Patient/${A}`);
    // Several of B's matches do not make a 412 either.
    const many = await t.request("Observation", {
      method: "POST",
      token,
      body: observation(A),
      headers: { "if-none-exist": `_id=${B}-obs-1,${B}-obs-2` },
    });
    expect(many.status).toBe(201);
    // The token's own match is returned (200, nothing created).
    const own = await t.request("Observation", {
      method: "POST",
      token,
      body: observation(A),
      headers: { "if-none-exist": `_id=${A}-obs-1` },
    });
    expect(own.status).toBe(200);
    expect(((await json(own)) as FhirResource).id).toBe(`${A}-obs-1`);
  });

  it("does the same in a batch entry's ifNoneExist", async () => {
    const t = await createTestServer();
    const readOnly = await tokenFor(t, "openid patient/Observation.rs");
    const bundle = {
      resourceType: "Bundle",
      type: "batch",
      entry: [
        {
          resource: { resourceType: "Observation" },
          request: { method: "POST", url: "Observation", ifNoneExist: `_id=${B}-obs-1` },
        },
      ],
    };
    const response = await t.request("", { method: "POST", token: readOnly, body: bundle });
    expect(response.status).toBe(200);
    const result = (await json(response)) as Bundle;
    expect(result.entry?.[0]?.response?.status).toMatch(/^403/);
    expect(result.entry?.[0]?.resource).toBeUndefined();
  });
});

describe("2. the patient compartment follows the R4 CompartmentDefinition for every type, and fails closed", () => {
  const linked: FhirResource[] = [
    {
      resourceType: "Provenance",
      id: "prov-b",
      target: [{ reference: `Patient/${B}` }],
      recorded: "2026-01-01T00:00:00Z",
      agent: [{ who: { reference: "Practitioner/smart-practitioner-1" } }],
    },
    {
      resourceType: "AuditEvent",
      id: "audit-who-b",
      type: { code: "rest" },
      recorded: "2026-01-01T00:00:00Z",
      agent: [{ who: { reference: `Patient/${B}` }, requestor: true }],
      source: { observer: { display: "lab" } },
    },
    {
      resourceType: "AuditEvent",
      id: "audit-what-b",
      type: { code: "rest" },
      recorded: "2026-01-01T00:00:00Z",
      agent: [{ requestor: true }],
      source: { observer: { display: "lab" } },
      entity: [{ what: { reference: `Patient/${B}` } }],
    },
    { resourceType: "Person", id: "person-b", link: [{ target: { reference: `Patient/${B}` } }] },
    { resourceType: "CareTeam", id: "careteam-b", participant: [{ member: { reference: `Patient/${B}` } }] },
  ];

  async function seeded(): Promise<TestServer> {
    const t = await createTestServer();
    const system = await t.token();
    for (const resource of linked) {
      const response = await t.request(`${resource.resourceType}/${resource.id}`, {
        method: "PUT",
        token: system,
        body: resource,
      });
      expect(response.status, resource.id).toBe(201);
    }
    return t;
  }

  it("keeps Provenance.target, AuditEvent.agent.who/entity.what, Person.link.target and CareTeam.participant.member in B's compartment", async () => {
    const t = await seeded();
    const tokenA = await tokenFor(t, "patient/*.rs");
    const tokenB = await t.token({ scope: "patient/*.rs", patient: B });
    for (const resource of linked) {
      const path = `${resource.resourceType}/${resource.id}`;
      expect((await t.request(path, { token: tokenA })).status, path).toBe(404);
      expect((await t.request(path, { token: tokenB })).status, path).toBe(200);
      const search = (await json(await t.request(resource.resourceType, { token: tokenA }))) as Bundle;
      expect(matchIds(search), resource.resourceType).toEqual([]);
    }
  });

  it("treats a resource of a compartment type that names no patient as outside every patient's compartment", async () => {
    const t = await createTestServer();
    const system = await t.token();
    const orphan = { resourceType: "Observation", id: "orphan-obs", status: "final", code: { text: "no subject" } };
    expect((await t.request("Observation/orphan-obs", { method: "PUT", token: system, body: orphan })).status).toBe(
      201,
    );
    const tokenA = await tokenFor(t, "patient/Observation.rs");
    expect((await t.request("Observation/orphan-obs", { token: tokenA })).status).toBe(404);
    const search = (await json(await t.request("Observation?_id=orphan-obs", { token: tokenA }))) as Bundle;
    expect(matchIds(search)).toEqual([]);
    // Shared types (in no compartment by definition) stay readable with a scope for their type.
    const practitioner = await t.request("Practitioner/smart-practitioner-1", {
      token: await tokenFor(t, "patient/Practitioner.r"),
    });
    expect(practitioner.status).toBe(200);
  });
});

describe("3. a reused id does not expose the previous owner's versions", () => {
  it("refuses a patient token's PUT at a deleted id, and filters history by version", async () => {
    const t = await createTestServer();
    const system = await t.token();
    expect((await t.request(`Observation/${B}-obs-3`, { method: "DELETE", token: system })).status).toBe(200);
    const tokenA = await tokenFor(t, "patient/Observation.cruds");
    const reuse = await t.request(`Observation/${B}-obs-3`, {
      method: "PUT",
      token: tokenA,
      body: observation(A, { id: `${B}-obs-3` }),
    });
    expect(reuse.status).toBe(404);
    expect((await t.request(`Observation/${B}-obs-3/_history`, { token: tokenA })).status).toBe(404);

    // Even if the id is reused for A by the system, A's history shows A's version only.
    const recreated = await t.request(`Observation/${B}-obs-3`, {
      method: "PUT",
      token: system,
      body: observation(A, { id: `${B}-obs-3` }),
    });
    expect(recreated.status).toBe(201);
    const history = (await json(await t.request(`Observation/${B}-obs-3/_history`, { token: tokenA }))) as Bundle;
    expect(history.total).toBe(1);
    expect(JSON.stringify(history)).not.toContain(`Patient/${B}`);
    expect((await t.request(`Observation/${B}-obs-3/_history/1`, { token: tokenA })).status).toBe(404);
    expect((await t.request(`Observation/${B}-obs-3/_history/2`, { token: tokenA })).status).toBe(404);
  });
});

describe("4. a patient-level write stays in the patient's own record", () => {
  it.each([
    ["an Observation about B performed by A", observation(B, { performer: [{ reference: `Patient/${A}` }] })],
    [
      "a Condition about B asserted by A",
      {
        resourceType: "Condition",
        subject: { reference: `Patient/${B}` },
        asserter: { reference: `Patient/${A}` },
        code: { text: "x" },
      },
    ],
    [
      "an Observation about A that also puts it in B's compartment",
      observation(A, { performer: [{ reference: `Patient/${B}` }] }),
    ],
    ["an Observation naming no patient", { resourceType: "Observation", status: "final", code: { text: "x" } }],
  ])("refuses to create %s", async (_name, body) => {
    const t = await createTestServer();
    const token = await tokenFor(t, "patient/*.cruds");
    const response = await t.request(String(body.resourceType), { method: "POST", token, body });
    expect(response.status).toBe(403);
  });

  it("refuses a PUT that moves A's Observation to B", async () => {
    const t = await createTestServer();
    const token = await tokenFor(t, "patient/Observation.cruds");
    const current = (await json(await t.request(`Observation/${A}-obs-1`, { token }))) as FhirResource;
    const moved = { ...current, subject: { reference: `Patient/${B}` } };
    const response = await t.request(`Observation/${A}-obs-1`, { method: "PUT", token, body: moved });
    expect(response.status).toBe(403);
    const after = (await json(await t.request(`Observation/${A}-obs-1`, { token }))) as FhirResource;
    expect((after.subject as { reference: string }).reference).toBe(`Patient/${A}`);
  });
});

describe("5. patient-level write scopes never cover shared resources", () => {
  it.each([
    ["PUT a Practitioner", "Practitioner/smart-practitioner-1", "PUT"],
    ["DELETE the Organization", "Organization/smart-org-1", "DELETE"],
    ["DELETE the Medication", "Medication/smart-med-apixaban", "DELETE"],
    ["POST a Practitioner", "Practitioner", "POST"],
  ])("refuses to %s", async (_name, path, method) => {
    const t = await createTestServer();
    const token = await tokenFor(t, "patient/*.cruds");
    const existing = path.includes("/") ? ((await json(await t.request(path, { token }))) as FhirResource) : undefined;
    const body =
      method === "DELETE" ? undefined : (existing ?? { resourceType: "Practitioner", name: [{ family: "X" }] });
    const response = await t.request(path, { method, token, ...(body ? { body } : {}) });
    expect(response.status).toBe(403);
    if (existing) expect((await t.request(path, { token })).status).toBe(200);
  });
});

describe("6. a granular constraint the server cannot evaluate grants nothing", () => {
  it.each([
    "_count=1",
    "_sort=date",
    "_summary=true",
    "_elements=id",
    "_include=Observation:subject",
    "_total=accurate",
    "_format=json",
    "encounter.id=Encounter/1",
    "code:text=x",
  ])("patient/Observation.rs?%s", async (query) => {
    const t = await createTestServer();
    const token = await tokenFor(t, `patient/Observation.rs?${query}`);
    const search = await t.request(`Observation?patient=${A}`, { token });
    expect(search.status).toBe(403);
    expect((await t.request(`Observation/${A}-obs-1`, { token })).status).toBe(403);
  });
});

describe("7-10. inputs that used to make the server throw", () => {
  it("answers a non-Latin-1 search value with a header-safe challenge", async () => {
    const t = await createTestServer();
    const token = await tokenFor(t, "patient/*.rs");
    for (const path of ["Patient?_id=%E2%84%A6", "Basic?patient=%CE%A9", "Observation?subject=Patient/%F0%9F%92%A5"]) {
      const response = await t.request(path, { token });
      expect(response.status, path).toBeLessThan(500);
      expect(response.headers.get("www-authenticate") ?? "", path).toMatch(/^[\x20-\x7e]*$/);
    }
  });

  it.each([
    "constructor:x",
    "__proto__:constructor",
    "toString:x",
    "Observation:constructor",
    "Observation:subject:__proto__",
  ])("refuses _revinclude / _include=%s with 400", async (value) => {
    const t = await createTestServer();
    const token = await t.token();
    expect((await t.request(`Observation?_revinclude=${value}`, { token })).status).toBe(400);
    expect((await t.request(`Observation?_include=${value}`, { token })).status).toBe(400);
  });

  it("refuses a resource nested 2,000 levels deep (alone and in a transaction) with 400", async () => {
    const t = await createTestServer();
    const token = await t.token();
    let deep: Record<string, unknown> = { value: 1 };
    for (let i = 0; i < 2000; i++) deep = { extension: [deep] };
    const body = { ...observation(A), extension: [deep] };
    const alone = await t.request("Observation", { method: "POST", token, body });
    expect(alone.status).toBe(400);
    expect(JSON.stringify(await json(alone))).toMatch(/nests deeper than 128 levels/);
    const transaction = {
      resourceType: "Bundle",
      type: "transaction",
      entry: [{ resource: body, request: { method: "POST", url: "Observation" } }],
    };
    expect((await t.request("", { method: "POST", token, body: transaction })).status).toBe(400);
  });

  it("refuses a 5 MB resource with 413", async () => {
    const t = await createTestServer();
    const token = await t.token();
    const body = observation(A, { note: [{ text: "x".repeat(5 * 1024 * 1024) }] });
    const response = await t.request("Observation", { method: "POST", token, body });
    expect(response.status).toBe(413);
    expect(((await json(response)) as OperationOutcome).issue[0]?.code).toBe("too-long");
  });

  it("refuses an overlong Authorization header with 401", async () => {
    const t = await createTestServer();
    expect((await t.request("Patient", { token: "a".repeat(20_000) })).status).toBe(401);
  });

  it("always resolves to a Response: an internal failure becomes a 500 OperationOutcome, never a rejection", async () => {
    const t = await createTestServer({
      onTrace: () => {
        throw new Error("listener broke");
      },
    });
    const response = await t.request("Patient/smart-1", { token: await t.token() });
    expect(response.status).toBe(500);
    expect(((await json(response)) as OperationOutcome).issue[0]).toMatchObject({
      severity: "fatal",
      code: "exception",
    });
  });
});

describe("no existence oracle: a hidden resource is answered exactly as a missing one", () => {
  const probes: [string, string, (id: string) => FhirResource | undefined][] = [
    ["GET", "", () => undefined],
    ["GET", "/_history", () => undefined],
    ["GET", "/_history/1", () => undefined],
    ["DELETE", "", () => undefined],
    ["PUT", "", (id) => observation(A, { id })],
  ];
  it.each(probes)("%s Observation/[id]%s", async (method, suffix, bodyFor) => {
    const t = await createTestServer();
    const token = await tokenFor(t, "patient/Observation.cruds");
    const hiddenId = `${B}-obs-1`;
    const missingId = "no-such-obs";
    const hidden = await answer(
      await t.request(`Observation/${hiddenId}${suffix}`, {
        method,
        token,
        ...(bodyFor(hiddenId) ? { body: bodyFor(hiddenId) } : {}),
      }),
    );
    const missing = await answer(
      await t.request(`Observation/${missingId}${suffix}`, {
        method,
        token,
        ...(bodyFor(missingId) ? { body: bodyFor(missingId) } : {}),
      }),
    );
    expect(hidden.status).toBe(missing.status);
    expect(JSON.stringify(hidden.body).replaceAll(hiddenId, "ID")).toBe(
      JSON.stringify(missing.body).replaceAll(missingId, "ID"),
    );
    // B's Observation is unchanged.
    expect((await t.request(`Observation/${hiddenId}`, { token: await t.token() })).status).toBe(200);
  });

  it("gives If-Match on a hidden resource the same 412 as on a missing one", async () => {
    const t = await createTestServer();
    const token = await tokenFor(t, "patient/Observation.cruds");
    const hidden = await answer(
      await t.request(`Observation/${B}-obs-1`, {
        method: "PUT",
        token,
        headers: { "if-match": 'W/"1"' },
        body: observation(A, { id: `${B}-obs-1` }),
      }),
    );
    const missing = await answer(
      await t.request("Observation/nope", {
        method: "PUT",
        token,
        headers: { "if-match": 'W/"1"' },
        body: observation(A, { id: "nope" }),
      }),
    );
    expect(hidden.status).toBe(412);
    expect(missing.status).toBe(412);
  });

  it("resolves a reference to a hidden resource exactly as one to a missing resource", async () => {
    const t = await createTestServer();
    const token = await tokenFor(t, "patient/Observation.c");
    const toHidden = await t.request("Observation", {
      method: "POST",
      token,
      body: observation(A, { hasMember: [{ reference: `Observation/${B}-obs-1` }] }),
    });
    const toMissing = await t.request("Observation", {
      method: "POST",
      token,
      body: observation(A, { hasMember: [{ reference: "Observation/nope" }] }),
    });
    expect(toHidden.status).toBe(toMissing.status);
  });

  it("lets a transaction's conditional update and delete match only what the token sees", async () => {
    const t = await createTestServer();
    const token = await tokenFor(t, "patient/Observation.cruds");
    const bundle = {
      resourceType: "Bundle",
      type: "transaction",
      entry: [
        { resource: observation(A), request: { method: "PUT", url: `Observation?_id=${B}-obs-1` } },
        { request: { method: "DELETE", url: `Observation?_id=${B}-obs-2` } },
      ],
    };
    const response = await t.request("", { method: "POST", token, body: bundle });
    expect(response.status).toBe(200);
    const system = await t.token();
    const b1 = (await json(await t.request(`Observation/${B}-obs-1`, { token: system }))) as FhirResource;
    expect((b1.subject as { reference: string }).reference).toBe(`Patient/${B}`);
    expect((await t.request(`Observation/${B}-obs-2`, { token: system })).status).toBe(200);
  });

  it("resolves a transaction's conditional reference only to resources the token sees", async () => {
    const t = await createTestServer();
    const token = await tokenFor(t, "patient/Observation.cruds patient/Patient.rs");
    const system = await t.token();
    const b = (await json(await t.request(`Patient/${B}`, { token: system }))) as FhirResource;
    const identifier = (b.identifier as { system: string; value: string }[])[0];
    const bundle = {
      resourceType: "Bundle",
      type: "transaction",
      entry: [
        {
          resource: {
            ...observation(A),
            subject: { reference: `Patient?identifier=${identifier?.system}|${identifier?.value}` },
          },
          request: { method: "POST", url: "Observation" },
        },
      ],
    };
    const response = await t.request("", { method: "POST", token, body: bundle });
    expect(response.status).toBe(422);
    expect(JSON.stringify(await json(response))).toMatch(/matches no resource/);
  });

  it("never mentions other patients' resources in a search answer unless asked to explain", async () => {
    const t = await createTestServer();
    const token = await tokenFor(t, "patient/*.rs");
    for (const path of [
      "Observation?_count=500",
      `Observation?_id=${B}-obs-1,${A}-obs-1`,
      "Practitioner?_revinclude=Observation:performer&_revinclude=Encounter:participant",
      "Encounter?_include=Encounter:subject",
      "Observation?_summary=count",
    ]) {
      const response = await t.request(path, { token });
      expect(response.status, path).toBe(200);
      // Everything the answer says, less the links that only echo the request's own query.
      const body = (await json(response)) as Bundle;
      const { link: _echo, ...rest } = body;
      const report = Buffer.from(response.headers.get("x-lab-scope-decisions") ?? "", "base64url").toString();
      const everything = `${JSON.stringify(rest)} ${report}`;
      for (const other of ["smart-2", "smart-3", "smart-4", "smart-5", "smart-6", "smart-7", "smart-8"]) {
        expect(everything, path).not.toMatch(new RegExp(`${other}\\b`));
      }
    }
  });

  it("refuses searches that name another patient on the type, whatever the data holds", async () => {
    const t = await createTestServer();
    const token = await tokenFor(t, "patient/*.rs");
    for (const path of [
      `Observation?subject=Patient/${B}`,
      `Patient/${B}/Observation`,
      "Patient/nobody/Observation",
      `Patient?_id=${B}`,
    ]) {
      expect((await t.request(path, { token })).status, path).toBe(403);
    }
    const form = await t.request("Observation/_search", {
      method: "POST",
      token,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `patient=${B}`,
    });
    expect(form.status).toBe(403);
  });
});
