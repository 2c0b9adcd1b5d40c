import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateLabData } from "../../data/generate-lab-data.ts";
import type { Bundle, FhirResource } from "../../protocol/fhir/fhir-resource.ts";
import { createAccessGate } from "./access-gate.ts";
import type { FhirStore } from "./create-fhir-store.ts";
import { createTestServer, TEST_BASE, TEST_NOW, type TestServer } from "./fhir-test-server.ts";

// The invariant of the lab's FHIR server, as property tests: for random tokens (patient, user and system level;
// v1, v2 and granular scopes) and random requests, no resource outside what the token's scopes and context allow
// is returned, changed or revealed by status, and handle() always answers with a 2xx/4xx Response.
//
// Runs per property come from SCOPE_INVARIANT_RUNS (default below, a few thousand in all); `npm run fuzz` runs
// each with 25 times as many.
const SCALE = Number(process.env.SCOPE_INVARIANT_SCALE ?? "1") || 1;
const runs = (base: number) => Math.round(base * SCALE);
const TIMEOUT = 60_000 * SCALE;

const PATIENTS = ["smart-1", "smart-2", "smart-3", "smart-4", "smart-5", "smart-6", "smart-7", "smart-8"];

// Who may see whom, written down independently of the server's directory (README personas; the cardiologist
// sees the patients of her encounters). Both the server under test and the oracle use this table.
const PANELS: Record<string, readonly string[]> = {
  "Practitioner/smart-practitioner-1": ["smart-1", "smart-2", "smart-3", "smart-4"],
  "Practitioner/smart-practitioner-2": ["smart-5", "smart-6", "smart-7", "smart-8"],
  "Practitioner/smart-practitioner-3": ["smart-2", "smart-3"],
  "RelatedPerson/smart-related-1": ["smart-5"],
  "Patient/smart-1": ["smart-1"],
};
const panelOf = (fhirUser: string): ReadonlySet<string> => new Set(PANELS[fhirUser] ?? []);

// Types in no patient's compartment that the data set holds (R4 CompartmentDefinition: not listed).
const SHARED = new Set(["Practitioner", "PractitionerRole", "Organization", "Medication", "Location"]);

const CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

/** The data set plus resources of the types whose compartment links are unusual, and ones no patient owns. */
function seed(): FhirResource[] {
  const extras: FhirResource[] = [
    {
      resourceType: "Provenance",
      id: "x-prov-2",
      target: [{ reference: "Patient/smart-2" }],
      recorded: "2026-01-01T00:00:00Z",
      agent: [{ who: { reference: "Practitioner/smart-practitioner-1" } }],
    },
    {
      resourceType: "Provenance",
      id: "x-prov-1",
      target: [{ reference: "Observation/smart-1-obs-1" }, { reference: "Patient/smart-1" }],
      recorded: "2026-01-01T00:00:00Z",
      agent: [{ who: { reference: "Practitioner/smart-practitioner-1" } }],
    },
    {
      resourceType: "AuditEvent",
      id: "x-audit-2",
      type: { code: "rest" },
      recorded: "2026-01-01T00:00:00Z",
      agent: [{ who: { reference: "Patient/smart-2" }, requestor: true }],
      source: { observer: { display: "lab" } },
    },
    {
      resourceType: "AuditEvent",
      id: "x-audit-3",
      type: { code: "rest" },
      recorded: "2026-01-01T00:00:00Z",
      agent: [{ requestor: true }],
      source: { observer: { display: "lab" } },
      entity: [{ what: { reference: "Patient/smart-3" } }],
    },
    { resourceType: "Person", id: "x-person-2", link: [{ target: { reference: "Patient/smart-2" } }] },
    {
      resourceType: "CareTeam",
      id: "x-team-1",
      subject: { reference: "Patient/smart-1" },
      participant: [{ member: { reference: "Practitioner/smart-practitioner-1" } }],
    },
    { resourceType: "CareTeam", id: "x-team-2", participant: [{ member: { reference: "Patient/smart-2" } }] },
    { resourceType: "Basic", id: "x-basic-1", code: { text: "note" }, subject: { reference: "Patient/smart-1" } },
    { resourceType: "Basic", id: "x-basic-none", code: { text: "nobody's" } },
    {
      resourceType: "Observation",
      id: "x-obs-orphan",
      status: "final",
      code: { text: "no subject" },
      category: [{ coding: [{ system: CATEGORY, code: "laboratory" }] }],
    },
    {
      resourceType: "Observation",
      id: "x-obs-1-by-2",
      status: "final",
      code: { text: "shared chart" },
      subject: { reference: "Patient/smart-1" },
      performer: [{ reference: "Patient/smart-2" }],
    },
    {
      resourceType: "Group",
      id: "x-group",
      type: "person",
      actual: true,
      member: [{ entity: { reference: "Patient/smart-3" } }, { entity: { reference: "Patient/smart-4" } }],
    },
    {
      resourceType: "Appointment",
      id: "x-appt-5",
      status: "booked",
      participant: [{ actor: { reference: "Patient/smart-5" }, status: "accepted" }],
    },
    { resourceType: "Location", id: "x-location", name: "Ward" },
  ];
  return [...generateLabData(), ...extras];
}

