import type { Bundle, BundleEntry, FhirResource } from "../../protocol/fhir/fhir-resource.ts";
import { type ParsedSearchQuery, parseSearchQuery } from "../../protocol/fhir/parse-search-query.ts";
import {
  encodeScopeDecisions,
  MAX_HIDDEN_DECISIONS,
  SCOPE_DECISIONS_HEADER,
  type ScopeDecisionEntry,
  type ScopeDecisionReport,
  scopeDecisionOutcome,
} from "../../protocol/fhir/scope-decision-report.ts";
import type { AccessDecision } from "../../protocol/scopes/decide-access.ts";
import { fail } from "./fhir-error.ts";
import { type FhirResult, type InteractionContext, preferOf } from "./fhir-interactions.ts";
import { findIncludes, findMatches, type SearchScope } from "./find-matches.ts";
import { reportContext, requireTypeAccess } from "./resource-access.ts";

/** The default page size of searches. */
const DEFAULT_PAGE_SIZE = 20;

/** Where a search came from, to build its paging links. */
export interface SearchOrigin {
  /** The path after the base (`Observation`, `Patient/1/Observation`). */
  path: string;
  compartmentPatient?: string;
}

/**
 * A search: matches, then the token's scopes (each match decided on its own, or all at once when a scope allows
 * every resource of the type; the hidden ones are left out and explained), then the page (`_count`, `_offset`),
 * `_include`/`_revinclude`, `_summary`, `_elements`, and paging links built from the same parameters so following
 * `next` walks every match exactly once.
 * @see https://hl7.org/fhir/R4/search.html
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
  requireTypeAccess(ctx, "search", type, gateParams);

  const explain = ctx.explain;
  const access = ctx.gate.typeWide("search", type);
  const scope: SearchScope = { now: ctx.now() };
  if (origin.compartmentPatient !== undefined) scope.compartmentPatient = origin.compartmentPatient;
  // Without X-Lab-Explain nothing is told about hidden resources, so the search of a token that can see only one
  // patient's compartment need not find, decide and drop every match outside it.
  if (access.reach === "compartment" && !explain) scope.reachablePatient = access.patient;
  const found = findMatches(ctx.store, query, scope);
  // Hidden resources are explained only on request (X-Lab-Explain): without it the answer is exactly what a
  // server holding only the resources the token may see would give.
  const decisions: ScopeDecisionEntry[] = [];
  let hidden = 0;
  let truncated = false;
  const decide = (resource: FhirResource): AccessDecision =>
    ctx.gate.decide({ interaction: "search", resourceType: type, resource });
  const count = query.summary === "count" ? 0 : (query.count ?? DEFAULT_PAGE_SIZE);
  const offset = query.offset;
  // When the scopes allow every resource of the type, nothing is decided here: the total is every match, and only
  // the page is decided (for its report), below. Otherwise each match is, and the page's decisions are kept.
  const decided = new Map<FhirResource, AccessDecision>();
  let total = found.total;
  let page: FhirResource[];
  if (ctx.gate.secured && access.reach !== "every") {
    const allowed: FhirResource[] = [];
    for (const resource of found.slice(0)) {
      const decision = decide(resource);
      if (decision.allowed) {
        if (allowed.length >= offset && allowed.length < offset + count) decided.set(resource, decision);
        allowed.push(resource);
      } else if (explain) {
        hidden++;
        if (decisions.length < MAX_HIDDEN_DECISIONS) decisions.push(decisionEntry(resource, "match", decision));
        else truncated = true;
      }
    }
    total = allowed.length;
    page = allowed.slice(offset, offset + count);
  } else {
    page = found.slice(offset, offset + count);
  }
  let included = count > 0 ? findIncludes(ctx.store, page, query) : [];
  if (ctx.gate.secured && included.length > 0) {
    const shown: FhirResource[] = [];
    for (const resource of included) {
      const decision = ctx.gate.decide({ interaction: "read", resourceType: resource.resourceType, resource });
      if (decision.allowed) shown.push(resource);
      else if (!explain) continue;
      else hidden++;
      decisions.push(decisionEntry(resource, "include", decision));
    }
    included = shown;
  }
  if (ctx.gate.secured) {
    for (const resource of page)
      decisions.push(decisionEntry(resource, "match", decided.get(resource) ?? decide(resource)));
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
      returned: total,
      decisions,
      truncated,
      ...(explain ? { hidden } : {}),
    };
    // The outcome entry only when something was left out (and explanation was asked for) or ignored: apps that do
    // not check search.mode then see it only when there is something to explain; the header always carries it.
    const { header, decisionsInHeader } = encodeScopeDecisions(report);
    // Asked to explain, the full report must reach the client: when the header cannot hold the decisions, the
    // outcome entry carries them even if nothing was hidden.
    const decisionsOnlyInOutcome = explain && !decisionsInHeader;
    if (hidden > 0 || warnings.length > 0 || decisionsOnlyInOutcome) {
      const outcome = scopeDecisionOutcome(report);
      outcome.issue.push(...warnings);
      entries.push({ resource: outcome, search: { mode: "outcome" } });
    }
    responseHeaders[SCOPE_DECISIONS_HEADER] = header;
    ctx.trace({
      server: "fhir",
      kind: "search.filtered",
      at: ctx.now(),
      summary: explain
        ? `${type} search: ${total} returned, ${hidden} hidden by the token's scopes.`
        : `${type} search: ${total} returned under the token's scopes.`,
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
  if (query.total !== "none") bundle.total = total;
  bundle.link = pagingLinks(ctx.baseUrl, origin.path, params, query, total, count);
  if (query.summary !== "count") bundle.entry = entries;
  else if (entries.some((entry) => entry.search?.mode === "outcome"))
    bundle.entry = entries.filter((entry) => entry.search?.mode === "outcome");
  return { status: 200, headers: responseHeaders, body: bundle };
}

/** One resource's line in the scope decision report. */
function decisionEntry(
  resource: FhirResource,
  mode: "match" | "include",
  decision: AccessDecision,
): ScopeDecisionEntry {
  return {
    reference: `${resource.resourceType}/${resource.id}`,
    mode,
    allowed: decision.allowed,
    verdict: decision.allowed ? "shown" : "hidden",
    by: decision.by?.text ?? null,
    reason: decision.reason,
  };
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

/** Applies `_summary` and `_elements`, marking subsetted resources with the SUBSETTED tag. */
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
