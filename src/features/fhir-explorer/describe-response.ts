import { codeableConceptText, humanNameText } from "../../protocol/fhir/display-text.ts";
import {
  type Bundle,
  type BundleEntry,
  type FhirResource,
  isFhirResource,
  isJsonObject,
  type OperationOutcome,
} from "../../protocol/fhir/fhir-resource.ts";
import { headerValue } from "./send-explorer-request.ts";

/** One row of the results table: an entry of a Bundle. @see https://hl7.org/fhir/R4/bundle.html#resource */
export interface BundleRow {
  key: string;
  resourceType: string;
  id: string | null;
  /** `Type/id` when the entry has a resource with an id. */
  reference: string | null;
  display: string;
  /** `search.mode` (match, include, outcome) for searchsets; else "". */
  searchMode: string;
  /** `response.status` and `response.location` for transaction/batch responses; else "". */
  outcome: string;
}

/** The paging links of a Bundle by relation. @see https://hl7.org/fhir/R4/http.html#paging */
export interface BundleLinks {
  self?: string;
  first?: string;
  previous?: string;
  next?: string;
  last?: string;
}

/** One issue of an OperationOutcome, as displayed. @see https://hl7.org/fhir/R4/operationoutcome.html */
export interface OutcomeIssueRow {
  severity: string;
  code: string;
  diagnostics: string;
  details: string;
  expression: string;
}

/** What a response body is, for choosing how to show it. */
export type ResponseBodyView =
  | { kind: "empty" }
  | { kind: "text"; text: string }
  | { kind: "json"; value: unknown }
  | { kind: "outcome"; outcome: OperationOutcome; issues: OutcomeIssueRow[] }
  | {
      kind: "bundle";
      bundle: Bundle;
      rows: BundleRow[];
      links: BundleLinks;
      /** Issues of `search.mode: "outcome"` entries (warnings, scope explanations). */
      outcomeIssues: OutcomeIssueRow[];
    }
  | { kind: "resource"; resource: FhirResource };

/**
 * Whether an answer came from the static web host instead of the lab's FHIR server. The server answers only FHIR
 * JSON (or nothing), so an HTML page at one of its addresses is the host's own (its `404.html`): what the host
 * sends when a request went past the lab's service worker, as every request does with DevTools' "Bypass for
 * network" on.
 */
export function answeredByWebHost(headers: readonly [string, string][]): boolean {
  return /^text\/html\b/i.test(headerValue(headers, "content-type") ?? "");
}

/** Sorts a response body into empty, text, plain JSON, OperationOutcome, Bundle or another resource. */
export function describeResponseBody(json: unknown, text: string): ResponseBodyView {
  if (json === undefined) return text.trim() === "" ? { kind: "empty" } : { kind: "text", text };
  if (!isFhirResource(json)) return { kind: "json", value: json };
  if (json.resourceType === "OperationOutcome") {
    const outcome = json as OperationOutcome;
    return { kind: "outcome", outcome, issues: outcomeIssueRows(outcome) };
  }
  if (json.resourceType === "Bundle") {
    const bundle = json as Bundle;
    const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
    return {
      kind: "bundle",
      bundle,
      rows: entries.map(bundleRow),
      links: bundleLinks(bundle),
      outcomeIssues: entries
        .filter((entry) => entry.search?.mode === "outcome" && entry.resource?.resourceType === "OperationOutcome")
        .flatMap((entry) => outcomeIssueRows(entry.resource as OperationOutcome)),
    };
  }
  return { kind: "resource", resource: json };
}

/** The issues of an OperationOutcome, each with its text fields flattened. */
function outcomeIssueRows(outcome: OperationOutcome): OutcomeIssueRow[] {
  const issues = Array.isArray(outcome.issue) ? outcome.issue : [];
  return issues.map((issue) => ({
    severity: String(issue.severity ?? ""),
    code: String(issue.code ?? ""),
    diagnostics: typeof issue.diagnostics === "string" ? issue.diagnostics : "",
    details: issue.details?.text ?? issue.details?.coding?.[0]?.display ?? issue.details?.coding?.[0]?.code ?? "",
    expression: Array.isArray(issue.expression) ? issue.expression.join(", ") : "",
  }));
}

/** The `link` array of a Bundle as a relation → URL map (`prev` is read as `previous`). */
export function bundleLinks(bundle: Bundle): BundleLinks {
  const links: BundleLinks = {};
  for (const link of Array.isArray(bundle.link) ? bundle.link : []) {
    if (typeof link?.url !== "string") continue;
    const relation = link.relation === "prev" ? "previous" : link.relation;
    if (
      relation === "self" ||
      relation === "first" ||
      relation === "previous" ||
      relation === "next" ||
      relation === "last"
    ) {
      links[relation] ??= link.url;
    }
  }
  return links;
}

