import type { Bundle, BundleEntry, FhirResource, OperationOutcome } from "../../protocol/fhir/fhir-resource.ts";
import { type ParsedSearchQuery, parseSearchQuery } from "../../protocol/fhir/parse-search-query.ts";
import type { TraceListener } from "../trace-event.ts";
import type { AccessGate } from "./access-gate.ts";
import type { FhirStore, ResourceRecord, ResourceVersion, StoreWrite } from "./create-fhir-store.ts";
import { fail } from "./fhir-error.ts";
import {
  encodeScopeDecisionHeader,
  MAX_HIDDEN_DECISIONS,
  SCOPE_DECISIONS_HEADER,
  type ScopeDecisionEntry,
  type ScopeDecisionReport,
  scopeDecisionOutcome,
} from "./scope-decision-report.ts";
import { findIncludes, findMatches } from "./search-resources.ts";
import { relativizeReferences, validateResource } from "./validate-resource.ts";

/** What every interaction works with: the server's base, data, clock, the request's access gate and the trace. @see https://hl7.org/fhir/R4/http.html */
export interface InteractionContext {
  baseUrl: string;
  store: FhirStore;
  now: () => number;
  gate: AccessGate;
  trace: TraceListener;
}

/** An interaction's answer before it becomes a `Response`. @see https://hl7.org/fhir/R4/http.html */
export interface FhirResult {
  status: number;
  headers: Record<string, string>;
  body?: FhirResource;
}

/** The default page size of searches. @see https://hl7.org/fhir/R4/http.html#paging */
export const DEFAULT_PAGE_SIZE = 20;

/** `W/"<versionId>"`, the weak ETag R4 prescribes. @see https://hl7.org/fhir/R4/http.html#versioning */
export function etagOf(versionId: string): string {
  return `W/"${versionId}"`;
}

/** The headers that describe a stored version: ETag, Last-Modified and (for writes) Location. @see https://hl7.org/fhir/R4/http.html#create */
export function versionHeaders(
  baseUrl: string,
  type: string,
  id: string,
  version: ResourceVersion,
  withLocation: boolean,
): Record<string, string> {
  const headers: Record<string, string> = {
    ETag: etagOf(version.versionId),
    "Last-Modified": new Date(version.lastUpdated).toUTCString(),
  };
  if (withLocation) headers.Location = `${baseUrl}/${type}/${id}/_history/${version.versionId}`;
  return headers;
}

/** Reads `Prefer: return=…` and `handling=…`. @see https://hl7.org/fhir/R4/http.html#ops */
export function preferOf(headers: Headers): { return?: string; handling?: string } {
  const out: { return?: string; handling?: string } = {};
  for (const part of (headers.get("prefer") ?? "").split(/[;,]/)) {
    const [name, value] = part
      .trim()
      .split("=")
      .map((text) => text.trim().replace(/^"|"$/g, ""));
    if (name === "return" && value) out.return = value;
    if (name === "handling" && value) out.handling = value;
  }
  return out;
}

