import type { ScopeDiagnostic } from "./scope-diagnostic.ts";

/**
 * A half-open span `[start, end)` of UTF-16 code units in the scope text, the unit JavaScript string indices and
 * editors such as Monaco use.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#fhir-resource-scope-syntax
 */
export interface SourceRange {
  start: number;
  end: number;
}

/**
 * One of the five SMART v2 permission letters: create, read, update, delete, search.
 *
 */
export type Permission = "c" | "r" | "u" | "d" | "s";

/**
 * The permission letters in the only order the IG allows (`.cruds`).
 *
 */
export const PERMISSION_ORDER: readonly Permission[] = ["c", "r", "u", "d", "s"];

/**
 * Which of the five permissions a scope grants.
 *
 * @remarks A record of booleans rather than a `Set`, so parsed scopes stay JSON-serialisable for trace events
 * and the timeline (DESIGN.md §1).
 *
 */
export type PermissionSet = Readonly<Record<Permission, boolean>>;

/**
 * The three access levels a FHIR resource scope can start with.
 *
 */
export type ScopeContextType = "patient" | "user" | "system";

/**
 * One alternative of a granular parameter value (values are comma-separated ORs in FHIR search), pre-split into
 * the token parts so access decisions do not re-parse it per resource.
 *
 */
export interface GranularAlternative {
  /** The alternative as written (decoded), e.g. `http://loinc.org|4548-4`, `laboratory`, `Encounter/456`. */
  raw: string;
  /** Token system: null for the `code` form (any system), "" for the `|code` form (no system). */
  system: string | null;
  /** Token code: null for the `system|` form (any code in the system). */
  code: string | null;
}

/**
 * One `param=value` constraint of a granular scope, with the parameter name split into its FHIR search parts.
 *
 */
export interface GranularFilter {
  /** The parameter name as written, e.g. `category`, `code:in`, `encounter.id`. */
  name: string;
  /** The search parameter itself, without modifier or chain, e.g. `code`, `encounter`. */
  base: string;
  /** A search modifier (`in` for `code:in`), which the IG lists as experimental; null when absent. */
  modifier: string | null;
  /** A chained parameter (`birthdate` for `patient.birthdate`), also experimental; null when absent. */
  chain: string | null;
  /** The decoded value as written. */
  value: string;
  alternatives: readonly GranularAlternative[];
  /** Where `name=value` sits in the scope text. */
  range: SourceRange;
}

/**
 * What every parsed scope carries, whatever its kind.
 *
 */
interface ScopeBase {
  /** The scope exactly as written. */
  text: string;
  range: SourceRange;
  /** The canonical form: v2 letters for clinical scopes, lowercase context, decoded query; else the text. */
  normalized: string;
  /** This scope's diagnostics, those about it alone and those the whole list raised on it. */
  diagnostics: ScopeDiagnostic[];
  /** False when any diagnostic is an error: servers may ignore or reject such a scope, and this engine grants nothing for it. */
  valid: boolean;
}

/**
 * A FHIR resource ("clinical") scope, v1 (`.read`, `.write`, `.*`) or v2 (`.cruds` letters, optional query).
 *
 */
export interface ClinicalScope extends ScopeBase {
  kind: "clinical";
  version: 1 | 2;
  /** The access level, normalised to lowercase (or to the nearest level when misspelt). */
  context: ScopeContextType;
  /** The access level exactly as written (`Patient` in the capitalised mistake). */
  contextAsWritten: string;
  /** The resource type as written, or `*` for every type. */
  resourceType: string;
  /** The permissions, with v1 words expanded to their v2 letters (read ⇒ rs, write ⇒ cud, * ⇒ cruds). */
  permissions: PermissionSet;
  /** The text after the dot and before any `?`, as written. */
  permissionsAsWritten: string;
  /** The granular query as ordered `[name, value]` pairs (values decoded). */
  query: readonly (readonly [string, string])[];
  filters: readonly GranularFilter[];
  /** The v1 form when one exists (rs, cud or cruds, no query), for answering a v1 request in v1 terms; else null. */
  v1: string | null;
}

/**
 * `launch` (EHR launch) or a `launch/<type>` context request, optionally with one `?role=`.
 *
 */
export interface LaunchScope extends ScopeBase {
  kind: "launch";
  /** The lowercase context type (`patient`, `encounter`, `imagingstudy` …), or null for the bare `launch` scope. */
  launchContext: string | null;
  role: string | null;
}

/**
 * The kinds of scope that carry no structure beyond their name.
 *
 */
export type SimpleScopeKind =
  | "openid"
  | "fhirUser"
  | "profile"
  | "offline_access"
  | "online_access"
  | "extension"
  | "unknown";

/**
 * An identity, refresh-token, extension (full URI or `__` prefix) or unrecognised scope.
 *
 */
export interface SimpleScope extends ScopeBase {
  kind: SimpleScopeKind;
}

/**
 * Any scope the parser can return.
 *
 */
export type ParsedScope = ClinicalScope | LaunchScope | SimpleScope;

/**
 * A parsed scope string: every scope in order, the clinical ones for quick access, and all diagnostics.
 *
 */
export interface ParsedScopeList {
  text: string;
  scopes: readonly ParsedScope[];
  /** The clinical scopes (valid or not) in text order, what access decisions iterate over. */
  clinical: readonly ClinicalScope[];
  /** Every diagnostic of every scope, sorted by position. */
  diagnostics: readonly ScopeDiagnostic[];
  /** Which permission syntax the valid clinical scopes use; null when there are none. */
  clinicalVersion: "v1" | "v2" | "mixed" | null;
}
