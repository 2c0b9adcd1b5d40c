import type { JWK } from "jose";
import { isR4ResourceType } from "../../protocol/fhir/resource-types.ts";
import type { PatientSummary } from "../patient-summary.ts";
import { textResponse } from "../text-response.ts";
import { ignoreTrace, type TraceListener } from "../trace-event.ts";
import { type AccessGate, createAccessGate, OPEN_GATE } from "./access-gate.ts";
import { capabilityStatement, type OAuthUris } from "./capability-statement.ts";
import type { FhirStore } from "./create-fhir-store.ts";
import { FhirError, type FhirProblem, fail, problemHeaders, problemOutcome, statusOf } from "./fhir-error.ts";
import {
  commitOne,
  conditionalMatch,
  type FhirResult,
  historyOfResource,
  type InteractionContext,
  prepareCreate,
  prepareDelete,
  prepareUpdate,
  readResource,
  versionHeaders,
  vreadResource,
} from "./fhir-interactions.ts";
import { fhirJsonText } from "./fhir-json-text.ts";
import { type EncounterDetails, encountersOfPatient, listPatients, patientsVisibleTo } from "./lab-directory.ts";
import { processBundle } from "./process-bundle.ts";
import { requireTypeAccess, wantsExplanation } from "./resource-access.ts";
import { searchResources } from "./search-resources.ts";
import { createVerifiedTokenCache, verifyAccessToken } from "./verify-access-token.ts";

/** What the FHIR server is built from; everything with a side effect is injected. @see https://hl7.org/fhir/R4/http.html */
export interface FhirServerDeps {
  /** Absolute FHIR base without trailing slash, e.g. `http://localhost:5173/smart-lab/fhir`. */
  baseUrl: string;
  /** "secured": SMART Bearer tokens required; "open": no authorization (FHIR basics lab only, visibly marked). */
  mode: "secured" | "open";
  /** The `iss` access tokens must carry. */
  issuer: string;
  /** The authorization server's public keys. */
  getJwks: () => Promise<{ keys: JWK[] }>;
  isTokenRevoked?: (jti: string) => boolean | Promise<boolean>;
  oauthUris: OAuthUris;
  /** Shared between the secured and the open instance. */
  store: FhirStore;
  now: () => number;
  onTrace?: TraceListener;
  /**
   * Who may see whom: the patients a `fhirUser` reaches with user-level scopes. That is the EHR's policy rather
   * than FHIR data; by default the lab directory derives it from the data (panels, encounters, relations).
   */
  patientsVisibleTo?: (fhirUser: string) => ReadonlySet<string>;
}

/** The mock FHIR server: `handle(Request) → Response`, plus the directory helpers the launch pickers use. */
export interface FhirServer {
  handle(request: Request): Promise<Response>;
  readonly store: FhirStore;
  /** Every patient (id, name, birthDate, gender) for pickers. */
  listPatients(): PatientSummary[];
  /** A patient's encounters (id, status, class, period, type text), newest first. */
  encountersOfPatient(patientId: string): EncounterDetails[];
  /** The patients a `fhirUser` may see (the `userPatients` of user-level scopes). */
  patientsVisibleTo(fhirUser: string): ReadonlySet<string>;
}

const FHIR_JSON = "application/fhir+json; charset=utf-8";
const JSON_TYPES = ["application/fhir+json", "application/json", "application/json+fhir"];
const EXPOSED_HEADERS =
  "Location, ETag, Last-Modified, Content-Location, WWW-Authenticate, X-Lab-Mode, X-Lab-Scope-Decisions";

/** Largest body of a single resource (create, update); a transaction or batch may be larger. */
const MAX_RESOURCE_BYTES = 1024 * 1024;
/** Largest Bundle POSTed to the base (a Synthea patient import is a few hundred KB to a few MB). */
const MAX_BUNDLE_BYTES = 8 * 1024 * 1024;
/** Deepest JSON nesting accepted (a real resource nests a few dozen levels; walkers recurse on it). */
const MAX_JSON_DEPTH = 128;
/** Longest Authorization header read (a lab access token is under 2 KB). */
const MAX_AUTHORIZATION_LENGTH = 16 * 1024;