function versionFromEtag(text: string): string {
  return text.trim().replace(/^W\//, "").replace(/^"|"$/g, "");
}

function liveRecord(ctx: InteractionContext, type: string, id: string): ResourceRecord & { current: FhirResource } {
  const record = ctx.store.get(type, id);
  if (!record) fail("not-found", "not-found", `There is no ${type}/${id} on this server.`);
  if (!record.current) {
    const last = record.versions[record.versions.length - 1];
    fail(
      "gone",
      "deleted",
      `${type}/${id} was deleted${last ? ` (version ${last.versionId}, ${last.lastUpdated})` : ""}.`,
      {
        headers: last ? { ETag: etagOf(last.versionId) } : {},
      },
    );
  }
  return record as ResourceRecord & { current: FhirResource };
}

/** Throws the 403 of a refused access, carrying the engine's reason and the same decision report a search would. */
function requireAccess(ctx: InteractionContext, interaction: Parameters<AccessGate["decide"]>[0]): void {
  const decision = ctx.gate.decide(interaction);
  const reference = interaction.resource?.id
    ? `${interaction.resourceType}/${interaction.resource.id}`
    : interaction.resourceType;
  if (decision.allowed) {
    if (ctx.gate.secured) {
      ctx.trace({
        server: "fhir",
        kind: "access.allowed",
        at: ctx.now(),
        summary: `${interaction.interaction} of ${reference} allowed: ${decision.reason}`,
        detail: {
          interaction: interaction.interaction,
          reference,
          decision: { allowed: true, by: decision.by?.text ?? null, reason: decision.reason },
        },
      });
    }
    return;
  }
  const report: ScopeDecisionReport = {
    version: 1,
    scopes: ctx.gate.scopes,
    context: reportContext(ctx.gate),
    returned: 0,
    hidden: 1,
    decisions: [{ reference, mode: "match", allowed: false, verdict: "hidden", by: null, reason: decision.reason }],
    truncated: false,
  };
  ctx.trace({
    server: "fhir",
    kind: "access.denied",
    at: ctx.now(),
    summary: `${interaction.interaction} of ${reference} refused: ${decision.reason}`,
    detail: {
      interaction: interaction.interaction,
      reference,
      decision: { allowed: false, by: null, reason: decision.reason },
    },
  });
  fail("forbidden", "forbidden", decision.reason, {
    bearerError: "insufficient_scope",
    headers: { [SCOPE_DECISIONS_HEADER]: encodeScopeDecisionHeader(report) },
    detail: report,
  });
}

function reportContext(gate: AccessGate): ScopeDecisionReport["context"] {
  const context: ScopeDecisionReport["context"] = {};
  if (gate.context.patient) context.patient = gate.context.patient;
  if (gate.context.encounter) context.encounter = gate.context.encounter;
  if (gate.context.fhirUser) context.fhirUser = gate.context.fhirUser;
  if (gate.context.userPatients) context.userPatients = [...gate.context.userPatients];
  return context;
}

/** `GET [base]/[type]/[id]`: the current version, 410 once deleted, 304 for a matching If-None-Match. @see https://hl7.org/fhir/R4/http.html#read */
export function readResource(ctx: InteractionContext, type: string, id: string, headers: Headers): FhirResult {
  const record = liveRecord(ctx, type, id);
  requireAccess(ctx, { interaction: "read", resourceType: type, resource: record.current });
  const version = record.versions[record.versions.length - 1] as ResourceVersion;
  const meta = versionHeaders(ctx.baseUrl, type, id, version, false);
  const ifNoneMatch = headers.get("if-none-match");
  if (ifNoneMatch && versionFromEtag(ifNoneMatch) === version.versionId) return { status: 304, headers: meta };
  return { status: 200, headers: meta, body: record.current };
}

/** `GET [base]/[type]/[id]/_history/[vid]`: one version; 410 for the version that records a deletion. @see https://hl7.org/fhir/R4/http.html#vread */
export function vreadResource(ctx: InteractionContext, type: string, id: string, versionId: string): FhirResult {
  const record = ctx.store.get(type, id);
  const version = record?.versions.find((item) => item.versionId === versionId);
  if (!record || !version) fail("not-found", "not-found", `There is no version ${versionId} of ${type}/${id}.`);
  if (!version.resource) fail("gone", "deleted", `Version ${versionId} of ${type}/${id} records its deletion.`);
  requireAccess(ctx, { interaction: "vread", resourceType: type, resource: version.resource });
  return { status: 200, headers: versionHeaders(ctx.baseUrl, type, id, version, false), body: version.resource };
}

/** `GET [base]/[type]/[id]/_history`: every version, newest first, deletions included. @see https://hl7.org/fhir/R4/http.html#history */
export function historyOfResource(ctx: InteractionContext, type: string, id: string): FhirResult {
  const record = ctx.store.get(type, id);
  if (!record) fail("not-found", "not-found", `There is no ${type}/${id} on this server.`);
  const latest = [...record.versions].reverse().find((version) => version.resource)?.resource;
  requireAccess(
    ctx,
    latest
      ? { interaction: "history", resourceType: type, resource: latest }
      : { interaction: "history", resourceType: type },
  );
  const entry: BundleEntry[] = [...record.versions].reverse().map((version) => {
    const item: BundleEntry = {
      fullUrl: `${ctx.baseUrl}/${type}/${id}`,
      request: { method: version.method, url: version.method === "POST" ? type : `${type}/${id}` },
      response: {
        status: version.method === "POST" ? "201 Created" : version.method === "PUT" ? "200 OK" : "204 No Content",
        etag: etagOf(version.versionId),
        lastModified: version.lastUpdated,
      },
    };
    if (version.resource) item.resource = version.resource;
    return item;
  });
  const bundle: Bundle = {
    resourceType: "Bundle",
    meta: { lastUpdated: new Date(ctx.now()).toISOString() },
    type: "history",
    total: entry.length,
    link: [{ relation: "self", url: `${ctx.baseUrl}/${type}/${id}/_history` }],
    entry,
  };
  return { status: 200, headers: {}, body: bundle };
}

/** A validated, authorised write waiting to be committed (alone, or with the rest of a transaction). @see https://hl7.org/fhir/R4/http.html#transaction */
export interface PreparedWrite {
  write: StoreWrite;
  type: string;
  id: string;
  /** 201 for a create (or an update that creates), 200 for an update, 200 for a delete. */
  status: 200 | 201;
}

/**
 * Validates and authorises a create: the server assigns the id (a client id in the body is ignored, as R4 says),
 * absolute references to this server become relative. `pending` lists what the same transaction creates.
 * @see https://hl7.org/fhir/R4/http.html#create
 */
export function prepareCreate(
  ctx: InteractionContext,
  type: string,
  body: unknown,
  options: { id?: string; pending?: ReadonlySet<string> } = {},
): PreparedWrite {
  const resource = validateResource(relativizeReferences(body, ctx.baseUrl), {
    type,
    store: ctx.store,
    ...(options.pending ? { pending: options.pending } : {}),
  });
  const id = options.id ?? ctx.store.newId();
  const stored = { ...resource, id, meta: clientMeta(resource) };
  requireAccess(ctx, { interaction: "create", resourceType: type, resource: stored });
  return { write: { kind: "create", resource: stored }, type, id, status: 201 };
}

/**
 * Validates and authorises an update (or an update that creates, with a client-chosen id): `If-Match` must name
 * the current version (412), a stale `meta.versionId` in the body is a version conflict (409).
 * @see https://hl7.org/fhir/R4/http.html#update
 * @see https://hl7.org/fhir/R4/http.html#concurrency
 */
export function prepareUpdate(
  ctx: InteractionContext,
  type: string,
  id: string,
  body: unknown,
  options: { ifMatch?: string | null; pending?: ReadonlySet<string> } = {},
): PreparedWrite {
  const resource = validateResource(relativizeReferences(body, ctx.baseUrl), {
    type,
    id,
    store: ctx.store,
    ...(options.pending ? { pending: options.pending } : {}),
  });
  const record = ctx.store.get(type, id);
  const current = record?.current ? record.versions[record.versions.length - 1] : undefined;
  if (options.ifMatch) {
    const expected = versionFromEtag(options.ifMatch);
    if (!current)
      fail("precondition-failed", "conflict", `If-Match ${options.ifMatch} given, but ${type}/${id} does not exist.`);
    if (expected !== current.versionId) {
      fail(
        "precondition-failed",
        "conflict",
        `If-Match asks for version ${expected}, but ${type}/${id} is at version ${current.versionId}.`,
        {
          headers: { ETag: etagOf(current.versionId) },
        },
      );
    }
  } else if (current && typeof resource.meta?.versionId === "string" && resource.meta.versionId !== current.versionId) {
    fail(
      "conflict",
      "conflict",
      `The body is based on version ${resource.meta.versionId}, but ${type}/${id} is now at version ${current.versionId}: re-read it and apply your change again.`,
    );
  }
  const stored = { ...resource, id, meta: clientMeta(resource) };
  if (record?.current) {
    requireAccess(ctx, { interaction: "update", resourceType: type, resource: record.current });
    requireAccess(ctx, { interaction: "update", resourceType: type, resource: stored });
    return { write: { kind: "update", resource: stored }, type, id, status: 200 };
  }
  requireAccess(ctx, { interaction: "create", resourceType: type, resource: stored });
  return { write: { kind: "update", resource: stored }, type, id, status: 201 };
}

/** Validates and authorises a delete; deleting what is already deleted is a no-op (undefined). @see https://hl7.org/fhir/R4/http.html#delete */
export function prepareDelete(
  ctx: InteractionContext,
  type: string,
  id: string,
  ifMatch?: string | null,
): PreparedWrite | undefined {
  const record = ctx.store.get(type, id);
  if (!record) fail("not-found", "not-found", `There is no ${type}/${id} on this server.`);
  if (!record.current) return undefined;
  const current = record.versions[record.versions.length - 1] as ResourceVersion;
  if (ifMatch && versionFromEtag(ifMatch) !== current.versionId) {
    fail(
      "precondition-failed",
      "conflict",
      `If-Match asks for version ${versionFromEtag(ifMatch)}, but ${type}/${id} is at version ${current.versionId}.`,
    );
  }
  requireAccess(ctx, { interaction: "delete", resourceType: type, resource: record.current });
  return { write: { kind: "delete", type, id }, type, id, status: 200 };
}

/** The client's own meta (tags, profiles, security labels); versionId and lastUpdated are the server's to set. */
function clientMeta(resource: FhirResource): FhirResource["meta"] {
  const { versionId: _version, lastUpdated: _updated, ...rest } = resource.meta ?? {};
  return rest;
}

/** Turns a committed write into its HTTP answer, honouring `Prefer: return=`. @see https://hl7.org/fhir/R4/http.html#ops */
export function writeResult(
  ctx: InteractionContext,
  prepared: PreparedWrite,
  version: ResourceVersion,
  prefer: string | undefined,
): FhirResult {
  const headers = versionHeaders(ctx.baseUrl, prepared.type, prepared.id, version, prepared.write.kind !== "delete");
  if (prepared.write.kind === "delete") {
    return {
      status: 200,
      headers,
      body: information(`Deleted ${prepared.type}/${prepared.id} (version ${version.versionId}).`),
    };
  }
  if (prefer === "minimal") return { status: prepared.status, headers };
  if (prefer === "OperationOutcome") {
    const verb = prepared.status === 201 ? "Created" : "Updated";
    return {
      status: prepared.status,
      headers,
      body: information(`${verb} ${prepared.type}/${prepared.id} (version ${version.versionId}).`),
    };
  }
  return { status: prepared.status, headers, ...(version.resource ? { body: version.resource } : {}) };
}

/** An informational OperationOutcome. @see https://hl7.org/fhir/R4/operationoutcome.html */
export function information(text: string): OperationOutcome {
  return {
    resourceType: "OperationOutcome",
    issue: [{ severity: "information", code: "informational", diagnostics: text }],
  };
}

/** Commits one prepared write and answers it. @see https://hl7.org/fhir/R4/http.html#create */
export function commitOne(ctx: InteractionContext, prepared: PreparedWrite, headers: Headers): FhirResult {
  const [version] = ctx.store.commit([prepared.write]);
  if (!version) fail("internal", "exception", "The store did not record the write.");
  ctx.trace({
    server: "fhir",
    kind: `resource.${prepared.write.kind === "delete" ? "deleted" : prepared.status === 201 ? "created" : "updated"}`,
    at: ctx.now(),
    summary: `${prepared.type}/${prepared.id} is now at version ${version.versionId}.`,
    detail: { reference: `${prepared.type}/${prepared.id}`, versionId: version.versionId },
  });
  return writeResult(ctx, prepared, version, preferOf(headers).return);
}

/**
 * `POST [base]/[type]` with `If-None-Exist`: when exactly one resource matches, nothing is created (200 with
 * it); several matches are a 412.
 * @see https://hl7.org/fhir/R4/http.html#ccreate
 */
export function conditionalMatch(ctx: InteractionContext, type: string, criteria: string): FhirResource | undefined {
  const query = parseSearchQuery(type, new URLSearchParams(criteria.replace(/^.*\?/, "")), ctx.baseUrl);
  if (query.errors.length > 0)
    fail("invalid-request", "invalid", `Invalid conditional criteria "${criteria}": ${query.errors.join(" ")}`);
  if (query.filters.length === 0)
    fail("invalid-request", "invalid", `Conditional criteria "${criteria}" select nothing specific.`);
  const matches = findMatches(ctx.store, query, { now: ctx.now() });
  if (matches.length > 1) {
    fail(
      "precondition-failed",
      "multiple-matches",
      `Conditional criteria "${criteria}" match ${matches.length} ${type} resources.`,
    );
  }
  return matches[0];
}

/** Where a search came from, to build its paging links. @see https://hl7.org/fhir/R4/http.html#paging */
export interface SearchOrigin {
  /** The path after the base (`Observation`, `Patient/1/Observation`). */
  path: string;
  compartmentPatient?: string;
}

/**
 * A search: matches, then the token's scopes (each match decided on its own; the hidden ones are left out and
 * explained), then the page (`_count`, `_offset`), `_include`/`_revinclude`, `_summary`, `_elements`, and paging
 * links built from the same parameters so following `next` walks every match exactly once.
 * @see https://hl7.org/fhir/R4/search.html
 * @see https://hl7.org/fhir/R4/http.html#paging
 */
export function searchResources(
  ctx: InteractionContext,
  type: string,
  params: URLSearchParams,
  headers: Headers,
  origin: SearchOrigin,
): FhirResult {
  const query = parseSearchQuery(type, params, ctx.baseUrl);
  if (query.errors.length > 0) fail("invalid-request", "invalid", query.errors.join(" "));
  const strict = preferOf(headers).handling === "strict";
  if (strict && query.ignored.length > 0) {
    fail("invalid-request", "not-supported", query.ignored.map((item) => item.reason).join(" "), {
      expression: query.ignored.map((item) => item.name),
    });
  }
  const gateParams = new URLSearchParams(params);
  if (origin.compartmentPatient !== undefined) gateParams.set("patient", origin.compartmentPatient);
  requireAccess(ctx, { interaction: "search", resourceType: type, searchParams: gateParams });

  const scope =
    origin.compartmentPatient === undefined
      ? { now: ctx.now() }
      : { now: ctx.now(), compartmentPatient: origin.compartmentPatient };
  const matches = findMatches(ctx.store, query, scope);
  const decisions: ScopeDecisionEntry[] = [];
  let allowed: FhirResource[] = matches;
  let hidden = 0;
  let truncated = false;
  const byReference = new Map<string, ScopeDecisionEntry>();
  if (ctx.gate.secured) {
    allowed = [];
    for (const resource of matches) {
      const decision = ctx.gate.decide({ interaction: "search", resourceType: type, resource });
      const entry: ScopeDecisionEntry = {
        reference: `${type}/${resource.id}`,
        mode: "match",
        allowed: decision.allowed,
        verdict: decision.allowed ? "shown" : "hidden",
        by: decision.by?.text ?? null,
        reason: decision.reason,
      };
      if (decision.allowed) {
        allowed.push(resource);
        byReference.set(entry.reference, entry);
      } else {
        hidden++;
        if (decisions.length < MAX_HIDDEN_DECISIONS) decisions.push(entry);
        else truncated = true;
      }
    }
  }

  const count = query.summary === "count" ? 0 : (query.count ?? DEFAULT_PAGE_SIZE);
  const offset = query.offset;
  const page = allowed.slice(offset, offset + count);
  let included = count > 0 ? findIncludes(ctx.store, page, query) : [];
  if (ctx.gate.secured && included.length > 0) {
    const shown: FhirResource[] = [];
    for (const resource of included) {
      const decision = ctx.gate.decide({ interaction: "read", resourceType: resource.resourceType, resource });
      const entry: ScopeDecisionEntry = {
        reference: `${resource.resourceType}/${resource.id}`,
        mode: "include",
        allowed: decision.allowed,
        verdict: decision.allowed ? "shown" : "hidden",
        by: decision.by?.text ?? null,
        reason: decision.reason,
      };
      if (decision.allowed) shown.push(resource);
      else hidden++;
      decisions.push(entry);
    }
    included = shown;
  }
  for (const resource of page) {
    const entry = byReference.get(`${type}/${resource.id}`);
    if (entry) decisions.push(entry);
  }

  const entries: BundleEntry[] = page.map((resource) => ({
    fullUrl: `${ctx.baseUrl}/${resource.resourceType}/${resource.id}`,
    resource: subset(resource, query),
    search: { mode: "match" },
  }));
  for (const resource of included) {
    entries.push({
      fullUrl: `${ctx.baseUrl}/${resource.resourceType}/${resource.id}`,
      resource: subset(resource, query),
      search: { mode: "include" },
    });
  }
  const responseHeaders: Record<string, string> = {};
  const warnings = query.ignored.map((item) => ({
    severity: "warning" as const,
    code: "not-supported",
    diagnostics: `Ignored parameter "${item.name}": ${item.reason}`,
    expression: [item.name],
  }));
  if (ctx.gate.secured) {
    const report: ScopeDecisionReport = {
      version: 1,
      scopes: ctx.gate.scopes,
      context: reportContext(ctx.gate),
      returned: allowed.length,
      hidden,
      decisions,
      truncated,
    };
    // The outcome entry only when something was left out (or ignored): apps that do not check search.mode then
    // see it only when there is something to explain; the header always carries the report.
    if (hidden > 0 || warnings.length > 0) {
      const outcome = scopeDecisionOutcome(report);
      outcome.issue.push(...warnings);
      entries.push({ resource: outcome, search: { mode: "outcome" } });
    }
    responseHeaders[SCOPE_DECISIONS_HEADER] = encodeScopeDecisionHeader(report);
    ctx.trace({
      server: "fhir",
      kind: "search.filtered",
      at: ctx.now(),
      summary: `${type} search: ${allowed.length} returned, ${hidden} hidden by the token's scopes.`,
      detail: report,
    });
  } else if (warnings.length > 0) {
    entries.push({ resource: { resourceType: "OperationOutcome", issue: warnings }, search: { mode: "outcome" } });
  }

  const bundle: Bundle = {
    resourceType: "Bundle",
    meta: { lastUpdated: new Date(ctx.now()).toISOString() },
    type: "searchset",
  };
  if (query.total !== "none") bundle.total = allowed.length;
  bundle.link = pagingLinks(ctx.baseUrl, origin.path, params, query, allowed.length, count);
  if (query.summary !== "count") bundle.entry = entries;
  else if (entries.some((entry) => entry.search?.mode === "outcome"))
    bundle.entry = entries.filter((entry) => entry.search?.mode === "outcome");
  return { status: 200, headers: responseHeaders, body: bundle };
}

function pagingLinks(
  baseUrl: string,
  path: string,
  params: URLSearchParams,
  query: ParsedSearchQuery,
  total: number,
  count: number,
): { relation: string; url: string }[] {
  const link = (offset: number): string => {
    const next = new URLSearchParams();
    for (const [name, value] of params) if (name !== "_offset" && name !== "_count") next.append(name, value);
    next.set("_count", String(count));
    if (offset > 0) next.set("_offset", String(offset));
    return `${baseUrl}/${path}?${next.toString()}`;
  };
  const links = [{ relation: "self", url: link(query.offset) }];
  if (count === 0) return links;
  const last = total === 0 ? 0 : Math.floor((total - 1) / count) * count;
  links.push({ relation: "first", url: link(0) });
  if (query.offset > 0) links.push({ relation: "previous", url: link(Math.max(0, query.offset - count)) });
  if (query.offset + count < total) links.push({ relation: "next", url: link(query.offset + count) });
  links.push({ relation: "last", url: link(last) });
  return links;
}

const SUBSETTED = {
  system: "http://terminology.hl7.org/CodeSystem/v3-ObservationValue",
  code: "SUBSETTED",
  display: "subsetted",
};

/** Elements that are never in a summary (an approximation of R4's isSummary flags for the lab's types). */
const NOT_SUMMARY = new Set([
  "text",
  "contained",
  "extension",
  "modifierExtension",
  "note",
  "referenceRange",
  "interpretation",
  "dosageInstruction",
  "reaction",
  "contact",
  "communication",
  "photo",
  "qualification",
  "presentedForm",
  "hospitalization",
  "location",
]);

/** Applies `_summary` and `_elements`, marking subsetted resources with the SUBSETTED tag. @see https://hl7.org/fhir/R4/search.html#summary */
function subset(resource: FhirResource, query: ParsedSearchQuery): FhirResource {
  let keep: ((key: string) => boolean) | undefined;
  if (query.elements && query.elements.length > 0) {
    const elements = new Set(query.elements);
    keep = (key) =>
      elements.has(key) ||
      [...elements].some((element) => key.startsWith(element) && /^[A-Z]/.test(key.slice(element.length)));
  } else if (query.summary === "true") keep = (key) => !NOT_SUMMARY.has(key);
  else if (query.summary === "text") keep = (key) => key === "text";
  else if (query.summary === "data") keep = (key) => key !== "text";
  if (!keep) return resource;
  const out: FhirResource = { resourceType: resource.resourceType };
  if (resource.id !== undefined) out.id = resource.id;
  for (const [key, value] of Object.entries(resource)) {
    if (key === "resourceType" || key === "id" || key === "meta") continue;
    if (keep(key)) out[key] = value;
  }
  out.meta = { ...resource.meta, tag: [...(resource.meta?.tag ?? []), SUBSETTED] };
  return out;
}
