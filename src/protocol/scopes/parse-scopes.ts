import { addListDiagnostics, type ClientKind } from "./add-list-diagnostics.ts";
import { closestMatch } from "./closest-match.ts";
import { DEFAULT_GRANULAR_PARAMS, type GranularParamSupport } from "./default-granular-params.ts";
import { parseClinicalScope } from "./parse-clinical-scope.ts";
import { parseLaunchScope } from "./parse-launch-scope.ts";
import type {
  ClinicalScope,
  ParsedScope,
  ParsedScopeList,
  ScopeContextType,
  SimpleScope,
  SimpleScopeKind,
  SourceRange,
} from "./parsed-scope.ts";
import { makeDiagnostic, type ScopeDiagnostic } from "./scope-diagnostic.ts";
import { type ScopeToken, span } from "./scope-token.ts";

/**
 * Options that change which list-level diagnostics apply.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#system-level-scopes
 */
export interface ParseScopesOptions {
  /**
   * The kind of client asking: a user-facing app (standalone or EHR launch) should not ask for system/ scopes, a
   * backend service only for system/ ones. Unset: neither check runs.
   */
  launch?: ClientKind;
  /** Search parameters the server accepts in granular scopes; defaults to {@link DEFAULT_GRANULAR_PARAMS}. */
  granularParams?: GranularParamSupport;
}

// Maps rather than object literals: a scope named "constructor" or "__proto__" must not hit Object.prototype.
const SIMPLE_KINDS: ReadonlyMap<string, SimpleScopeKind> = new Map([
  ["openid", "openid"],
  ["fhirUser", "fhirUser"],
  ["profile", "profile"],
  ["offline_access", "offline_access"],
  ["online_access", "online_access"],
]);
const KNOWN_SCOPE_NAMES: readonly string[] = [...SIMPLE_KINDS.keys(), "launch", "launch/patient", "launch/encounter"];
const CONTEXTS: readonly ScopeContextType[] = ["patient", "user", "system"];
const SMART_URI_PREFIX = "http://smarthealthit.org/fhir/scopes/";
const OPENID_URI_PREFIX = "http://openid.net/specs/openid-connect-core-1_0#";
// The IG's extension convention: a full URI the server controls, or a name starting with two underscores.
const EXTENSION_PATTERN = /^(?:__|[a-z][a-z0-9+.-]*:\/\/|urn:)/i;

function simpleScope(
  kind: SimpleScopeKind,
  text: string,
  range: SourceRange,
  diagnostics: ScopeDiagnostic[],
): SimpleScope {
  return { kind, text, range, normalized: text, diagnostics, valid: !diagnostics.some((d) => d.severity === "error") };
}