const SEED = seed();
const seeded = () => SEED;
const IDS_BY_TYPE = new Map<string, string[]>();
for (const resource of SEED) {
  const list = IDS_BY_TYPE.get(resource.resourceType) ?? [];
  list.push(String(resource.id));
  IDS_BY_TYPE.set(resource.resourceType, list);
}
const TYPES = [...IDS_BY_TYPE.keys()];

// ---------------------------------------------------------------------------------------------------------------
// Tokens

type Level = "patient" | "user" | "system";

interface TokenSpec {
  scopes: string[];
  patient?: string;
  fhirUser?: string;
}

const scopeTypes = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom("*", "Observation") },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "*",
      "Observation",
      "Condition",
      "Patient",
      "Encounter",
      "Practitioner",
      "Provenance",
      "AuditEvent",
      "Person",
      "CareTeam",
      "Basic",
      "Group",
      "Appointment",
      "Medication",
      "MedicationRequest",
      "Organization",
      "Location",
    ),
  },
);
const letters = fc.subarray(["c", "r", "u", "d", "s"], { minLength: 1 }).map((chosen) => chosen.join(""));
const v1 = fc.constantFrom("read", "write", "*");
const granular = fc.constantFrom(
  "",
  "",
  "",
  "?category=laboratory",
  `?category=${CATEGORY}|vital-signs`,
  "?code=http://loinc.org|8867-4",
  "?status=final",
  "?_count=1",
  "?encounter.id=Encounter/smart-1-enc-1",
);

function clinicalScope(level: fc.Arbitrary<Level>): fc.Arbitrary<string> {
  return fc.oneof(
    fc
      .tuple(level, scopeTypes, letters, granular)
      .map(
        ([context, type, perms, query]) =>
          `${context}/${type}.${perms}${type === "Observation" || type === "Condition" ? query : ""}`,
      ),
    fc.tuple(level, scopeTypes, v1).map(([context, type, perms]) => `${context}/${type}.${perms}`),
  );
}

const tokenSpec: fc.Arbitrary<TokenSpec> = fc.constantFrom<Level>("patient", "user", "system").chain((main) => {
  // Mostly one level; sometimes a scope of another level joins, as real requests mix them.
  const level = fc.oneof(
    { weight: 5, arbitrary: fc.constant(main) },
    { weight: 1, arbitrary: fc.constantFrom<Level>("patient", "user", "system") },
  );
  return fc.record({
    scopes: fc.array(clinicalScope(level), { minLength: 1, maxLength: 4 }),
    patient: fc.option(fc.constantFrom(...PATIENTS, "nobody"), { nil: undefined, freq: main === "patient" ? 10 : 2 }),
    fhirUser: fc.option(fc.constantFrom(...Object.keys(PANELS), "Practitioner/unknown"), {
      nil: undefined,
      freq: main === "user" ? 8 : 3,
    }),
  });
});

