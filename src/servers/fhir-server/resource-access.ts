import type { FhirResource } from "../../protocol/fhir/fhir-resource.ts";
import { parseRelativeReference } from "../../protocol/fhir/match-search-filter.ts";
import {
  encodeScopeDecisions,
  SCOPE_DECISIONS_HEADER,
  type ScopeDecisionReport,
} from "../../protocol/fhir/scope-decision-report.ts";
import type { FhirInteraction } from "../../protocol/scopes/decide-access.ts";
import type { TraceListener } from "../trace-event.ts";
import type { AccessGate, GateRequest } from "./access-gate.ts";
import type { FhirStore, ResourceRecord, ResourceVersion } from "./create-fhir-store.ts";
import { FhirError, type FhirProblem, fail } from "./fhir-error.ts";

/**
 * What the access checks of one request work with: the gate, the data, the trace, and whether the request asked
 * for the lab's explanation of what it may not see (`X-Lab-Explain`). Without it nothing in an answer depends on a
 * resource the token cannot see: not its content, not its existence, not how many there are.
 * @see https://hl7.org/fhir/R4/security.html#AccessDenied
 */
export interface AccessScope {
  gate: AccessGate;
  store: FhirStore;
  now: () => number;
  trace: TraceListener;
  /** The request carried `X-Lab-Explain: scope-decisions`: explain hidden resources (a lab oracle, on request). */
  explain: boolean;
}

/** What a reference of a write points to, as far as the writing token may know. */
export type ReferenceResolution = "resolves" | "missing" | "unknowable";

/** The request header that asks the lab server to explain the resources a token's scopes hide. */
const EXPLAIN_HEADER = "X-Lab-Explain";
/** The value of {@link EXPLAIN_HEADER} that turns the explanation on. */
const EXPLAIN_SCOPE_DECISIONS = "scope-decisions";

/** Whether a request asks for the explanation of hidden resources. */
export function wantsExplanation(headers: Headers): boolean {
  return (headers.get(EXPLAIN_HEADER) ?? "")
    .split(",")
    .some((value) => value.trim().toLowerCase() === EXPLAIN_SCOPE_DECISIONS);
}

/** The report of one refused decision, for the explanation header. */
function singleDecisionReport(scope: AccessScope, reference: string, reason: string): ScopeDecisionReport {
  return {
    version: 1,
    scopes: scope.gate.scopes,
    context: reportContext(scope.gate),
    returned: 0,
    hidden: 1,
    decisions: [{ reference, mode: "match", allowed: false, verdict: "hidden", by: null, reason }],
    truncated: false,
  };
}

/** The report of one allowed read, for the explanation header (`X-Lab-Explain`). */
export function allowedDecisionHeader(
  scope: AccessScope,
  reference: string,
  allowed: { reason: string; by: string | null },
): Record<string, string> {
  const report: ScopeDecisionReport = {
    version: 1,
    scopes: scope.gate.scopes,
    context: reportContext(scope.gate),
    returned: 1,
    hidden: 0,
    decisions: [{ reference, mode: "match", allowed: true, verdict: "shown", by: allowed.by, reason: allowed.reason }],
    truncated: false,
  };
  return { [SCOPE_DECISIONS_HEADER]: encodeScopeDecisions(report).header };
}

/** The decision context as the report carries it. */
export function reportContext(gate: AccessGate): ScopeDecisionReport["context"] {
  const context: ScopeDecisionReport["context"] = {};
  if (gate.context.patient) context.patient = gate.context.patient;
  if (gate.context.encounter) context.encounter = gate.context.encounter;
  if (gate.context.fhirUser) context.fhirUser = gate.context.fhirUser;
  if (gate.context.userPatients) context.userPatients = [...gate.context.userPatients];
  return context;
}

/**
 * Refuses (403 `insufficient_scope`) an interaction the token's scopes do not allow on the type at all. Decided
 * from the request alone — type, interaction, the search's own patient parameters — before any data is looked at,
 * so the answer is the same whether or not a matching resource exists.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-fhir-resources
 */
export function requireTypeAccess(
  scope: AccessScope,
  interaction: FhirInteraction,
  resourceType: string,
  searchParams?: URLSearchParams,
): void {
  if (!scope.gate.secured) return;
  const request: GateRequest = { interaction, resourceType, ...(searchParams ? { searchParams } : {}) };
  const decision = scope.gate.decide(request);
  if (decision.allowed) return;
  forbid(scope, interaction, resourceType, decision.reason);
}

/** Whether the token may see `resource` at all (read it, or find it by a search). Open mode sees everything. */
export function isVisible(scope: AccessScope, resource: FhirResource): boolean {
  if (!scope.gate.secured) return true;
  const resourceType = resource.resourceType;
  return (
    scope.gate.decide({ interaction: "read", resourceType, resource }).allowed ||
    scope.gate.decide({ interaction: "search", resourceType, resource }).allowed
  );
}

