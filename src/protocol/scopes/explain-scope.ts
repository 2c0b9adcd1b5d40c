import { FHIR_R4_RESOURCE_TYPES, isR4ResourceType } from "../fhir/resource-types.ts";
import { describePermissions, joinWords } from "./describe-permissions.ts";
import { findKnownGranularValue } from "./known-granular-values.ts";
import { parseScope } from "./parse-scopes.ts";
import type { ClinicalScope, GranularFilter, LaunchScope, ParsedScope } from "./parsed-scope.ts";
import { SCOPE_SPEC_URLS } from "./scope-spec-urls.ts";

/**
 * What a consent screen shows for one scope: a headline sentence, supporting sentences, and the v1/v2
 * equivalents so learners see both spellings.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-fhir-resources
 */
export interface ScopeExplanation {
  /** The scope as written. */
  scope: string;
  kind: ParsedScope["kind"];
  /** The consent-screen line, e.g. "Read and search your observations — laboratory results only". */
  title: string;
  /** Further plain-language notes: wildcard reach, write without read, v1 meaning, validity. */
  details: string[];
  /** The v2 form of a resource scope (its normalised form); null for other kinds. */
  v2: string | null;
  /** The v1 form when one exists (v2 rs, cud or cruds without a query); null otherwise. */
  v1: string | null;
  /** "v1 patient/*.read = v2 patient/*.rs" when the scope has both spellings; null otherwise. */
  translation: string | null;
  valid: boolean;
  specUrl: string;
}

// Nouns where splitting the CamelCase name and adding "s" reads badly on a consent screen.
const NOUNS: ReadonlyMap<string, string> = new Map([
  ["AllergyIntolerance", "allergies and intolerances"],
  ["Basic", "basic records"],
  ["Binary", "files"],
  ["DocumentReference", "documents"],
  ["Evidence", "evidence records"],
  ["Media", "media"],
  ["Parameters", "parameter sets"],
  ["Patient", "patient records"],
  ["Person", "person records"],
]);

function splitWords(resourceType: string): string {
  return resourceType
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase();
}

/**
 * The plural, lowercase, human name of a resource type ("MedicationRequest" → "medication requests").
 *
 */
