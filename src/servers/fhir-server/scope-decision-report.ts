import type { OperationOutcome, OperationOutcomeIssue } from "../../protocol/fhir/fhir-resource.ts";

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

/** Name of the response header carrying the report. @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-fhir-resources */
export const SCOPE_DECISIONS_HEADER = "X-Lab-Scope-Decisions";

/** Longest header value the server sends; above it the decisions move to the OperationOutcome only. @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-fhir-resources */
export const SCOPE_DECISIONS_HEADER_LIMIT = 8000;

/** Most hidden decisions a report lists. @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-fhir-resources */
export const MAX_HIDDEN_DECISIONS = 1000;

/** Encodes a report for the `X-Lab-Scope-Decisions` header, dropping `decisions` when too long. @see https://www.rfc-editor.org/rfc/rfc4648#section-5 */
export function encodeScopeDecisionHeader(report: ScopeDecisionReport): string {
  const full = base64UrlJson(report);
  if (full.length <= SCOPE_DECISIONS_HEADER_LIMIT) return full;
  const { decisions: _omitted, ...summary } = report;
  return base64UrlJson({ ...summary, decisionsIn: "outcome" });
}

/** Decodes an `X-Lab-Scope-Decisions` header value (for the UI and tests). @see https://www.rfc-editor.org/rfc/rfc4648#section-5 */
export function decodeScopeDecisionHeader(value: string): ScopeDecisionReport {
  const padded = value
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(value.length / 4) * 4, "=");
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as ScopeDecisionReport;
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

function base64UrlJson(value: unknown): string {
  const json = JSON.stringify(value);
  let binary = json;
  // btoa takes Latin-1 only: UTF-8-encode first when the reasons hold anything beyond printable ASCII (JSON
  // escapes control characters, so printable ASCII is all a plain report contains).
  if (/[^ -~]/.test(json)) {
    const bytes = new TextEncoder().encode(json);
    const chunks: string[] = [];
    for (let i = 0; i < bytes.length; i += 0x8000) chunks.push(String.fromCharCode(...bytes.subarray(i, i + 0x8000)));
    binary = chunks.join("");
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