/** Whether a version is visible; a deletion is as visible as the version it ended. */
export function isVersionVisible(scope: AccessScope, record: ResourceRecord, version: ResourceVersion): boolean {
  if (version.resource) return isVisible(scope, version.resource);
  const index = record.versions.indexOf(version);
  const previous = record.versions
    .slice(0, index)
    .reverse()
    .find((item) => item.resource)?.resource;
  return previous !== undefined && isVisible(scope, previous);
}

/** The 404 sentence for a resource the token cannot see — the same whether it is hidden or does not exist. */
export function notVisibleText(scope: AccessScope, reference: string): string {
  return scope.gate.secured
    ? `There is no ${reference} that this token can see.`
    : `There is no ${reference} on this server.`;
}

/**
 * Answers 404 for a resource the token cannot see, exactly as for one that does not exist: a 403 would tell an
 * app that another patient's resource exists. With `X-Lab-Explain` the lab adds why (a lab oracle on request).
 */
export function failNotVisible(
  scope: AccessScope,
  reference: string,
  options: { suffix?: string; hiddenReason?: string } = {},
): never {
  const diagnostics = `${notVisibleText(scope, reference)}${options.suffix ? ` ${options.suffix}` : ""}`;
  if (scope.explain && options.hiddenReason !== undefined) {
    const report = singleDecisionReport(scope, reference, options.hiddenReason);
    throw new FhirError({
      kind: "not-found",
      code: "not-found",
      diagnostics,
      labExplanation: `Lab explanation (X-Lab-Explain): ${reference} exists but is hidden: ${options.hiddenReason}`,
      headers: { [SCOPE_DECISIONS_HEADER]: encodeScopeDecisions(report).header },
      detail: report,
    });
  }
  return fail("not-found", "not-found", diagnostics);
}

/**
 * Checks one interaction on one resource the token may already see, or on the body of a write. A refusal of a
 * resource it cannot see answers 404 (see {@link failNotVisible}); otherwise 403 with the engine's reason.
 */
export function requireResourceAccess(
  scope: AccessScope,
  request: GateRequest & { resource: FhirResource },
  options: { existing: boolean; reference?: string },
): { reason: string; by: string | null } | null {
  if (!scope.gate.secured) return null;
  const decision = scope.gate.decide(request);
  const reference =
    options.reference ??
    (request.resource.id ? `${request.resourceType}/${request.resource.id}` : `the new ${request.resourceType}`);
  if (decision.allowed) {
    scope.trace({
      server: "fhir",
      kind: "access.allowed",
      at: scope.now(),
      summary: `${request.interaction} of ${reference} allowed: ${decision.reason}`,
      detail: {
        interaction: request.interaction,
        reference,
        decision: { allowed: true, by: decision.by?.text ?? null, reason: decision.reason },
      },
    });
    return { reason: decision.reason, by: decision.by?.text ?? null };
  }
  if (options.existing && !isVisible(scope, request.resource)) {
    traceDenied(scope, request.interaction, reference, decision.reason);
    failNotVisible(scope, reference, { hiddenReason: decision.reason });
  }
  forbid(scope, request.interaction, reference, decision.reason);
}

function traceDenied(scope: AccessScope, interaction: string, reference: string, reason: string): void {
  scope.trace({
    server: "fhir",
    kind: "access.denied",
    at: scope.now(),
    summary: `${interaction} of ${reference} refused: ${reason}`,
    detail: { interaction, reference, decision: { allowed: false, by: null, reason } },
  });
}

function forbid(scope: AccessScope, interaction: string, reference: string, reason: string): never {
  traceDenied(scope, interaction, reference, reason);
  const report = singleDecisionReport(scope, reference, reason);
  const problem: FhirProblem = {
    kind: "forbidden",
    code: "forbidden",
    diagnostics: reason,
    bearerError: "insufficient_scope",
    headers: { [SCOPE_DECISIONS_HEADER]: encodeScopeDecisions(report).header },
    detail: report,
  };
  throw new FhirError(problem);
}

/**
 * How a literal reference in a write resolves for this token: to a resource it may see (or one its own context
 * names: the patient, encounter or user in context); to nothing, which only a token that sees every resource of
 * the target type can know; or to something it cannot know about. A reference of that last kind is stored as
 * written, unchecked — checking it would tell the token whether a resource it may not see exists.
 * @see https://hl7.org/fhir/R4/references.html#literal
 */
export function referenceResolver(scope: AccessScope): (type: string, id: string) => ReferenceResolution {
  const context = scope.gate.context;
  const named = new Set<string>();
  if (context.patient) named.add(`Patient/${context.patient}`);
  if (context.encounter) named.add(`Encounter/${context.encounter}`);
  const user = context.fhirUser ? /([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})$/.exec(context.fhirUser)?.[1] : undefined;
  const parsedUser = user ? parseRelativeReference(user) : undefined;
  if (parsedUser) named.add(`${parsedUser.type}/${parsedUser.id}`);
  return (type, id) => {
    const current = scope.store.get(type, id)?.current;
    if (current && (named.has(`${type}/${id}`) || isVisible(scope, current))) return "resolves";
    return scope.gate.seesEveryResourceOf(type) ? "missing" : "unknowable";
  };
}