export function resourceTypeNoun(resourceType: string): string {
  const known = NOUNS.get(resourceType);
  if (known) return known;
  // A misspelt or unknown type must not be pluralised into something that reads like a real one ("observationses").
  if (resourceType !== "*" && !isR4ResourceType(resourceType))
    return `"${resourceType}" records (not a FHIR R4 resource type)`;
  const words = splitWords(resourceType);
  if (/sis$/.test(words)) return words.replace(/sis$/, "ses");
  if (/[^aeiou]y$/.test(words)) return words.replace(/y$/, "ies");
  if (/(?:s|x|z|ch|sh)$/.test(words)) return `${words}es`;
  return `${words}s`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describeAlternative(scope: ClinicalScope, filter: GranularFilter, index: number): string {
  const alternative = filter.alternatives[index];
  if (!alternative) return filter.value;
  const known = findKnownGranularValue(scope.resourceType, filter.base, alternative.system, alternative.code);
  if (known) return known.phrase;
  const system = alternative.system ? ` (${alternative.system})` : "";
  if (alternative.code === null) return `any ${filter.base} from ${alternative.system ?? ""}`;
  if (filter.base === "encounter" || filter.base === "patient" || filter.base === "subject") {
    return `${filter.base} ${alternative.raw}`;
  }
  return `${filter.base.replace(/-/g, " ")} ${alternative.code}${system}`;
}

/**
 * The " — laboratory results only" tail a consent screen adds for a granular scope (empty without filters).
 *
 */
function describeGranularFilters(scope: ClinicalScope): string {
  if (scope.filters.length === 0) return "";
  const parts = scope.filters.map((filter) =>
    joinWords(
      filter.alternatives.map((_, i) => describeAlternative(scope, filter, i)),
      "or",
    ),
  );
  return ` — ${parts.join(", ")} only`;
}

function clinicalObject(scope: ClinicalScope): string {
  const all = scope.resourceType === "*";
  const noun = all ? "" : resourceTypeNoun(scope.resourceType);
  switch (scope.context) {
    case "patient":
      if (all) return "all your data";
      return scope.resourceType === "Patient" ? "your patient record (demographics)" : `your ${noun}`;
    case "user":
      return all ? "all data that you can access" : `${noun} that you can access`;
    case "system":
      return all ? "all data on the server" : `all ${noun} on the server`;
  }
}

function explainClinical(scope: ClinicalScope): ScopeExplanation {
  const p = scope.permissions;
  const verbs = describePermissions(p);
  const title =
    verbs === "nothing"
      ? `Nothing: "${scope.text}" grants no permission`
      : `${capitalise(verbs)} ${clinicalObject(scope)}${describeGranularFilters(scope)}`;
  const details: string[] = [];
  if (!scope.valid) {
    const error = scope.diagnostics.find((d) => d.severity === "error");
    details.push(
      `This scope is not valid, so a server may ignore or reject it: ${error?.message ?? "see diagnostics"}`,
    );
  }
  if (scope.version === 1) {
    details.push(
      `This is SMART v1 syntax (".${scope.permissionsAsWritten}"); a v2 server treats it as "${scope.normalized}": ${verbs}.`,
    );
  }
  if (scope.resourceType === "*") {
    details.push("This covers every type of data, including types the server may add in the future.");
  }
  if ((p.c || p.u || p.d) && !p.r) {
    details.push("Write access does not imply read access: this scope alone does not let the app read these records.");
  }
  if (scope.context === "patient") {
    details.push("Which patient is settled at launch: the chart open in the EHR, or the patient you pick.");
  } else if (scope.context === "user") {
    details.push("Limited to what you yourself may see: the app gets no more access than your account has.");
  } else {
    details.push("No user is involved: the client's own authorization on the server decides what it gets.");
  }
  const translation =
    scope.version === 1
      ? `v1 ${scope.text} = v2 ${scope.normalized}`
      : scope.v1
        ? `v2 ${scope.normalized} = v1 ${scope.v1}`
        : null;
  const specUrl =
    scope.filters.length > 0
      ? SCOPE_SPEC_URLS.finerGrained
      : scope.context === "patient"
        ? SCOPE_SPEC_URLS.patientScopes
        : scope.context === "user"
          ? SCOPE_SPEC_URLS.userScopes
          : SCOPE_SPEC_URLS.systemScopes;
  return {
    scope: scope.text,
    kind: "clinical",
    title,
    details,
    v2: scope.normalized,
    v1: scope.v1,
    translation,
    valid: scope.valid,
    specUrl,
  };
}

function launchTitle(scope: LaunchScope): string {
  const role = scope.role === null ? "" : ` in the role ${scope.role}`;
  switch (scope.launchContext) {
    case null:
      return "Receive the context of the EHR session it is launched from";
    case "patient":
      return `Know which patient is in context (you pick one if the app starts outside the EHR)${role}`;
    case "encounter":
      return `Know which encounter is in context${role}`;
    default: {
      // launch/ types are lowercase (launch/imagingstudy); recover the resource type to name it in words.
      const lower = scope.launchContext;
      const type = FHIR_R4_RESOURCE_TYPES.find((t) => t.toLowerCase() === lower);
      const name = type ? splitWords(type) : lower;
      return `Receive the ${name} selected at launch${role}`;
    }
  }
}

function simple(scope: ParsedScope, title: string, specUrl: string, details: string[] = []): ScopeExplanation {
  return {
    scope: scope.text,
    kind: scope.kind,
    title,
    details,
    v2: null,
    v1: null,
    translation: null,
    valid: scope.valid,
    specUrl,
  };
}

/**
 * Explains one scope in the words of a consent screen: "your …" for patient scopes, "… that you can access" for
 * user scopes, "all … on the server" for system scopes, named granular categories, and the v1↔v2 translation.
 *
 */
export function explainScope(scope: string | ParsedScope): ScopeExplanation {
  const parsed = typeof scope === "string" ? parseScope(scope) : scope;
  if (!parsed) {
    return {
      scope: typeof scope === "string" ? scope : "",
      kind: "unknown",
      title: "No scope",
      details: [],
      v2: null,
      v1: null,
      translation: null,
      valid: false,
      specUrl: SCOPE_SPEC_URLS.quickStart,
    };
  }
  const U = SCOPE_SPEC_URLS;
  switch (parsed.kind) {
    case "clinical":
      return explainClinical(parsed);
    case "launch":
      return simple(parsed, launchTitle(parsed), parsed.launchContext === null ? U.ehrLaunch : U.contextData);
    case "openid":
      return simple(parsed, "Confirm your identity (sign in with OpenID Connect)", U.identity);
    case "fhirUser":
      return simple(parsed, "Know who you are: your user record (e.g. Practitioner or Patient)", U.identity);
    case "profile":
      return simple(parsed, "See your basic profile (OpenID Connect profile claims)", U.identity, [
        "SMART 2 apps use openid fhirUser instead.",
      ]);
    case "offline_access":
      return simple(
        parsed,
        "Keep access after you sign out, until you revoke it (offline refresh token)",
        U.refreshToken,
      );
    case "online_access":
      return simple(parsed, "Keep access while you stay signed in (online refresh token)", U.refreshToken);
    case "extension":
      return simple(parsed, `Custom permission "${parsed.text}" defined by this server`, U.extensibility);
    case "unknown":
      return simple(parsed, `Unrecognised permission "${parsed.text}"`, U.quickStart, [
        "SMART does not define this scope; a server will probably not grant it.",
      ]);
  }
}