function bundleRow(entry: BundleEntry, index: number): BundleRow {
  const resource = isFhirResource(entry.resource) ? entry.resource : undefined;
  const id = typeof resource?.id === "string" ? resource.id : null;
  const resourceType = resource?.resourceType ?? "";
  const response = entry.response;
  return {
    key: `${index}-${resourceType}-${id ?? ""}`,
    resourceType,
    id,
    reference: resource && id ? `${resourceType}/${id}` : null,
    display: resource ? resourceSummary(resource) : (entry.fullUrl ?? ""),
    searchMode: entry.search?.mode ?? "",
    outcome: response ? [response.status, response.location].filter(Boolean).join(" → ") : "",
  };
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function quantity(value: unknown): string {
  if (!isJsonObject(value) || typeof value.value !== "number") return "";
  return `${value.value}${text(value.unit) ? ` ${text(value.unit)}` : ""}`;
}

function dateOf(resource: FhirResource): string {
  const period = isJsonObject(resource.period)
    ? resource.period
    : isJsonObject(resource.effectivePeriod)
      ? resource.effectivePeriod
      : undefined;
  const date =
    text(resource.effectiveDateTime) ||
    text(resource.authoredOn) ||
    text(resource.occurrenceDateTime) ||
    text(resource.recordedDate) ||
    text(resource.onsetDateTime) ||
    text(resource.performedDateTime) ||
    text(period?.start) ||
    text(resource.date);
  return date.slice(0, 10);
}

/**
 * A one-line description of a resource for the results table: a name for people and organisations, the code
 * (and value) with its date for clinical resources, the first issue for an OperationOutcome.
 * @see https://hl7.org/fhir/R4/resourcelist.html
 */
export function resourceSummary(resource: FhirResource): string {
  const parts: string[] = [];
  switch (resource.resourceType) {
    case "Patient":
    case "Practitioner":
    case "RelatedPerson":
      parts.push(humanNameText(resource.name), text(resource.gender), text(resource.birthDate));
      break;
    case "Organization":
    case "Location":
    case "Medication":
      parts.push(text(resource.name) || codeableConceptText(resource.code));
      break;
    case "Observation":
      parts.push(
        codeableConceptText(resource.code),
        quantity(resource.valueQuantity) ||
          codeableConceptText(resource.valueCodeableConcept) ||
          text(resource.valueString),
        dateOf(resource),
      );
      break;
    case "MedicationRequest":
      parts.push(
        codeableConceptText(resource.medicationCodeableConcept) ||
          text(isJsonObject(resource.medicationReference) ? resource.medicationReference.display : undefined) ||
          text(isJsonObject(resource.medicationReference) ? resource.medicationReference.reference : undefined),
        text(resource.status),
        dateOf(resource),
      );
      break;
    case "Encounter":
      parts.push(
        codeableConceptText(Array.isArray(resource.type) ? resource.type[0] : undefined) ||
          text(isJsonObject(resource.class) ? (resource.class.display ?? resource.class.code) : undefined),
        text(resource.status),
        dateOf(resource),
      );
      break;
    case "OperationOutcome": {
      const issue = outcomeIssueRows(resource as OperationOutcome)[0];
      if (issue) parts.push(`${issue.severity} ${issue.code}: ${issue.diagnostics || issue.details}`);
      break;
    }
    default:
      parts.push(
        codeableConceptText(resource.code) ||
          codeableConceptText(resource.vaccineCode) ||
          text(resource.name) ||
          text(resource.title),
        text(resource.status),
        dateOf(resource),
      );
  }
  return parts.filter((part) => part !== "").join(" · ");
}

/** The narrative of a resource when it has one (`text.div`), with its status. @see https://hl7.org/fhir/R4/narrative.html */
export function narrativeOf(resource: FhirResource): { div: string; status?: string } | null {
  if (!isJsonObject(resource.text) || typeof resource.text.div !== "string" || resource.text.div.trim() === "") {
    return null;
  }
  return typeof resource.text.status === "string"
    ? { div: resource.text.div, status: resource.text.status }
    : { div: resource.text.div };
}

/** "Bundle searchset · total 8 · 5 entries on this page" and similar. */
export function bundleSummary(bundle: Bundle, rows: readonly BundleRow[]): string {
  const parts = [`Bundle ${text(bundle.type)}`.trim()];
  if (typeof bundle.total === "number") parts.push(`total ${bundle.total}`);
  const matches = rows.filter((row) => row.searchMode === "match").length;
  const includes = rows.filter((row) => row.searchMode === "include").length;
  if (bundle.type === "searchset") {
    parts.push(`${matches} ${matches === 1 ? "match" : "matches"} on this page`);
    if (includes > 0) parts.push(`${includes} included`);
  } else {
    parts.push(`${rows.length} ${rows.length === 1 ? "entry" : "entries"}`);
  }
  return parts.join(" · ");
}
