import { type Bundle, type BundleEntry, type FhirResource, isJsonObject } from "../../protocol/fhir/fhir-resource.ts";
import { isR4ResourceType } from "../../protocol/fhir/resource-types.ts";
import { httpStatusLine } from "../../protocol/http-reason-phrases.ts";
import { FhirError, fail, problemOutcome, statusOf } from "./fhir-error.ts";
import {
  conditionalMatch,
  type FhirResult,
  type InteractionContext,
  type PreparedWrite,
  preferOf,
  prepareCreate,
  prepareDelete,
  prepareUpdate,
  writeResult,
} from "./fhir-interactions.ts";
import { mapReferences } from "./validate-resource.ts";

/** Runs one entry of a batch (or a GET of a transaction) as if it were its own HTTP request. @see https://hl7.org/fhir/R4/http.html#transaction */
export type EntryDispatcher = (request: {
  method: string;
  url: string;
  headers: Headers;
  body?: unknown;
}) => Promise<FhirResult>;

interface ParsedEntry {
  index: number;
  entry: BundleEntry;
  method: "GET" | "POST" | "PUT" | "DELETE";
  type: string;
  id?: string;
  /** Search criteria of a conditional PUT/DELETE (`Patient?identifier=…`). */
  criteria?: string;
}

/**
 * `POST [base]` with a Bundle: a `batch` runs each entry on its own (each may fail alone); a `transaction` runs
 * all or nothing — DELETEs, POSTs, PUTs, then GETs — assigning ids to POSTed entries, rewriting `urn:uuid:`
 * fullUrls and conditional references (`Patient?identifier=…`) to `Type/id`, honouring `ifNoneExist` and
 * conditional PUT/DELETE, validating and authorising every write before committing them together.
 * @see https://hl7.org/fhir/R4/bundle.html#transaction
 */
export async function processBundle(
  ctx: InteractionContext,
  body: unknown,
  headers: Headers,
  dispatch: EntryDispatcher,
): Promise<FhirResult> {
  if (!isJsonObject(body) || body.resourceType !== "Bundle") {
    fail("invalid-request", "invalid", "Only a Bundle of type transaction or batch can be POSTed to the base URL.");
  }
  const bundle = body as Bundle;
  if (bundle.type !== "transaction" && bundle.type !== "batch") {
    fail(
      "invalid-request",
      "invalid",
      `A Bundle POSTed to the base must be a transaction or batch, not "${String(bundle.type)}".`,
    );
  }
  const entries = bundle.entry ?? [];
  if (!Array.isArray(entries)) fail("invalid-request", "structure", "Bundle.entry must be an array.");
  return bundle.type === "batch"
    ? runBatch(ctx, entries, headers, dispatch)
    : runTransaction(ctx, entries, headers, dispatch);
}

async function runBatch(
  ctx: InteractionContext,
  entries: BundleEntry[],
  headers: Headers,
  dispatch: EntryDispatcher,
): Promise<FhirResult> {
  const out: BundleEntry[] = [];
  for (const entry of entries) {
    const request = entry.request;
    try {
      if (!request?.method || !request.url)
        fail("invalid-request", "required", "The entry has no request.method or request.url.");
      const entryHeaders = new Headers(headers);
      if (request.ifMatch) entryHeaders.set("if-match", request.ifMatch);
      if (request.ifNoneExist) entryHeaders.set("if-none-exist", request.ifNoneExist);
      if (request.ifNoneMatch) entryHeaders.set("if-none-match", request.ifNoneMatch);
      const result = await dispatch({
        method: request.method,
        url: request.url,
        headers: entryHeaders,
        ...(entry.resource ? { body: entry.resource } : {}),
      });
      out.push(responseEntry(result, ctx.baseUrl));
    } catch (error) {
      if (!(error instanceof FhirError)) throw error;
      out.push({
        response: { status: httpStatusLine(statusOf(error.problem.kind)), outcome: problemOutcome(error.problem) },
      });
    }
  }
  ctx.trace({
    server: "fhir",
    kind: "batch.processed",
    at: ctx.now(),
    summary: `Batch of ${entries.length} entries processed.`,
  });
  return { status: 200, headers: {}, body: { resourceType: "Bundle", type: "batch-response", entry: out } as Bundle };
}