function parseToken(tok: ScopeToken): ParsedScope {
  const { text: t, start, index } = tok;
  const range = span(start, start + t.length);
  const simple = SIMPLE_KINDS.get(t);
  if (simple) return simpleScope(simple, t, range, []);
  if (t === "launch") {
    return {
      kind: "launch",
      text: t,
      range,
      normalized: t,
      diagnostics: [],
      valid: true,
      launchContext: null,
      role: null,
    };
  }
  for (const prefix of [SMART_URI_PREFIX, OPENID_URI_PREFIX]) {
    if (t.startsWith(prefix) && t.length > prefix.length) {
      const short = t.slice(prefix.length);
      return simpleScope("extension", t, range, [
        makeDiagnostic(
          "scope-uri-form",
          index,
          range,
          `"${t}" is the URI representation of the scope "${short}"; the scope parameter uses the short form.`,
          { title: `Change to "${short}"`, replacement: short },
        ),
      ]);
    }
  }
  if (EXTENSION_PATTERN.test(t)) {
    return simpleScope("extension", t, range, [
      makeDiagnostic(
        "extension-scope",
        index,
        range,
        `"${t}" is a custom (extension) scope: only a server that defines it knows what it grants.`,
      ),
    ]);
  }
  const slash = t.indexOf("/");
  if (slash > 0) {
    const prefix = t.slice(0, slash);
    const lower = prefix.toLowerCase();
    if (lower === "launch") return parseLaunchScope(tok, slash);
    const prefixRange = span(start, start + slash);
    const exact = CONTEXTS.find((c) => c === lower);
    if (exact) {
      const diagnostics: ScopeDiagnostic[] = [];
      if (prefix !== exact) {
        diagnostics.push(
          makeDiagnostic(
            "context-capitalized",
            index,
            prefixRange,
            `"${prefix}/" should be lowercase "${exact}/": the access level is lowercase and the resource type is capitalised (patient/Patient.r).`,
            { title: `Change to "${exact}"`, replacement: exact },
          ),
        );
      }
      return parseClinicalScope(tok, slash, exact, diagnostics);
    }
    if (t.indexOf(".", slash) > slash) {
      const guess = closestMatch(lower, CONTEXTS, 2);
      const diagnostic = makeDiagnostic(
        "unknown-context",
        index,
        prefixRange,
        guess
          ? `"${prefix}/" is not an access level. Did you mean "${guess}/"? Resource scopes start with patient/, user/ or system/.`
          : `"${prefix}/" is not an access level: resource scopes start with patient/, user/ or system/.`,
        guess ? { title: `Change to "${guess}"`, replacement: guess } : undefined,
      );
      if (guess) {
        const found = CONTEXTS.find((c) => c === guess) ?? "patient";
        return parseClinicalScope(tok, slash, found, [diagnostic]);
      }
      return simpleScope("unknown", t, range, [diagnostic]);
    }
  }
  const suggestion = closestMatch(t, KNOWN_SCOPE_NAMES, t.length >= 5 ? 2 : 0);
  return simpleScope("unknown", t, range, [
    makeDiagnostic(
      "unknown-scope",
      index,
      range,
      suggestion
        ? `"${t}" is not a SMART scope. Did you mean "${suggestion}"?`
        : `"${t}" is not a scope SMART defines; it is kept, but a server will probably not grant it.`,
      suggestion ? { title: `Change to "${suggestion}"`, replacement: suggestion } : undefined,
    ),
  ]);
}

/**
 * Parses a space-separated scope string into positioned, structured scopes with diagnostics for the editor,
 * the consent screen and the servers; never throws, whatever the input.
 *
 */
export function parseScopes(text: string, options: ParseScopesOptions = {}): ParsedScopeList {
  const source = typeof text === "string" ? text : "";
  const scopes: ParsedScope[] = [];
  const granularParams = options.granularParams ?? DEFAULT_GRANULAR_PARAMS;
  for (const match of source.matchAll(/\S+/g)) {
    const scope = parseToken({ text: match[0], start: match.index, index: scopes.length, granularParams });
    scopes.push(scope);
  }
  addListDiagnostics(scopes, options.launch);
  for (const scope of scopes) {
    scope.diagnostics.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  }
  const clinical = scopes.filter((s): s is ClinicalScope => s.kind === "clinical");
  const valid = clinical.filter((s) => s.valid);
  const v1 = valid.some((s) => s.version === 1);
  const v2 = valid.some((s) => s.version === 2);
  return {
    text: source,
    scopes,
    clinical,
    diagnostics: scopes.flatMap((s) => s.diagnostics),
    clinicalVersion: v1 && v2 ? "mixed" : v1 ? "v1" : v2 ? "v2" : null,
  };
}

/**
 * Parses one scope on its own (the first whitespace-separated token of `text`) with only the diagnostics about
 * its own syntax, none of the list-level ones; null when `text` holds no scope.
 *
 */
export function parseScope(text: string, options: ParseScopesOptions = {}): ParsedScope | null {
  const source = typeof text === "string" ? text : "";
  const match = /\S+/.exec(source);
  if (!match) return null;
  return parseToken({
    text: match[0],
    start: match.index,
    index: 0,
    granularParams: options.granularParams ?? DEFAULT_GRANULAR_PARAMS,
  });
}