/**
 * Creates the mock FHIR R4 server. Public (with open CORS): `OPTIONS` preflights, `metadata` and, when configured,
 * `.well-known/smart-configuration`. Everything else needs, in secured mode, a valid Bearer token whose scopes
 * decide every interaction; in open mode it is served to anyone and every response says `X-Lab-Mode: open`.
 *
 * ```ts
 * const store = createFhirStore({ storage, seed: () => generateLabData(), now: Date.now });
 * const secured = createFhirServer({ baseUrl: `${origin}${BASE}fhir`, mode: "secured", store, … });
 * const open = createFhirServer({ baseUrl: `${origin}${BASE}open-fhir`, mode: "open", store, … });
 * // MSW: http.all(`${BASE}fhir/*`, ({ request }) => secured.handle(request))
 * ```
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#step-6-app-accesses-clinical-data-via-fhir-api
 */
export function createFhirServer(deps: FhirServerDeps): FhirServer {
  const trace = deps.onTrace ?? ignoreTrace;
  const basePath = new URL(deps.baseUrl).pathname.replace(/\/$/, "");
  const visibleTo = deps.patientsVisibleTo ?? ((fhirUser: string) => patientsVisibleTo(deps.store, fhirUser));
  // An app sends the same token with every request: its signature is checked once (revocation every time).
  const verifiedTokens = createVerifiedTokenCache();

  // The last-resort boundary: whatever goes wrong, the caller (the service worker) gets a Response, never a
  // rejected promise, which would leave the page's fetch failing without a body.
  async function handle(request: Request): Promise<Response> {
    try {
      return await handleRequest(request);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      try {
        trace({
          server: "fhir",
          kind: "server.error",
          at: deps.now(),
          summary: `${request.method} ${request.url}: internal error: ${message}`,
          detail: { error: message },
        });
      } catch {
        // A failing listener must not turn the 500 into a rejection.
      }
      return textResponse(
        JSON.stringify(
          problemOutcome({ kind: "internal", code: "exception", diagnostics: `Internal error: ${message}` }),
        ),
        {
          status: 500,
          headers: { "Content-Type": FHIR_JSON, "Access-Control-Allow-Origin": "*" },
        },
      );
    }
  }

  async function handleRequest(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const label = `${request.method} ${url.pathname}${url.search}`;
    let result: FhirResult;
    let interaction = "unknown";
    try {
      const routed = await route(request, url);
      result = routed.result;
      interaction = routed.interaction;
    } catch (error) {
      const problem: FhirProblem =
        error instanceof FhirError
          ? error.problem
          : {
              kind: "internal",
              code: "exception",
              diagnostics: `Internal error: ${error instanceof Error ? error.message : String(error)}`,
            };
      result = {
        status: statusOf(problem.kind),
        headers: problemHeaders(problem, deps.baseUrl),
        body: problemOutcome(problem),
      };
      if (problem.kind === "unauthorized") {
        trace({
          server: "fhir",
          kind: "token.rejected",
          at: deps.now(),
          summary: `${label}: ${problem.diagnostics}`,
          detail: { reason: problem.diagnostics },
        });
      }
    }
    trace({
      server: "fhir",
      kind: "request.completed",
      at: deps.now(),
      summary: `${label} → ${result.status}`,
      detail: { method: request.method, url: request.url, status: result.status, interaction, mode: deps.mode },
    });
    return toResponse(result, url);
  }

  async function route(request: Request, url: URL): Promise<{ result: FhirResult; interaction: string }> {
    if (!url.pathname.startsWith(basePath) || !/^(\/|$)/.test(url.pathname.slice(basePath.length))) {
      fail("not-found", "not-found", `${url.pathname} is not under the FHIR base ${basePath}.`);
    }
    const segments = url.pathname
      .slice(basePath.length)
      .split("/")
      .filter((segment) => segment !== "")
      .map((segment) => decodeURIComponent(segment));
    const method = request.method.toUpperCase();
    if (method === "OPTIONS") {
      return {
        interaction: "preflight",
        result: {
          status: 204,
          headers: {
            "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
            "Access-Control-Allow-Headers":
              "Authorization, Content-Type, Accept, Prefer, If-Match, If-None-Match, If-None-Exist, X-Lab-Explain",
            "Access-Control-Max-Age": "600",
          },
        },
      };
    }
    checkAcceptable(request.headers, url.searchParams);
    if (segments.length === 1 && segments[0] === "metadata") {
      if (method !== "GET")
        fail("method-not-allowed", "not-supported", "metadata answers GET only.", { headers: { Allow: "GET" } });
      const body = capabilityStatement({
        baseUrl: deps.baseUrl,
        mode: deps.mode,
        oauthUris: deps.oauthUris,
        date: new Date(deps.now()).toISOString(),
      });
      return { interaction: "capabilities", result: { status: 200, headers: {}, body } };
    }
    const gate = deps.mode === "secured" ? await authenticate(request.headers) : OPEN_GATE;
    const ctx: InteractionContext = {
      baseUrl: deps.baseUrl,
      store: deps.store,
      now: deps.now,
      gate,
      trace,
      explain: wantsExplanation(request.headers),
    };
    let params = new URLSearchParams(url.searchParams);
    let body: unknown;
    if (method === "POST" || method === "PUT") {
      if (segments[1] === "_search" && segments.length === 2) {
        const form = await readForm(request);
        params = new URLSearchParams([...params, ...form]);
      } else {
        body = await readJsonBody(request, segments.length === 0 ? MAX_BUNDLE_BYTES : MAX_RESOURCE_BYTES);
      }
    }
    return dispatch(ctx, method, segments, params, request.headers, body);
  }

  async function authenticate(headers: Headers): Promise<AccessGate> {
    const authorization = headers.get("authorization") ?? "";
    if (authorization.length > MAX_AUTHORIZATION_LENGTH) {
      fail("unauthorized", "login", "The Authorization header is too long to hold a lab access token.", {
        bearerError: "invalid_token",
      });
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1]) {
      // RFC 6750 §3.1: a request without credentials gets a bare challenge, with no error code.
      fail("unauthorized", "login", "This FHIR server needs an access token: send Authorization: Bearer <token>.");
    }
    const claims = await verifyAccessToken(match[1], {
      issuer: deps.issuer,
      audience: deps.baseUrl,
      getJwks: deps.getJwks,
      now: deps.now,
      cache: verifiedTokens,
      ...(deps.isTokenRevoked ? { isTokenRevoked: deps.isTokenRevoked } : {}),
    });
    return createAccessGate(claims, visibleTo, deps.baseUrl, deps.now());
  }

  async function dispatch(
    ctx: InteractionContext,
    method: string,
    segments: string[],
    params: URLSearchParams,
    headers: Headers,
    body: unknown,
  ): Promise<{ result: FhirResult; interaction: string }> {
    const [type, id, third, fourth, ...rest] = segments;
    if (type === undefined) {
      if (method !== "POST")
        fail(
          "method-not-allowed",
          "not-supported",
          "The base URL accepts only POST of a transaction or batch Bundle.",
          { headers: { Allow: "POST" } },
        );
      const result = await processBundle(ctx, body, headers, async (entry) => {
        const entryUrl = new URL(entry.url.replace(/^\//, ""), `${deps.baseUrl}/`);
        const entrySegments = entryUrl.pathname
          .slice(basePath.length)
          .split("/")
          .filter((segment) => segment !== "")
          .map((segment) => decodeURIComponent(segment));
        if (entrySegments.length === 0) fail("invalid-request", "not-supported", "Nested bundles are not supported.");
        return (
          await dispatch(
            ctx,
            entry.method.toUpperCase(),
            entrySegments,
            entryUrl.searchParams,
            entry.headers,
            entry.body,
          )
        ).result;
      });
      return { result, interaction: (body as { type?: string } | undefined)?.type ?? "batch" };
    }
    if (!isR4ResourceType(type)) fail("not-found", "not-supported", `"${type}" is not a FHIR R4 resource type.`);
    if (rest.length > 0) fail("not-found", "not-found", `No such endpoint: ${segments.join("/")}.`);
    if (id === undefined) {
      if (method === "GET")
        return { interaction: "search-type", result: searchResources(ctx, type, params, headers, { path: type }) };
      if (method === "POST") return { interaction: "create", result: create(ctx, type, body, headers) };
      fail(
        "method-not-allowed",
        "not-supported",
        `${method} is not allowed on ${type}; use GET (search) or POST (create).`,
        {
          headers: { Allow: "GET, POST" },
        },
      );
    }
    if (id === "_search" && third === undefined) {
      if (method !== "POST")
        fail("method-not-allowed", "not-supported", "_search accepts POST only.", { headers: { Allow: "POST" } });
      return { interaction: "search-type", result: searchResources(ctx, type, params, headers, { path: type }) };
    }
    if (id === "_history")
      fail("invalid-request", "not-supported", "Type and system history are not supported by the lab server.");
    if (third === undefined) {
      if (method === "GET") return { interaction: "read", result: readResource(ctx, type, id, headers) };
      if (method === "PUT") {
        const prepared = prepareUpdate(ctx, type, id, body, { ifMatch: headers.get("if-match") });
        return { interaction: "update", result: commitOne(ctx, prepared, headers) };
      }
      if (method === "DELETE") {
        const prepared = prepareDelete(ctx, type, id, headers.get("if-match"));
        if (!prepared) {
          const record = ctx.store.get(type, id);
          const last = record?.versions[record.versions.length - 1];
          return {
            interaction: "delete",
            result: { status: 204, headers: last ? versionHeaders(ctx.baseUrl, type, id, last, false) : {} },
          };
        }
        return { interaction: "delete", result: commitOne(ctx, prepared, headers) };
      }
      fail(
        "method-not-allowed",
        "not-supported",
        `${method} is not allowed on ${type}/${id}; use GET, PUT or DELETE.`,
        {
          headers: { Allow: "GET, PUT, DELETE" },
        },
      );
    }
    if (third === "_history") {
      if (method !== "GET")
        fail("method-not-allowed", "not-supported", "History is read-only.", { headers: { Allow: "GET" } });
      if (fourth === undefined) return { interaction: "history-instance", result: historyOfResource(ctx, type, id) };
      return { interaction: "vread", result: vreadResource(ctx, type, id, fourth) };
    }
    if (type === "Patient" && fourth === undefined) {
      if (!isR4ResourceType(third)) fail("not-found", "not-supported", `"${third}" is not a FHIR R4 resource type.`);
      if (method !== "GET")
        fail("method-not-allowed", "not-supported", "Compartment search accepts GET only.", {
          headers: { Allow: "GET" },
        });
      return {
        interaction: "search-compartment",
        result: searchResources(ctx, third, params, headers, {
          path: `Patient/${id}/${third}`,
          compartmentPatient: id,
        }),
      };
    }
    fail("not-found", "not-found", `No such endpoint: ${segments.join("/")}.`);
  }

  function create(ctx: InteractionContext, type: string, body: unknown, headers: Headers): FhirResult {
    const criteria = headers.get("if-none-exist");
    if (criteria) {
      // The create permission first: a conditional create is a create, and its criteria must not become a way to
      // read (R4 http.html#ccreate: the match is subject to the same authorization).
      requireTypeAccess(ctx, "create", type);
      const existing = conditionalMatch(ctx, type, criteria);
      if (existing?.id) {
        const record = ctx.store.get(type, existing.id);
        const version = record?.versions[record.versions.length - 1];
        return {
          status: 200,
          headers: version ? versionHeaders(ctx.baseUrl, type, existing.id, version, true) : {},
          body: existing,
        };
      }
    }
    return commitOne(ctx, prepareCreate(ctx, type, body), headers);
  }

  function toResponse(result: FhirResult, url: URL): Response {
    const headers = new Headers();
    for (const [name, value] of Object.entries(result.headers)) headers.set(name, headerSafe(value));
    headers.set("Access-Control-Allow-Origin", "*");
    headers.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    if (deps.mode === "open") headers.set("X-Lab-Mode", "open");
    if (result.status === 204 || result.status === 304 || result.body === undefined) {
      return new Response(null, { status: result.status, headers });
    }
    if (!headers.has("Content-Type")) headers.set("Content-Type", FHIR_JSON);
    const pretty = url.searchParams.get("_pretty") === "true";
    const text = pretty ? JSON.stringify(result.body, null, 2) : fhirJsonText(result.body, deps.store.resourceJson);
    return textResponse(text, { status: result.status, headers });
  }

  return {
    handle,
    store: deps.store,
    listPatients: () => listPatients(deps.store),
    encountersOfPatient: (patientId) => encountersOfPatient(deps.store, patientId),
    patientsVisibleTo: visibleTo,
  };
}

/** Refuses (406) a `_format` or `Accept` asking for anything but JSON. */
function checkAcceptable(headers: Headers, params: URLSearchParams): void {
  const format = params.get("_format");
  if (format !== null && !["json", ...JSON_TYPES].includes(format.split(";")[0]?.trim() ?? "")) {
    fail(
      "not-acceptable",
      "not-supported",
      `_format=${format} is not supported: this server speaks JSON only (application/fhir+json).`,
    );
  }
  const accept = headers.get("accept");
  if (accept) {
    const types = accept.split(",").map((part) => part.split(";")[0]?.trim().toLowerCase() ?? "");
    const ok = types.some(
      (type) => type === "*/*" || type === "application/*" || JSON_TYPES.includes(type) || type === "text/html",
    );
    if (!ok)
      fail(
        "not-acceptable",
        "not-supported",
        `Accept: ${accept} cannot be served: this server speaks JSON only (application/fhir+json).`,
      );
  }
}

/** A header value with only the characters HTTP allows (a value quoting a request could hold anything). */
function headerSafe(value: string): string {
  return value.replace(/[^\t\x20-\x7e]/g, "?");
}

/** Whether a parsed JSON value nests deeper than `limit`, checked without recursion. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (typeof item !== "object" || item === null) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const contentType = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (contentType !== "" && !JSON_TYPES.includes(contentType)) {
    fail(
      "unsupported-media-type",
      "not-supported",
      `Content-Type ${contentType} is not supported: send application/fhir+json.`,
    );
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  const tooLarge = (): never =>
    fail("too-large", "too-long", `The body is larger than this server accepts here (${maxBytes / 1024 / 1024} MB).`);
  if (declared > maxBytes) tooLarge();
  const text = await request.text();
  if (new TextEncoder().encode(text).length > maxBytes) tooLarge();
  if (text.trim() === "") fail("invalid-request", "required", "The request has no body.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    return fail("invalid-request", "structure", "The body is not valid JSON.");
  }
  if (nestsDeeperThan(parsed, MAX_JSON_DEPTH)) {
    fail(
      "invalid-request",
      "structure",
      `The body nests deeper than ${MAX_JSON_DEPTH} levels, which no FHIR resource needs.`,
    );
  }
  return parsed;
}

async function readForm(request: Request): Promise<URLSearchParams> {
  const contentType = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (contentType !== "application/x-www-form-urlencoded") {
    fail("unsupported-media-type", "not-supported", "POST _search needs an application/x-www-form-urlencoded body.");
  }
  const text = await request.text();
  if (text.length > MAX_RESOURCE_BYTES)
    fail("too-large", "too-long", "The search form is larger than this server accepts.");
  return new URLSearchParams(text);
}
