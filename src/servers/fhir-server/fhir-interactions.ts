import type { Bundle, BundleEntry, FhirResource, OperationOutcome } from "../../protocol/fhir/fhir-resource.ts";
import { parseSearchQuery } from "../../protocol/fhir/parse-search-query.ts";
import type { AccessGate } from "./access-gate.ts";
import type { ResourceVersion, StoreWrite } from "./create-fhir-store.ts";
import { fail } from "./fhir-error.ts";
import { findMatches, type SearchScope } from "./find-matches.ts";
import {
  type AccessScope,
  allowedDecisionHeader,
  failNotVisible,
  isVersionVisible,
  isVisible,
  notVisibleText,
  referenceResolver,
  requireResourceAccess,
  requireTypeAccess,
} from "./resource-access.ts";
import { checkReferences, relativizeReferences, validateResource } from "./validate-resource.ts";

/** What every interaction works with: the server's base, data, clock, the request's access gate and the trace. @see https://hl7.org/fhir/R4/http.html */
export interface InteractionContext extends AccessScope {
  baseUrl: string;
}

/** An interaction's answer before it becomes a `Response`. */
export interface FhirResult {
  status: number;
  headers: Record<string, string>;
  body?: FhirResource;
}

/** `W/"<versionId>"`, the weak ETag R4 prescribes. */
function etagOf(versionId: string): string {
  return `W/"${versionId}"`;
}

/** The headers that describe a stored version: ETag, Last-Modified and (for writes) Location. */
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

/** Reads `Prefer: return=…` and `handling=…`. */
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

/** `GET [base]/[type]/[id]`: the current version, 410 once deleted, 304 for a matching If-None-Match. */
export function readResource(ctx: InteractionContext, type: string, id: string, headers: Headers): FhirResult {
  requireTypeAccess(ctx, "read", type);
  const reference = `${type}/${id}`;
  const record = ctx.store.get(type, id);
  if (!record) failNotVisible(ctx, reference);
  const last = record.versions[record.versions.length - 1] as ResourceVersion;
  if (!record.current) {
    // A deletion is news only to a token that could see what was deleted; to any other it does not exist.
    if (!isVersionVisible(ctx, record, last)) failNotVisible(ctx, reference, { hiddenReason: "it was deleted" });
    fail("gone", "deleted", `${reference} was deleted (version ${last.versionId}, ${last.lastUpdated}).`, {
      headers: { ETag: etagOf(last.versionId) },
    });
  }
  const allowed = requireResourceAccess(
    ctx,
    { interaction: "read", resourceType: type, resource: record.current },
    { existing: true },
  );
  const meta = versionHeaders(ctx.baseUrl, type, id, last, false);
  // With X-Lab-Explain a read says which scope let it through, as a search does for each match.
  if (ctx.explain && allowed) Object.assign(meta, allowedDecisionHeader(ctx, reference, allowed));
  const ifNoneMatch = headers.get("if-none-match");
  if (ifNoneMatch && versionFromEtag(ifNoneMatch) === last.versionId) return { status: 304, headers: meta };
  return { status: 200, headers: meta, body: record.current };
}

/** `GET [base]/[type]/[id]/_history/[vid]`: one version; 410 for the version that records a deletion. */
export function vreadResource(ctx: InteractionContext, type: string, id: string, versionId: string): FhirResult {
  requireTypeAccess(ctx, "vread", type);
  const record = ctx.store.get(type, id);
  const version = record?.versions.find((item) => item.versionId === versionId);
  const reference = `version ${versionId} of ${type}/${id}`;
  if (!record || !version) failNotVisible(ctx, reference);
  if (!version.resource) {
    if (!isVersionVisible(ctx, record, version))
      failNotVisible(ctx, reference, { hiddenReason: "it records a deletion" });
    fail("gone", "deleted", `Version ${versionId} of ${type}/${id} records its deletion.`);
  }
  requireResourceAccess(
    ctx,
    { interaction: "vread", resourceType: type, resource: version.resource },
    { existing: true, reference },
  );
  return { status: 200, headers: versionHeaders(ctx.baseUrl, type, id, version, false), body: version.resource };
}