async function sign(t: TestServer, spec: TokenSpec): Promise<string> {
  return t.token({
    scope: ["openid", ...spec.scopes].join(" "),
    ...(spec.patient ? { patient: spec.patient } : {}),
    ...(spec.fhirUser ? { fhirUser: spec.fhirUser } : {}),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The oracle: what a token may see, written from the IG's rules directly (not with the scope engine).

interface OracleScope {
  context: string;
  type: string;
  read: boolean;
  write: boolean;
  matches: (resource: FhirResource) => boolean;
}

function codingsOf(value: unknown): { system?: string; code?: string }[] {
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((item) => {
    if (!item || typeof item !== "object") return [];
    const coding = (item as { coding?: unknown }).coding;
    return Array.isArray(coding) ? (coding as { system?: string; code?: string }[]) : [];
  });
}

function oracleScope(text: string): OracleScope | null {
  const match = /^(patient|user|system)\/([A-Za-z*]+)\.([a-z*]+)(?:\?(.*))?$/.exec(text);
  if (!match) return null;
  const [, context = "", type = "", perms = "", query] = match;
  const v1Perms: Record<string, string> = { read: "rs", write: "cud", "*": "cruds" };
  const letters = v1Perms[perms] ?? perms;
  let matches: (resource: FhirResource) => boolean = () => true;
  if (query !== undefined) {
    const [name, value = ""] = query.split("=");
    const [system, code] = value.includes("|") ? value.split("|") : [undefined, value];
    if (name === "category" || name === "code") {
      matches = (resource) =>
        codingsOf(resource[name]).some(
          (coding) => coding.code === code && (system === undefined || coding.system === system),
        );
    } else if (name === "status") {
      matches = (resource) => resource.status === value;
    } else {
      matches = () => false; // _count, chains: nothing the server can evaluate
    }
  }
  return { context, type, read: /[rs]/.test(letters), write: /[cud]/.test(letters), matches };
}

function mentionedPatients(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) mentionedPatients(item, out);
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "reference" && typeof item === "string") {
        const id = /(?:^|\/)Patient\/([A-Za-z0-9\-.]+)$/.exec(item)?.[1];
        if (id) out.add(id);
      } else mentionedPatients(item, out);
    }
  }
  return out;
}

function withinContext(scope: OracleScope, spec: TokenSpec, resource: FhirResource): boolean {
  if (scope.context === "system") return true;
  const reach =
    scope.context === "patient"
      ? spec.patient
        ? new Set([spec.patient])
        : new Set<string>()
      : spec.fhirUser
        ? panelOf(spec.fhirUser)
        : new Set<string>();
  const mentioned = mentionedPatients(resource);
  if (resource.resourceType === "Patient") mentioned.add(String(resource.id));
  if (mentioned.size === 0) return SHARED.has(resource.resourceType);
  return [...mentioned].some((id) => reach.has(id));
}

/** Whether some granted scope lets the token see `resource` (a necessary condition for it to be returned). */
function oracleMaySee(spec: TokenSpec, resource: FhirResource): boolean {
  return spec.scopes.some((text) => {
    const scope = oracleScope(text);
    return (
      scope?.read === true &&
      (scope.type === "*" || scope.type === resource.resourceType) &&
      scope.matches(resource) &&
      withinContext(scope, spec, resource)
    );
  });
}

/** Whether the token may change `resource` at all: system access to its type, or it is only its patients' record. */
function oracleMayChange(spec: TokenSpec, resource: FhirResource): boolean {
  return spec.scopes.some((text) => {
    const scope = oracleScope(text);
    if (!scope?.write || (scope.type !== "*" && scope.type !== resource.resourceType)) return false;
    if (scope.context === "system") return true;
    const reach =
      scope.context === "patient" ? new Set(spec.patient ? [spec.patient] : []) : panelOf(spec.fhirUser ?? "");
    const mentioned = mentionedPatients(resource);
    if (resource.resourceType === "Patient") mentioned.add(String(resource.id));
    return mentioned.size > 0 && [...mentioned].every((id) => reach.has(id));
  });
}

/**
 * Every resource an answer carries: the body, a Bundle's entries, a transaction/batch response's entries. A
 * subsetted one (`_elements`, `_summary`) is judged by its full stored content, which its subset came from.
 */
