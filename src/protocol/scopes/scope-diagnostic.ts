import type { SourceRange } from "./parsed-scope.ts";
import { SCOPE_SPEC_URLS } from "./scope-spec-urls.ts";

/**
 * How much a diagnostic matters: errors make a scope undefined (servers may ignore or reject it), warnings flag
 * something probably unintended, infos teach.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-fhir-resources
 */
export type ScopeDiagnosticSeverity = "error" | "warning" | "info";

/**
 * Every diagnostic code this engine emits, in a stable order (the ids are part of the public contract: the scope
 * editor and the lessons refer to them).
 *
 */
export const SCOPE_DIAGNOSTIC_CODES = [
  "context-capitalized",
  "unknown-context",
  "unknown-resource-type",
  "missing-permissions",
  "unknown-permission",
  "repeated-permission",
  "permissions-out-of-order",
  "v1-with-query",
  "malformed-query",
  "unsupported-granular-param",
  "granular-value-without-system",
  "launch-scope-not-lowercase",
  "unknown-launch-context",
  "invalid-launch-query",
  "unknown-scope",
  "extension-scope",
  "scope-uri-form",
  "profile-scope",
  "v1-scope",
  "mixed-scope-versions",
  "duplicate-scope",
  "subsumed-scope",
  "patient-scope-without-launch",
  "offline-and-online-access",
  "system-scope-in-user-facing-launch",
  "not-for-backend-services",
  "write-without-read",
  "fhiruser-without-openid",
] as const;

/**
 * A stable diagnostic id from {@link SCOPE_DIAGNOSTIC_CODES}.
 *
 */
export type ScopeDiagnosticCode = (typeof SCOPE_DIAGNOSTIC_CODES)[number];

/**
 * The fixed facts about one diagnostic code: its severity, the IG section it rests on, and a one-line summary
 * for documentation and hovers.
 *
 */
export interface ScopeDiagnosticRule {
  severity: ScopeDiagnosticSeverity;
  specUrl: string;
  summary: string;
}

const U = SCOPE_SPEC_URLS;

/**
 * The rule behind each diagnostic code.
 *
 */