/**
 * `GET [base]/[type]/[id]/_history`: every version the token may see, newest first, deletions included. Each
 * version is decided on its own, so an id another patient's resource once had shows none of that resource.
 */
export function historyOfResource(ctx: InteractionContext, type: string, id: string): FhirResult {
  requireTypeAccess(ctx, "history", type);
  const reference = `${type}/${id}`;
  const record = ctx.store.get(type, id);
  if (!record) failNotVisible(ctx, reference);
  const visible = record.versions.filter((version) =>
    version.resource
      ? ctx.gate.decide({ interaction: "history", resourceType: type, resource: version.resource }).allowed
      : isVersionVisible(ctx, record, version),
  );
  if (visible.length === 0) {
    failNotVisible(ctx, reference, { hiddenReason: "no version of it is within the token's scopes and context" });
  }
  const entry: BundleEntry[] = [...visible].reverse().map((version) => {
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

/** A validated, authorised write waiting to be committed (alone, or with the rest of a transaction). */
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
 */
export function prepareCreate(
  ctx: InteractionContext,
  type: string,
  body: unknown,
  options: { id?: string; pending?: ReadonlySet<string> } = {},
): PreparedWrite {
  requireTypeAccess(ctx, "create", type);
  const resource = validateResource(relativizeReferences(body, ctx.baseUrl), { type });
  const { id: _ignored, ...content } = resource;
  requireResourceAccess(ctx, { interaction: "create", resourceType: type, resource: content }, { existing: false });
  checkReferences(resource, {
    resolves: referenceResolver(ctx),
    ...(options.pending ? { pending: options.pending } : {}),
  });
  const id = options.id ?? ctx.store.newId();
  const stored = { ...content, id, meta: clientMeta(resource) };
  return { write: { kind: "create", resource: stored }, type, id, status: 201 };
}

/**
 * Validates and authorises an update (or an update that creates, with a client-chosen id): `If-Match` must name
 * the current version (412), a stale `meta.versionId` in the body is a version conflict (409). A resource the
 * token cannot see is answered as one that does not exist; creating at a client-chosen id needs system-level
 * access (see {@link AccessGate.createsWithClientId}).
 */
export function prepareUpdate(
  ctx: InteractionContext,
  type: string,
  id: string,
  body: unknown,
  options: { ifMatch?: string | null; pending?: ReadonlySet<string> } = {},
): PreparedWrite {
  requireTypeAccess(ctx, "update", type);
  const resource = validateResource(relativizeReferences(body, ctx.baseUrl), { type, id });
  const references = { resolves: referenceResolver(ctx), ...(options.pending ? { pending: options.pending } : {}) };
  const reference = `${type}/${id}`;
  const record = ctx.store.get(type, id);
  const live = record?.current && isVisible(ctx, record.current) ? record.current : undefined;
  const hiddenReason = record?.current && !live ? "it belongs outside the token's scopes and context" : undefined;
  const stored = { ...resource, id, meta: clientMeta(resource) };
  if (!live) {
    if (options.ifMatch) {
      fail(
        "precondition-failed",
        "conflict",
        `If-Match ${options.ifMatch} given, but ${notVisibleText(ctx, reference)}`,
      );
    }
    const lastVersion = record?.versions[record.versions.length - 1];
    const recreatable =
      !record || (!record.current && lastVersion !== undefined && isVersionVisible(ctx, record, lastVersion));
    if (!ctx.gate.createsWithClientId(type) || !recreatable) {
      failNotVisible(ctx, reference, {
        suffix: `Creating a resource at an id of the client's choosing needs system-level access here; POST [base]/${type} creates one with an id the server assigns.`,
        ...(hiddenReason ? { hiddenReason } : {}),
      });
    }
    requireResourceAccess(ctx, { interaction: "create", resourceType: type, resource: stored }, { existing: false });
    checkReferences(stored, references);
    return { write: { kind: "update", resource: stored }, type, id, status: 201 };
  }
  const current = record?.versions[record.versions.length - 1] as ResourceVersion;
  if (options.ifMatch) {
    const expected = versionFromEtag(options.ifMatch);
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
  } else if (typeof resource.meta?.versionId === "string" && resource.meta.versionId !== current.versionId) {
    fail(
      "conflict",
      "conflict",
      `The body is based on version ${resource.meta.versionId}, but ${type}/${id} is now at version ${current.versionId}: re-read it and apply your change again.`,
    );
  }
  requireResourceAccess(ctx, { interaction: "update", resourceType: type, resource: live }, { existing: true });
  requireResourceAccess(ctx, { interaction: "update", resourceType: type, resource: stored }, { existing: false });
  checkReferences(stored, references);
  return { write: { kind: "update", resource: stored }, type, id, status: 200 };
}

/** Validates and authorises a delete; deleting what is already deleted is a no-op (undefined). */
export function prepareDelete(
  ctx: InteractionContext,
  type: string,
  id: string,
  ifMatch?: string | null,
): PreparedWrite | undefined {
  requireTypeAccess(ctx, "delete", type);
  const reference = `${type}/${id}`;
  const record = ctx.store.get(type, id);
  if (!record) failNotVisible(ctx, reference);
  const current = record.versions[record.versions.length - 1] as ResourceVersion;
  if (!record.current) {
    if (!isVersionVisible(ctx, record, current)) failNotVisible(ctx, reference, { hiddenReason: "it was deleted" });
    return undefined;
  }
  if (!isVisible(ctx, record.current)) {
    failNotVisible(ctx, reference, { hiddenReason: "it belongs outside the token's scopes and context" });
  }
  if (ifMatch && versionFromEtag(ifMatch) !== current.versionId) {
    fail(
      "precondition-failed",
      "conflict",
      `If-Match asks for version ${versionFromEtag(ifMatch)}, but ${type}/${id} is at version ${current.versionId}.`,
    );
  }
  requireResourceAccess(
    ctx,
    { interaction: "delete", resourceType: type, resource: record.current },
    { existing: true },
  );
  return { write: { kind: "delete", type, id }, type, id, status: 200 };
}

/** The client's own meta (tags, profiles, security labels); versionId and lastUpdated are the server's to set. */
function clientMeta(resource: FhirResource): FhirResource["meta"] {
  const { versionId: _version, lastUpdated: _updated, ...rest } = resource.meta ?? {};
  return rest;
}

/** Turns a committed write into its HTTP answer, honouring `Prefer: return=`. */
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
function information(text: string): OperationOutcome {
  return {
    resourceType: "OperationOutcome",
    issue: [{ severity: "information", code: "informational", diagnostics: text }],
  };
}

/** Commits one prepared write and answers it. */
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
 * `POST [base]/[type]` with `If-None-Exist` (and conditional update, delete and references in transactions): the
 * criteria are a search, under the same authorization as a search: it needs `s` on the type, and only matches the
 * token may see count, so a hidden resource neither comes back nor changes the outcome. One match is returned;
 * several are a 412.
 */
export function conditionalMatch(ctx: InteractionContext, type: string, criteria: string): FhirResource | undefined {
  const params = new URLSearchParams(criteria.replace(/^.*\?/, ""));
  const query = parseSearchQuery(type, params, ctx.baseUrl);
  if (query.errors.length > 0)
    fail("invalid-request", "invalid", `Invalid conditional criteria "${criteria}": ${query.errors.join(" ")}`);
  if (query.filters.length === 0)
    fail("invalid-request", "invalid", `Conditional criteria "${criteria}" select nothing specific.`);
  requireTypeAccess(ctx, "search", type, params);
  const access = ctx.gate.typeWide("search", type);
  const scope: SearchScope = { now: ctx.now() };
  if (access.reach === "compartment") scope.reachablePatient = access.patient;
  const found = findMatches(ctx.store, query, scope);
  const matches =
    access.reach === "every"
      ? found.slice(0, 2)
      : found
          .slice(0)
          .filter((resource) => ctx.gate.decide({ interaction: "search", resourceType: type, resource }).allowed);
  const total = access.reach === "every" ? found.total : matches.length;
  if (matches.length > 1) {
    fail(
      "precondition-failed",
      "multiple-matches",
      `Conditional criteria "${criteria}" match ${total} ${type} resources.`,
    );
  }
  return matches[0];
}