function resourcesIn(body: unknown, store: FhirStore): FhirResource[] {
  if (!body || typeof body !== "object") return [];
  const resource = body as FhirResource;
  if (resource.resourceType === "OperationOutcome") return [];
  if (resource.resourceType !== "Bundle") {
    const subsetted = resource.meta?.tag?.some((tag) => tag.code === "SUBSETTED");
    const full = subsetted ? store.get(resource.resourceType, String(resource.id))?.current : undefined;
    return [full ?? resource];
  }
  return ((resource as Bundle).entry ?? []).flatMap((entry) => resourcesIn(entry.resource, store));
}

// ---------------------------------------------------------------------------------------------------------------
// Requests

interface LabRequest {
  path: string;
  method: string;
  body?: unknown;
  headers?: Record<string, string>;
}

const anyType = fc.constantFrom(...TYPES);
// Resources worth probing more often than chance would: each patient's first resource of each type, the extras, and
// (twice) the Observation whose history changed hands.
const FOCUS: { type: string; id: string }[] = [
  { type: "Observation", id: "smart-2-obs-5" },
  { type: "Observation", id: "smart-2-obs-5" },
  ...SEED.filter((r) => String(r.id).startsWith("x-")).map((r) => ({ type: r.resourceType, id: String(r.id) })),
];
for (const [type, ids] of IDS_BY_TYPE) {
  for (const patient of PATIENTS) {
    const id = ids.find((candidate) => candidate.startsWith(`${patient}-`));
    if (id) FOCUS.push({ type, id });
  }
  if (SHARED.has(type)) FOCUS.push({ type, id: ids[0] ?? "none" });
}
const focusIdOf = (type: string) => {
  const ids = FOCUS.filter((item) => item.type === type).map((item) => item.id);
  return fc.constantFrom(...(ids.length > 0 ? ids : ["no-such-id"]));
};
const idOf = (type: string) => fc.constantFrom(...(IDS_BY_TYPE.get(type) ?? ["none"]), "no-such-id");
const typedId = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FOCUS) },
  { weight: 1, arbitrary: anyType.chain((type) => idOf(type).map((id) => ({ type, id }))) },
);
const patientRef = fc.constantFrom(...PATIENTS, "nobody");

const searchParam: fc.Arbitrary<[string, string]> = fc.oneof(
  patientRef.map((p) => ["patient", p] as [string, string]),
  patientRef.map((p) => ["subject", `Patient/${p}`] as [string, string]),
  typedId.map(({ id }) => ["_id", id] as [string, string]),
  fc.constantFrom<[string, string]>(
    ["category", "laboratory"],
    ["category", `${CATEGORY}|vital-signs`],
    ["code", "http://loinc.org|8867-4"],
    ["status", "final"],
    ["_count", "3"],
    ["_count", "0"],
    ["_offset", "2"],
    ["_sort", "-_lastUpdated"],
    ["_summary", "count"],
    ["_summary", "true"],
    ["_elements", "id,subject"],
    ["_total", "accurate"],
    ["_include", "Observation:subject"],
    ["_include", "Observation:performer"],
    ["_include", "Encounter:participant"],
    ["_include", "MedicationRequest:medication"],
    ["_include", "Provenance:target"],
    ["_revinclude", "Observation:subject"],
    ["_revinclude", "Observation:performer"],
    ["_revinclude", "Provenance:target"],
    ["_revinclude", "Encounter:participant"],
    ["_has:Observation:subject:code", "8867-4"],
    ["subject.name", "Brown"],
    ["patient:missing", "true"],
    ["subject:missing", "true"],
    ["date", "ge2020-01-01"],
    ["name", "shaw"],
    ["family", "Brown"],
    ["_revinclude", "constructor:x"],
    ["__proto__", "1"],
    ["_lastUpdated", "gt2000"],
  ),
);

const queryString = fc.array(searchParam, { maxLength: 4 }).map((params) => new URLSearchParams(params).toString());