export const SCOPE_DIAGNOSTIC_RULES: Readonly<Record<ScopeDiagnosticCode, ScopeDiagnosticRule>> = {
  "context-capitalized": {
    severity: "error",
    specUrl: U.patientScopes,
    summary: "The access level is lowercase (patient/, user/, system/); the resource type is capitalised.",
  },
  "unknown-context": {
    severity: "error",
    specUrl: U.syntax,
    summary: "A FHIR resource scope starts with patient/, user/ or system/.",
  },
  "unknown-resource-type": {
    severity: "error",
    specUrl: U.syntax,
    summary: "The part after the slash is a FHIR R4 resource type or *.",
  },
  "missing-permissions": {
    severity: "error",
    specUrl: U.fhirResources,
    summary: "A FHIR resource scope ends with permissions: .cruds letters (v2) or .read/.write/.* (v1).",
  },
  "unknown-permission": {
    severity: "error",
    specUrl: U.fhirResources,
    summary: "Only the letters c, r, u, d, s (or the v1 words read, write, *) are permissions.",
  },
  "repeated-permission": {
    severity: "error",
    specUrl: U.fhirResources,
    summary: "Each permission letter appears at most once.",
  },
  "permissions-out-of-order": {
    severity: "error",
    specUrl: U.fhirResources,
    summary: "Permission letters are a subset of the in-order string cruds; servers may ignore or reject others.",
  },
  "v1-with-query": {
    severity: "error",
    specUrl: U.finerGrained,
    summary: "Granular ?param=value constraints exist only for v2 (.cruds) scopes.",
  },
  "malformed-query": {
    severity: "error",
    specUrl: U.finerGrained,
    summary: "A granular constraint is ? followed by param=value items separated by &.",
  },
  "unsupported-granular-param": {
    severity: "warning",
    specUrl: U.finerGrained,
    summary: "This server does not support that search parameter (or modifier/chain) in a granular scope.",
  },
  "granular-value-without-system": {
    severity: "info",
    specUrl: U.finerGrained,
    summary: "A token value without system|code matches that code in any code system.",
  },
  "launch-scope-not-lowercase": {
    // Scopes are case-sensitive strings: "Launch/encounter" is not "launch/encounter", so a server grants nothing for it.
    severity: "error",
    specUrl: U.contextData,
    summary: "Launch context scopes are lowercase, resource type included (launch/diagnosticreport).",
  },
  "unknown-launch-context": {
    severity: "warning",
    specUrl: U.contextData,
    summary: "launch/<type> names a FHIR resource type in lowercase.",
  },
  "invalid-launch-query": {
    severity: "error",
    specUrl: U.contextData,
    summary: "A launch context scope may carry at most one ?role= parameter.",
  },
  "unknown-scope": {
    severity: "warning",
    specUrl: U.quickStart,
    summary: "Not a scope SMART defines; it is kept, but the server will probably not grant it.",
  },
  "extension-scope": {
    severity: "info",
    specUrl: U.extensibility,
    summary: "A custom scope (full URI or __ prefix) that only the server defining it understands.",
  },
  "scope-uri-form": {
    severity: "info",
    specUrl: U.uriRepresentation,
    summary: "The URI representation of a SMART scope; the scope parameter uses the short form.",
  },
  "profile-scope": {
    severity: "info",
    specUrl: U.identity,
    summary: "profile is an OpenID Connect scope; SMART 2 identifies the user with openid fhirUser.",
  },
  "v1-scope": {
    severity: "info",
    specUrl: U.fhirResources,
    summary: "A SMART v1 scope; servers process it with v2 semantics (read ⇒ rs, write ⇒ cud, * ⇒ cruds).",
  },
  "mixed-scope-versions": {
    severity: "warning",
    specUrl: U.fhirResources,
    summary: "The request mixes v1 and v2 scopes; servers answer v1 requests in v1 terms, so pick one.",
  },
  "duplicate-scope": {
    severity: "warning",
    specUrl: U.scopeEquivalence,
    summary: "The same scope (after normalisation) is requested twice.",
  },
  "subsumed-scope": {
    severity: "warning",
    specUrl: U.scopeEquivalence,
    summary: "Another requested scope already grants everything this one does.",
  },
  "patient-scope-without-launch": {
    severity: "warning",
    specUrl: U.standalone,
    summary: "patient/ scopes need a patient in context: request launch/patient (standalone) or launch (EHR).",
  },
  "offline-and-online-access": {
    severity: "warning",
    specUrl: U.refreshToken,
    summary: "Request one kind of refresh token: offline_access or online_access.",
  },
  "system-scope-in-user-facing-launch": {
    severity: "warning",
    specUrl: U.systemScopes,
    summary: "system/ scopes are for clients with no user in the loop (backend services).",
  },
  "not-for-backend-services": {
    severity: "warning",
    specUrl: U.systemScopes,
    summary: "A backend service has no user or launch: it requests system/ scopes only.",
  },
  "write-without-read": {
    severity: "info",
    specUrl: U.patientScopes,
    summary: "Write access does not imply read access.",
  },
  "fhiruser-without-openid": {
    severity: "warning",
    specUrl: U.identity,
    summary: "fhirUser is delivered in the id_token, which only openid requests.",
  },
};

/**
 * A quick fix: replace the diagnostic's range with `replacement`.
 *
 */
export interface ScopeFix {
  title: string;
  replacement: string;
}

/**
 * One finding about a scope string, positioned for an editor and linked to the IG rule behind it.
 *
 */
export interface ScopeDiagnostic {
  code: ScopeDiagnosticCode;
  severity: ScopeDiagnosticSeverity;
  range: SourceRange;
  /** Plain English, naming the scope and what to do. */
  message: string;
  specUrl: string;
  fix?: ScopeFix;
  /** Index (in the parsed list) of the scope this diagnostic is about. */
  scopeIndex: number;
  /** The other scope involved, e.g. the one that subsumes or duplicates this one. */
  related?: { scope: string; range: SourceRange };
}

/**
 * Applies a diagnostic's fix to the text it was computed on (returns the text unchanged when there is no fix).
 *
 */
export function applyScopeFix(text: string, diagnostic: Pick<ScopeDiagnostic, "range" | "fix">): string {
  if (!diagnostic.fix) return text;
  return text.slice(0, diagnostic.range.start) + diagnostic.fix.replacement + text.slice(diagnostic.range.end);
}

/**
 * A diagnostic of `code` with the severity and spec link its rule fixes, so no parser restates them.
 *
 */
export function makeDiagnostic(
  code: ScopeDiagnosticCode,
  scopeIndex: number,
  range: SourceRange,
  message: string,
  fix?: ScopeFix,
  related?: ScopeDiagnostic["related"],
): ScopeDiagnostic {
  const rule = SCOPE_DIAGNOSTIC_RULES[code];
  const diagnostic: ScopeDiagnostic = {
    code,
    severity: rule.severity,
    range,
    message,
    specUrl: rule.specUrl,
    scopeIndex,
  };
  if (fix) diagnostic.fix = fix;
  if (related) diagnostic.related = related;
  return diagnostic;
}
