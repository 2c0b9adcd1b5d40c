import type { OperationOutcome, OperationOutcomeIssue } from "../../protocol/fhir/fhir-resource.ts";
import { errorDescriptionText } from "../../protocol/oauth/oauth-error.ts";

/** Every way a FHIR request can fail here, each with its HTTP status (mapped to HTTP in `problemHeaders` and `statusOf` only). @see https://hl7.org/fhir/R4/http.html#Status-Codes */
export type FhirProblemKind =
  | "invalid-request"
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "method-not-allowed"
  | "not-acceptable"
  | "conflict"
  | "gone"
  | "precondition-failed"
  | "too-large"
  | "unsupported-media-type"
  | "unprocessable"
  | "internal";

/** A failure as a value: its kind, the OperationOutcome issue code, a sentence for the learner and optional extras. @see https://hl7.org/fhir/R4/operationoutcome.html */
export interface FhirProblem {
  kind: FhirProblemKind;
  /** OperationOutcome issue type (http://hl7.org/fhir/issue-type). */
  code: string;
  diagnostics: string;
  /** RFC 6750 error for 401/403 (`invalid_token`, `insufficient_scope`); absent for a request without token. */
  bearerError?: "invalid_token" | "insufficient_scope" | "invalid_request";
  /** FHIRPath-ish locations the issue is about (e.g. a parameter name). */
  expression?: string[];
  /** Response headers the failure requires (e.g. `Allow` for 405). */
  headers?: Record<string, string>;
  /** Extra machine-readable detail for traces (e.g. the scope decision behind a 403). */
  detail?: unknown;
  /** Why a hidden resource was refused, added as a second issue only when the request asked (`X-Lab-Explain`). */
  labExplanation?: string;
}

/** A thrown {@link FhirProblem}: interactions throw it, `handle()` catches it and answers with `problemOutcome` and `problemHeaders`. */
export class FhirError extends Error {
  readonly problem: FhirProblem;
  constructor(problem: FhirProblem) {
    super(problem.diagnostics);
    this.name = "FhirError";
    this.problem = problem;
  }
}

/** Shorthand to throw a {@link FhirError}. */
export function fail(
  kind: FhirProblemKind,
  code: string,
  diagnostics: string,
  extra: Partial<FhirProblem> = {},
): never {
  throw new FhirError({ kind, code, diagnostics, ...extra });
}

const STATUS: Record<FhirProblemKind, number> = {
  "invalid-request": 400,
  unauthorized: 401,
  forbidden: 403,
  "not-found": 404,
  "method-not-allowed": 405,
  "not-acceptable": 406,
  conflict: 409,
  gone: 410,
  "precondition-failed": 412,
  "too-large": 413,
  "unsupported-media-type": 415,
  unprocessable: 422,
  internal: 500,
};

/** The HTTP status of a problem kind. */
export function statusOf(kind: FhirProblemKind): number {
  return STATUS[kind];
}

/** The OperationOutcome a problem is reported with. */
export function problemOutcome(problem: FhirProblem): OperationOutcome {
  const issue: OperationOutcomeIssue = {
    severity: problem.kind === "internal" ? "fatal" : "error",
    code: problem.code,
    diagnostics: problem.diagnostics,
  };
  if (problem.expression) issue.expression = problem.expression;
  const issues = [issue];
  if (problem.labExplanation) {
    issues.push({ severity: "information", code: "informational", diagnostics: problem.labExplanation });
  }
  return { resourceType: "OperationOutcome", issue: issues };
}

/**
 * The one place problems become HTTP: status from the kind, an OperationOutcome body, and for 401/403 the
 * RFC 6750 `WWW-Authenticate` challenge (no `error` attribute when the request carried no token at all).
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function problemHeaders(problem: FhirProblem, realm: string): Record<string, string> {
  const headers: Record<string, string> = { ...problem.headers };
  if (problem.kind === "unauthorized" || problem.kind === "forbidden") {
    const parts = [`realm="${realm}"`];
    if (problem.bearerError) {
      parts.push(`error="${problem.bearerError}"`);
      parts.push(`error_description="${errorDescriptionText(problem.diagnostics)}"`);
    }
    headers["WWW-Authenticate"] = `Bearer ${parts.join(", ")}`;
  }
  return headers;
}