function responseEntry(result: FhirResult, baseUrl: string): BundleEntry {
  const response: NonNullable<BundleEntry["response"]> = { status: httpStatusLine(result.status) };
  if (result.headers.Location) response.location = result.headers.Location.slice(baseUrl.length + 1);
  if (result.headers.ETag) response.etag = result.headers.ETag;
  if (result.headers["Last-Modified"]) response.lastModified = new Date(result.headers["Last-Modified"]).toISOString();
  const entry: BundleEntry = { response };
  if (result.body) {
    if (result.status >= 400 || result.body.resourceType === "OperationOutcome") response.outcome = result.body;
    else entry.resource = result.body;
  }
  return entry;
}

function parseEntry(entry: BundleEntry, index: number, baseUrl: string): ParsedEntry {
  const request = entry.request;
  if (!request?.method || !request.url)
    fail("invalid-request", "required", "The entry has no request.method or request.url.");
  const method = request.method.toUpperCase();
  if (method !== "GET" && method !== "POST" && method !== "PUT" && method !== "DELETE") {
    fail("invalid-request", "not-supported", `Method ${request.method} is not supported in a transaction.`);
  }
  const url = (request.url.startsWith(`${baseUrl}/`) ? request.url.slice(baseUrl.length + 1) : request.url).replace(
    /^\//,
    "",
  );
  const [path = "", query] = url.split("?", 2);
  const [type = "", id, ...rest] = path.split("/");
  if (!isR4ResourceType(type)) fail("not-found", "not-supported", `"${type}" is not a FHIR R4 resource type.`);
  const parsed: ParsedEntry = { index, entry, method, type };
  if (id !== undefined && id !== "") parsed.id = id;
  if (query !== undefined) parsed.criteria = query;
  if (method === "POST" && (parsed.id !== undefined || rest.length > 0))
    fail("invalid-request", "invalid", `POST url must be a type, got "${request.url}".`);
  if ((method === "PUT" || method === "DELETE") && parsed.id === undefined && parsed.criteria === undefined) {
    fail(
      "invalid-request",
      "invalid",
      `${method} url must be Type/id or a conditional Type?criteria, got "${request.url}".`,
    );
  }
  return parsed;
}