const readRequest: fc.Arbitrary<LabRequest> = fc.oneof(
  typedId.map(({ type, id }) => ({ method: "GET", path: `${type}/${id}` })),
  fc
    .tuple(typedId, fc.constantFrom("1", "2"))
    .map(([{ type, id }, v]) => ({ method: "GET", path: `${type}/${id}/_history/${v}` })),
  typedId.map(({ type, id }) => ({ method: "GET", path: `${type}/${id}/_history` })),
  fc.tuple(anyType, queryString).map(([type, query]) => ({ method: "GET", path: `${type}?${query}` })),
  fc
    .tuple(patientRef, anyType, queryString)
    .map(([patient, type, query]) => ({ method: "GET", path: `Patient/${patient}/${type}?${query}` })),
  fc.tuple(anyType, queryString).map(([type, query]) => ({
    method: "POST",
    path: `${type}/_search`,
    body: query,
    headers: { "content-type": "application/x-www-form-urlencoded" },
  })),
  fc.array(fc.tuple(anyType, queryString), { minLength: 1, maxLength: 3 }).map((entries) => ({
    method: "POST",
    path: "",
    body: {
      resourceType: "Bundle",
      type: "batch",
      entry: entries.map(([type, query]) => ({ request: { method: "GET", url: `${type}?${query}` } })),
    },
  })),
);

const writeBody = (type: string) =>
  fc
    .record({
      subject: fc.option(patientRef, { nil: undefined }),
      performer: fc.option(patientRef, { nil: undefined }),
      category: fc.constantFrom("laboratory", "vital-signs"),
    })
    .map(({ subject, performer, category }) => {
      const body: FhirResource = { resourceType: type };
      if (type === "Observation") {
        body.status = "final";
        body.code = { text: "fuzz" };
        body.category = [{ coding: [{ system: CATEGORY, code: category }] }];
        if (subject) body.subject = { reference: `Patient/${subject}` };
        if (performer) body.performer = [{ reference: `Patient/${performer}` }];
      } else if (type === "Condition") {
        body.code = { text: "fuzz" };
        if (subject) body.subject = { reference: `Patient/${subject}` };
        if (performer) body.asserter = { reference: `Patient/${performer}` };
      } else if (type === "Patient") {
        body.name = [{ family: "Fuzz" }];
        if (performer) body.link = [{ other: { reference: `Patient/${performer}` }, type: "seealso" }];
      } else if (type === "Practitioner" || type === "Organization") {
        body.name = type === "Practitioner" ? [{ family: "Fuzz" }] : "Fuzz";
      }
      return body;
    });

const writeType = fc.constantFrom("Observation", "Condition", "Patient", "Practitioner", "Organization");

const writeRequest: fc.Arbitrary<LabRequest> = fc.oneof(
  writeType.chain((type) => writeBody(type).map((body) => ({ method: "POST", path: type, body }))),
  writeType.chain((type) =>
    fc.tuple(writeBody(type), fc.tuple(searchParam, searchParam)).map(([body, params]) => ({
      method: "POST",
      path: type,
      body,
      headers: { "if-none-exist": new URLSearchParams(params).toString() },
    })),
  ),
  // Conditional create aimed at one resource, the enumeration attack: If-None-Exist: _id=<someone's id>.
  writeType.chain((type) =>
    fc.tuple(writeBody(type), focusIdOf(type)).map(([body, id]) => ({
      method: "POST",
      path: type,
      body,
      headers: { "if-none-exist": `_id=${id}` },
    })),
  ),
  writeType.chain((type) =>
    fc
      .tuple(writeBody(type), idOf(type))
      .map(([body, id]) => ({ method: "PUT", path: `${type}/${id}`, body: { ...body, id } })),
  ),
  typedId.map(({ type, id }) => ({ method: "DELETE", path: `${type}/${id}` })),
  writeType.chain((type) =>
    fc
      .tuple(writeBody(type), idOf(type), idOf(type), fc.constantFrom("transaction", "batch"))
      .map(([body, id, other, kind]) => ({
        method: "POST",
        path: "",
        body: {
          resourceType: "Bundle",
          type: kind,
          entry: [
            { resource: body, request: { method: "PUT", url: `${type}?_id=${id}` } },
            { request: { method: "DELETE", url: `${type}?_id=${other}` } },
            { resource: body, request: { method: "POST", url: type, ifNoneExist: `_id=${other}` } },
          ],
        },
      })),
  ),
);

