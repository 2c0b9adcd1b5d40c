import { base64url } from "jose";
import { isJsonObject, type OperationOutcome, type OperationOutcomeIssue } from "./fhir-resource.ts";

/**
 * The decision about one resource a search found (or an `_include` pulled in), for the "scope-filtered results"
 * visualizer: returned (`allowed: true`, verdict "shown") or left out (`allowed: false`, verdict "hidden"), the
 * granted scope that allowed it (`by`, the scope text as granted) and the engine's sentence (`reason`).
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-fhir-resources
 */
export interface ScopeDecisionEntry {
  /** `Type/id` of the resource. */
  reference: string;
  /** Whether the resource matched the search itself or was brought in by `_include`/`_revinclude`. */
  mode: "match" | "include";
  allowed: boolean;
  verdict: "shown" | "hidden";
  by: string | null;
  reason: string;
}

/**
 * Why a search answered what it did under the token's scopes, resource by resource. Carried three ways:
 *
 * 1. Response header `X-Lab-Scope-Decisions`: base64url (no padding) of this JSON. When that would exceed
 *    {@link SCOPE_DECISIONS_HEADER_LIMIT} characters, the header carries the report without `decisions`
 *    (`decisionsIn: "outcome"`) and the UI reads the full list from (2).
 * 2. The searchset's `search.mode: "outcome"` OperationOutcome entry (present when something was hidden or a
 *    parameter ignored): one `informational` summary issue, one
 *    `suppressed` issue per hidden resource (`details.text` = reference, `diagnostics` = reason), and the whole report
 *    as JSON in `extension[url = SCOPE_DECISIONS_EXTENSION_URL].valueString`.
 * 3. A `search.filtered` trace event whose `detail` is this report.
 *
 * `decisions` lists every returned resource of the current page and — only when the request carried
 * `X-Lab-Explain: scope-decisions` — every hidden resource of the whole search (hidden ones have no page), at most
 * {@link MAX_HIDDEN_DECISIONS} hidden ones (`truncated` says when more were left out; the counts are always exact).
 * @see https://hl7.org/fhir/R4/search.html#errors
 */
export interface ScopeDecisionReport {
  version: 1;
  /** The granted scope string of the token. */
  scopes: string;
  /** The launch context and user the decisions used. */
  context: { patient?: string; encounter?: string; fhirUser?: string; userPatients?: string[] };
  /** Matches the scopes allowed (the searchset's total). */
  returned: number;
  /**
   * Matches (and includes) the scopes left out — present only when the request asked for the explanation
   * (`X-Lab-Explain: scope-decisions`): a real server reveals nothing about what it hid, and neither does the lab's
   * unless asked.
   */
  hidden?: number;
  decisions?: ScopeDecisionEntry[];
  truncated: boolean;
  /** Present when the header left `decisions` out for size: where to find them. */
  decisionsIn?: "outcome";
}

/** Extension URL under which the OperationOutcome carries the full report JSON. @see https://hl7.org/fhir/R4/extensibility.html */
export const SCOPE_DECISIONS_EXTENSION_URL = "urn:smart-lab:fhir:scope-decisions";

/** Name of the response header carrying the report. */
export const SCOPE_DECISIONS_HEADER = "X-Lab-Scope-Decisions";

/** Longest header value the server sends; above it the decisions move to the OperationOutcome only. */
export const SCOPE_DECISIONS_HEADER_LIMIT = 8000;

const utf8 = new TextEncoder();

/** Most hidden decisions a report lists. */
export const MAX_HIDDEN_DECISIONS = 1000;

/**
 * Encodes a report for the `X-Lab-Scope-Decisions` header, leaving `decisions` out (`decisionsIn: "outcome"`) when
 * they do not fit; says which it did.
 * @see https://www.rfc-editor.org/rfc/rfc4648#section-5
 */
export function encodeScopeDecisions(report: ScopeDecisionReport): { header: string; decisionsInHeader: boolean } {
  // Unpadded base64url is 4 characters per 3 bytes, rounded up: a report too long for the header is known before it
  // is encoded, which on a full page of results was most of a search's reporting cost; and one whose decisions alone
  // are too long is known before its JSON is written.
  const fits = (bytes: number) => Math.ceil((bytes * 4) / 3) <= SCOPE_DECISIONS_HEADER_LIMIT;
  if (fits(decisionsLengthAtLeast(report.decisions ?? []))) {
    const bytes = utf8.encode(JSON.stringify(report));
    if (fits(bytes.length)) return { header: base64url.encode(bytes), decisionsInHeader: true };
  }
  const { decisions: _omitted, ...summary } = report;
  return { header: base64url.encode(JSON.stringify({ ...summary, decisionsIn: "outcome" })), decisionsInHeader: false };
}

/**
 * At most the UTF-8 length of the decisions' JSON: each entry's strings unescaped (escaping only lengthens them, and
 * UTF-8 takes at least one byte per UTF-16 unit) plus its shortest punctuation, keys and values,
 * `{"reference":"","mode":"match","allowed":true,"verdict":"shown","by":"","reason":""}`.
 */
function decisionsLengthAtLeast(decisions: readonly ScopeDecisionEntry[]): number {
  let length = 0;
  for (const entry of decisions) length += 84 + entry.reference.length + (entry.by?.length ?? 0) + entry.reason.length;
  return length;
}