async function runTransaction(
  ctx: InteractionContext,
  entries: BundleEntry[],
  headers: Headers,
  dispatch: EntryDispatcher,
): Promise<FhirResult> {
  const at = (index: number, error: unknown): never => {
    if (error instanceof FhirError) {
      const entry = entries[index];
      const label = entry?.request ? `${entry.request.method} ${entry.request.url}` : "entry";
      throw new FhirError({
        ...error.problem,
        diagnostics: `Transaction entry ${index} (${label}): ${error.problem.diagnostics}`,
      });
    }
    throw error;
  };
  const parsed: ParsedEntry[] = [];
  for (const [index, entry] of entries.entries()) {
    try {
      parsed.push(parseEntry(entry, index, ctx.baseUrl));
    } catch (error) {
      at(index, error);
    }
  }

  // Pass 1: decide every entry's target id, so references between entries can be rewritten before validation.
  const fullUrls = new Map<string, string>();
  const targets = new Map<number, { id: string; existing?: FhirResource; skip?: boolean }>();
  const touched = new Set<string>();
  for (const item of parsed) {
    try {
      let id = item.id;
      let existing: FhirResource | undefined;
      let skip = false;
      if (item.method === "POST") {
        const criteria = item.entry.request?.ifNoneExist;
        existing = criteria ? conditionalMatch(ctx, item.type, criteria) : undefined;
        id = existing?.id ?? ctx.store.newId();
        skip = existing !== undefined;
      } else if (item.criteria !== undefined && item.id === undefined && item.method !== "GET") {
        existing = conditionalMatch(ctx, item.type, item.criteria);
        id = existing?.id ?? (item.method === "PUT" ? ctx.store.newId() : undefined);
        skip = item.method === "DELETE" && existing === undefined;
      }
      if (id === undefined) {
        targets.set(item.index, { id: "", skip: true });
        continue;
      }
      if (item.method !== "GET") {
        const key = `${item.type}/${id}`;
        if (touched.has(key)) fail("invalid-request", "duplicate", `${key} is the target of more than one entry.`);
        touched.add(key);
      }
      targets.set(item.index, existing ? { id, existing, skip } : { id, skip });
      if (item.entry.fullUrl) fullUrls.set(item.entry.fullUrl, `${item.type}/${id}`);
    } catch (error) {
      at(item.index, error);
    }
  }

  // Pass 2: rewrite references (fullUrls and conditional references), validate and authorise every write.
  const pending = new Set<string>();
  for (const item of parsed) {
    const target = targets.get(item.index);
    if (target && !target.skip && (item.method === "POST" || item.method === "PUT"))
      pending.add(`${item.type}/${target.id}`);
  }
  const prepared = new Map<number, PreparedWrite>();
  const order = { DELETE: 0, POST: 1, PUT: 2, GET: 3 } as const;
  const writes = parsed
    .filter((item) => item.method !== "GET")
    .sort((a, b) => order[a.method] - order[b.method] || a.index - b.index);
  for (const item of writes) {
    const target = targets.get(item.index);
    if (!target || target.skip) continue;
    try {
      if (item.method === "DELETE") {
        const write = prepareDelete(ctx, item.type, target.id, item.entry.request?.ifMatch);
        if (write) prepared.set(item.index, write);
        continue;
      }
      if (!item.entry.resource) fail("invalid-request", "required", `${item.method} entry has no resource.`);
      const resource = mapReferences(item.entry.resource, (reference) => resolveReference(ctx, reference, fullUrls));
      // A conditional PUT that matched nothing creates, with the id the server chose (R4 http.html#cond-update).
      const createsNew = item.method === "POST" || (item.id === undefined && target.existing === undefined);
      const write = createsNew
        ? prepareCreate(ctx, item.type, resource, { id: target.id, pending })
        : prepareUpdate(
            ctx,
            item.type,
            target.id,
            { ...resource, id: target.id },
            { ifMatch: item.entry.request?.ifMatch ?? null, pending },
          );
      prepared.set(item.index, write);
    } catch (error) {
      at(item.index, error);
    }
  }

  const committed = ctx.store.commit([...prepared.values()].map((write) => write.write));
  const versions = new Map<number, (typeof committed)[number]>();
  [...prepared.keys()].forEach((index, position) => {
    const version = committed[position];
    if (version) versions.set(index, version);
  });
  const prefer = preferOf(headers).return;
  const out: BundleEntry[] = [];
  for (const item of parsed) {
    const target = targets.get(item.index);
    const write = prepared.get(item.index);
    const version = versions.get(item.index);
    if (item.method === "GET") {
      const result = await dispatch({ method: "GET", url: item.entry.request?.url ?? "", headers });
      out.push(responseEntry(result, ctx.baseUrl));
    } else if (write && version) {
      // Bundles default to minimal entries: a Synthea import would otherwise echo every resource back.
      const result = writeResult(ctx, write, version, prefer ?? "minimal");
      const entry = responseEntry(result, ctx.baseUrl);
      if (write.write.kind !== "delete") entry.fullUrl = `${ctx.baseUrl}/${write.type}/${write.id}`;
      out.push(entry);
    } else if (item.method === "POST" && target?.existing) {
      out.push({
        fullUrl: `${ctx.baseUrl}/${item.type}/${target.id}`,
        response: { status: "200 OK", location: `${item.type}/${target.id}` },
      });
    } else {
      out.push({ response: { status: item.method === "DELETE" ? "204 No Content" : "200 OK" } });
    }
  }
  ctx.trace({
    server: "fhir",
    kind: "transaction.committed",
    at: ctx.now(),
    summary: `Transaction of ${entries.length} entries committed (${prepared.size} writes).`,
    detail: { entries: entries.length, writes: prepared.size, ids: Object.fromEntries(fullUrls) },
  });
  return {
    status: 200,
    headers: {},
    body: { resourceType: "Bundle", type: "transaction-response", entry: out } as Bundle,
  };
}

function resolveReference(ctx: InteractionContext, reference: string, fullUrls: ReadonlyMap<string, string>): string {
  const mapped = fullUrls.get(reference);
  if (mapped) return mapped;
  const conditional = /^([A-Z][A-Za-z]+)\?(.+)$/.exec(reference);
  if (conditional?.[1] && conditional[2]) {
    const match = conditionalMatch(ctx, conditional[1], conditional[2]);
    if (!match) fail("unprocessable", "not-found", `The conditional reference "${reference}" matches no resource.`);
    return `${conditional[1]}/${match.id}`;
  }
  return reference;
}
