import { isFhirResource, isJsonObject, type OperationOutcome } from "./fhir-resource.ts";
import {
  decodeScopeDecisionHeader,
  decodeScopeDecisionOutcome,
  SCOPE_DECISIONS_HEADER,
  type ScopeDecisionReport,
  type SuppressedDecision,
} from "./scope-decision-report.ts";

/** One resource the search found, as the scope-filtered view lists it. @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html */
interface ScopeDecisionRow {
  reference: string;
  /** Found by the search itself, or brought in by `_include`/`_revinclude`. */
  mode: "match" | "include";
  verdict: "returned" | "hidden";
  reason: string;
  /** The granted scope that allowed it; null when none did (hidden) or when the source did not say. */
  scope: string | null;
}

/** The scope explanation of one response, decoded from wherever the server put it. @see https://hl7.org/fhir/R4/search.html#errors */
export interface ScopeDecisionView {
  /** Where the decisions came from. */
  source: "header" | "outcome" | "outcome-issues";
  scopes: string;
  context: ScopeDecisionReport["context"];
  /** Matches the scopes allowed; null when only the outcome's issues were available. */
  returned: number | null;
  /** Matches the scopes left out; null when the request did not ask for the explanation (X-Lab-Explain). */
  hidden: number | null;
  truncated: boolean;
  rows: ScopeDecisionRow[];
  /** Things that could not be decoded, in words (a broken header, a report missing from the outcome …). */
  problems: string[];
}

const DECISIONS_HEADER = SCOPE_DECISIONS_HEADER.toLowerCase();

function scopeOutcomes(body: unknown): OperationOutcome[] {
  if (!isFhirResource(body)) return [];
  // A 403 answers with the OperationOutcome itself; a search puts it in a `search.mode: "outcome"` entry.
  if (body.resourceType === "OperationOutcome") return [body as OperationOutcome];
  if (body.resourceType !== "Bundle" || !Array.isArray(body.entry)) return [];
  return body.entry
    .filter(isJsonObject)
    .filter((entry) => isJsonObject(entry.search) && entry.search.mode === "outcome")
    .map((entry) => entry.resource)
    .filter(
      (resource): resource is OperationOutcome =>
        isFhirResource(resource) && resource.resourceType === "OperationOutcome",
    );
}

// An outcome without the report extension still lists its hidden resources as `suppressed` issues.
function rowOfSuppressed({ reference, reason }: SuppressedDecision): ScopeDecisionRow {
  return { reference, mode: "match", verdict: "hidden", reason, scope: null };
}

function rowsOf(report: ScopeDecisionReport): ScopeDecisionRow[] {
  const rows = (report.decisions ?? []).map((decision) => ({
    reference: decision.reference,
    mode: decision.mode === "include" ? ("include" as const) : ("match" as const),
    verdict: decision.allowed ? ("returned" as const) : ("hidden" as const),
    reason: decision.reason,
    scope: decision.by ?? null,
  }));
  // Returned resources first (they are what the app sees), then the hidden ones, each in server order.
  return [...rows.filter((row) => row.verdict === "returned"), ...rows.filter((row) => row.verdict === "hidden")];
}

function viewOf(
  report: ScopeDecisionReport,
  source: ScopeDecisionView["source"],
  problems: string[],
): ScopeDecisionView {
  return {
    source,
    scopes: report.scopes,
    context: report.context,
    returned: report.returned,
    hidden: report.hidden ?? null,
    truncated: report.truncated,
    rows: rowsOf(report),
    problems,
  };
}

/**
 * The per-resource scope explanation of a secured response, or null when it carries none (open mode, reads
 * that were allowed without a report, non-FHIR answers). Reads the `X-Lab-Scope-Decisions` header first; when
 * the header left the decisions out for size (`decisionsIn: "outcome"`) or cannot be decoded, the full report in
 * the `search.mode: "outcome"` OperationOutcome's extension; failing that, the outcome's `suppressed` issues.
 * @see https://hl7.org/fhir/R4/bundle-definitions.html#Bundle.entry.search.mode
 */
export function decodeScopeDecisions(headers: readonly [string, string][], body: unknown): ScopeDecisionView | null {
  const problems: string[] = [];
  const headerValue = headers.find(([name]) => name.toLowerCase() === DECISIONS_HEADER)?.[1];
  let headerReport: ScopeDecisionReport | null = null;
  if (headerValue !== undefined) {
    const decoded = decodeScopeDecisionHeader(headerValue);
    if ("error" in decoded) problems.push(decoded.error);
    else headerReport = decoded;
  }
  if (headerReport?.decisions) return viewOf(headerReport, "header", problems);

  const outcomes = scopeOutcomes(body).map(decodeScopeDecisionOutcome);
  for (const { report } of outcomes) {
    if (report?.decisions) return viewOf(report, "outcome", problems);
  }
  const suppressed = outcomes.flatMap((outcome) => outcome.suppressed.map(rowOfSuppressed));
  if (headerReport) {
    if (headerReport.decisionsIn === "outcome" && suppressed.length === 0) {
      problems.push("The header says the decisions are in the outcome entry, but the response has none.");
    }
    return { ...viewOf(headerReport, suppressed.length > 0 ? "outcome-issues" : "header", problems), rows: suppressed };
  }
  if (suppressed.length > 0) {
    return {
      source: "outcome-issues",
      scopes: "",
      context: {},
      returned: null,
      hidden: suppressed.length,
      truncated: false,
      rows: suppressed,
      problems,
    };
  }
  return problems.length > 0
    ? { source: "header", scopes: "", context: {}, returned: null, hidden: 0, truncated: false, rows: [], problems }
    : null;
}