function isDecisionEntry(value: unknown): value is ScopeDecisionEntry {
  return (
    isJsonObject(value) &&
    typeof value.reference === "string" &&
    typeof value.allowed === "boolean" &&
    typeof value.reason === "string" &&
    (value.by === null || value.by === undefined || typeof value.by === "string")
  );
}

/** Checks the shape of a report read from the wire (a header or the outcome's extension); null if it is none. */
function parseScopeDecisionReport(value: unknown): ScopeDecisionReport | null {
  if (!isJsonObject(value) || value.version !== 1) return null;
  if (typeof value.returned !== "number") return null;
  if (value.hidden !== undefined && typeof value.hidden !== "number") return null;
  if (value.decisions !== undefined && !(Array.isArray(value.decisions) && value.decisions.every(isDecisionEntry))) {
    return null;
  }
  return {
    version: 1,
    scopes: typeof value.scopes === "string" ? value.scopes : "",
    context: isJsonObject(value.context) ? (value.context as ScopeDecisionReport["context"]) : {},
    returned: value.returned,
    ...(typeof value.hidden === "number" ? { hidden: value.hidden } : {}),
    truncated: value.truncated === true,
    ...(value.decisions !== undefined ? { decisions: value.decisions as ScopeDecisionEntry[] } : {}),
    ...(value.decisionsIn === "outcome" ? { decisionsIn: "outcome" as const } : {}),
  };
}

/**
 * Decodes and checks an `X-Lab-Scope-Decisions` value: base64url (no padding) of the report's UTF-8 JSON.
 */
export function decodeScopeDecisionHeader(value: string): ScopeDecisionReport | { error: string } {
  const trimmed = value.trim();
  if (!/^[A-Za-z0-9_-]*$/.test(trimmed) || trimmed.length % 4 === 1) {
    return { error: "The X-Lab-Scope-Decisions header is not base64url." };
  }
  try {
    const report = parseScopeDecisionReport(
      JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(base64url.decode(trimmed))),
    );
    return report ?? { error: "The X-Lab-Scope-Decisions header does not hold a scope decision report." };
  } catch {
    return { error: "The X-Lab-Scope-Decisions header is not base64url of JSON." };
  }
}

/** The `search.mode: "outcome"` OperationOutcome that explains a scope-filtered search. @see https://hl7.org/fhir/R4/bundle-definitions.html#Bundle.entry.search.mode */
export function scopeDecisionOutcome(report: ScopeDecisionReport): OperationOutcome {
  const issues: OperationOutcomeIssue[] = [
    {
      severity: "information",
      code: "informational",
      diagnostics:
        report.hidden === undefined
          ? `Scopes "${report.scopes}" returned ${report.returned} matching resource(s).`
          : `Scopes "${report.scopes}" returned ${report.returned} and hid ${report.hidden} matching resource(s).`,
    },
  ];
  let listed = 0;
  for (const decision of report.decisions ?? []) {
    if (decision.allowed || listed >= 200) continue;
    listed++;
    issues.push({
      severity: "information",
      code: "suppressed",
      details: { coding: [{ system: SCOPE_DECISIONS_EXTENSION_URL, code: "hidden" }], text: decision.reference },
      diagnostics: decision.reason,
    });
  }
  return {
    resourceType: "OperationOutcome",
    extension: [{ url: SCOPE_DECISIONS_EXTENSION_URL, valueString: JSON.stringify(report) }],
    issue: issues,
  };
}

/**
 * A resource the outcome lists as hidden (a `suppressed` issue): its reference and the engine's reason.
 * @see https://hl7.org/fhir/R4/valueset-issue-type.html
 */
export interface SuppressedDecision {
  reference: string;
  reason: string;
}

/**
 * Decodes and checks what {@link scopeDecisionOutcome} put in an OperationOutcome: the report of its extension (null
 * when it has none, or one that is not a report) and the hidden resources of its `suppressed` issues.
 */
export function decodeScopeDecisionOutcome(outcome: OperationOutcome): {
  report: ScopeDecisionReport | null;
  suppressed: SuppressedDecision[];
} {
  return { report: reportOfExtension(outcome), suppressed: suppressedIssues(outcome) };
}

function reportOfExtension(outcome: OperationOutcome): ScopeDecisionReport | null {
  const extension = (Array.isArray(outcome.extension) ? outcome.extension : []).find(
    (item) => isJsonObject(item) && item.url === SCOPE_DECISIONS_EXTENSION_URL,
  );
  if (typeof extension?.valueString !== "string") return null;
  try {
    return parseScopeDecisionReport(JSON.parse(extension.valueString));
  } catch {
    return null;
  }
}

function suppressedIssues(outcome: OperationOutcome): SuppressedDecision[] {
  return (Array.isArray(outcome.issue) ? outcome.issue : [])
    .filter(
      (issue) =>
        issue.code === "suppressed" &&
        issue.details?.coding?.some(
          (coding) => coding.system === SCOPE_DECISIONS_EXTENSION_URL && coding.code === "hidden",
        ),
    )
    .map((issue) => ({ reference: issue.details?.text ?? "", reason: issue.diagnostics ?? "" }));
}