async function send(
  t: TestServer,
  token: string,
  request: LabRequest,
): Promise<{ status: number; body: unknown; headers: Record<string, string> }> {
  const response = await t.request(request.path, {
    method: request.method,
    token,
    ...(request.body !== undefined ? { body: request.body } : {}),
    ...(request.headers ? { headers: request.headers } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    // non-JSON answers are compared as text
  }
  const headers: Record<string, string> = {};
  for (const name of [
    "location",
    "etag",
    "last-modified",
    "www-authenticate",
    "x-lab-scope-decisions",
    "content-type",
  ]) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return { status: response.status, body, headers };
}

function visibleSeed(spec: TokenSpec, store: FhirStore): FhirResource[] {
  const claims = {
    scope: ["openid", ...spec.scopes].join(" "),
    ...(spec.patient ? { patient: spec.patient } : {}),
    ...(spec.fhirUser ? { fhirUser: spec.fhirUser } : {}),
  };
  const gate = createAccessGate(claims, panelOf, TEST_BASE, TEST_NOW);
  return SEED.filter((resource) => {
    const current = store.get(resource.resourceType, String(resource.id))?.current ?? resource;
    return (
      gate.decide({ interaction: "read", resourceType: resource.resourceType, resource: current }).allowed ||
      gate.decide({ interaction: "search", resourceType: resource.resourceType, resource: current }).allowed
    );
  });
}

function snapshot(store: FhirStore): Map<string, string> {
  const out = new Map<string, string>();
  for (const type of store.types()) {
    for (const record of store.records(type)) out.set(`${type}/${record.id}`, JSON.stringify(record.versions));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

describe("scope invariants (property tests)", () => {
  it(
    "never returns a resource outside the token's scopes and context, and answers every request 2xx/4xx",
    async () => {
      const t = await createTestServer({ seed: seeded, patientsVisibleTo: panelOf });
      // A history that changed hands: version 1 is patient 2's, version 2 patient 1's.
      const system = await t.token();
      const moved = await t.request("Observation/smart-2-obs-5", { token: system });
      const body = { ...((await moved.json()) as FhirResource), subject: { reference: "Patient/smart-1" } };
      expect((await t.request("Observation/smart-2-obs-5", { method: "PUT", token: system, body })).status).toBe(200);
      await fc.assert(
        fc.asyncProperty(tokenSpec, readRequest, async (spec, request) => {
          const answer = await send(t, await sign(t, spec), request);
          expect(answer.status, `${request.method} ${request.path}`).toBeLessThan(500);
          for (const resource of resourcesIn(answer.body, t.store)) {
            if (!oracleMaySee(spec, resource)) {
              throw new Error(
                `${request.method} ${request.path} returned ${resource.resourceType}/${resource.id} to ${JSON.stringify(spec)}`,
              );
            }
          }
        }),
        { numRuns: runs(1500) },
      );
    },
    TIMEOUT,
  );

  it(
    "answers exactly as a server holding only what the token may see would (no existence or count oracle)",
    async () => {
      const full = await createTestServer({ seed: seeded, patientsVisibleTo: panelOf });
      await fc.assert(
        fc.asyncProperty(tokenSpec, fc.array(readRequest, { minLength: 1, maxLength: 4 }), async (spec, requests) => {
          const visible = await createTestServer({
            seed: () => visibleSeed(spec, full.store),
            patientsVisibleTo: panelOf,
          });
          const token = await sign(full, spec);
          for (const request of requests) {
            const a = await send(full, token, request);
            const b = await send(visible, token, request);
            expect(a, `${request.method} ${request.path} for ${JSON.stringify(spec)}`).toEqual(b);
          }
        }),
        { numRuns: runs(300) },
      );
    },
    TIMEOUT,
  );

  it(
    "changes nothing outside the token's reach, creates only within it, and writes the same as on a server of only what it sees",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          tokenSpec,
          fc.array(fc.oneof(writeRequest, readRequest), { minLength: 1, maxLength: 3 }),
          async (spec, requests) => {
            const full = await createTestServer({ seed: seeded, patientsVisibleTo: panelOf });
            const visible = await createTestServer({
              seed: () => visibleSeed(spec, full.store),
              patientsVisibleTo: panelOf,
            });
            const token = await sign(full, spec);
            for (const request of requests) {
              const before = snapshot(full.store);
              const a = await send(full, token, request);
              const b = await send(visible, token, request);
              const label = `${request.method} ${request.path} ${JSON.stringify(request.body ?? "")} for ${JSON.stringify(spec)}`;
              expect(a.status, label).toBeLessThan(500);
              expect(a, label).toEqual(b);
              const after = snapshot(full.store);
              for (const [key, versions] of after) {
                if (before.get(key) === versions) continue;
                const [type = "", id = ""] = key.split("/");
                const previous = full.store.get(type, id)?.versions.at(-2)?.resource;
                const current = full.store.get(type, id)?.current;
                for (const resource of [previous, current]) {
                  if (resource && !oracleMayChange(spec, resource))
                    throw new Error(`${label} changed ${key} (${JSON.stringify(resource).slice(0, 300)})`);
                }
              }
            }
          },
        ),
        { numRuns: runs(300) },
      );
    },
    TIMEOUT,
  );

  it(
    "answers any request at all — junk paths, prototype names, broken bodies and headers — with 2xx/4xx",
    async () => {
      const t = await createTestServer({ seed: seeded, patientsVisibleTo: panelOf });
      const segment = fc.oneof(
        fc.constantFrom(
          "constructor",
          "__proto__",
          "toString",
          "hasOwnProperty",
          "Patient",
          "Observation",
          "_history",
          "_search",
          "metadata",
          ".well-known",
          "%00",
          "%E2%84%A6",
          "..",
          "%2F",
          "1",
        ),
        fc.string({ maxLength: 8 }).map((text) => encodeURIComponent(text)),
      );
      const junk = fc.record({
        method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"),
        segments: fc.array(segment, { maxLength: 4 }),
        query: fc.array(
          fc.tuple(
            fc.oneof(
              fc.string({ maxLength: 10 }),
              fc.constantFrom("_include", "_revinclude", "_count", "_sort", "_format", "_id", "patient", "_elements"),
            ),
            fc.string({ maxLength: 12 }),
          ),
          { maxLength: 3 },
        ),
        body: fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 4 }), fc.string({ maxLength: 40 })),
        contentType: fc.constantFrom(
          "application/fhir+json",
          "application/json",
          "application/x-www-form-urlencoded",
          "text/plain",
          "",
        ),
        header: fc.tuple(
          fc.constantFrom("if-match", "if-none-exist", "if-none-match", "prefer", "accept", "x-lab-explain"),
          fc.string({ maxLength: 20 }),
        ),
        token: fc.oneof(
          tokenSpec.map((spec) => ({ spec })),
          fc.string({ maxLength: 30 }).map((raw) => ({ raw })),
        ),
      });
      await fc.assert(
        fc.asyncProperty(junk, async (input) => {
          const token =
            "spec" in input.token ? await sign(t, input.token.spec) : input.token.raw.replace(/[^\x21-\x7e]/g, "");
          const headers: Record<string, string> = {};
          const [name, value] = input.header;
          const safe = value.replace(/[^\x20-\x7e]/g, "");
          if (safe !== "") headers[name] = safe;
          if (input.contentType) headers["content-type"] = input.contentType;
          const query = new URLSearchParams(input.query).toString();
          const path = `${input.segments.join("/")}${query ? `?${query}` : ""}`;
          const hasBody = input.body !== undefined && !["GET", "HEAD"].includes(input.method);
          const response = await t.request(path, {
            method: input.method,
            ...(token ? { token } : {}),
            headers,
            ...(hasBody ? { body: typeof input.body === "string" ? input.body : JSON.stringify(input.body) } : {}),
          });
          expect(response.status, `${input.method} ${path}`).toBeGreaterThanOrEqual(200);
          expect(response.status, `${input.method} ${path}`).toBeLessThan(500);
        }),
        { numRuns: runs(1000) },
      );
    },
    TIMEOUT,
  );
});
