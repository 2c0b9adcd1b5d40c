import { FHIR_R4_RESOURCE_TYPES, isR4ResourceType } from "../fhir/resource-types.ts";
import { clinicalScopeCovers } from "./clinical-scope-covers.ts";
import { closestMatch } from "./closest-match.ts";
import { DEFAULT_GRANULAR_PARAMS, type GranularParamSupport } from "./default-granular-params.ts";
import { describePermissions, permissionLetters, permissionSet } from "./describe-permissions.ts";
import { findKnownGranularValue } from "./known-granular-values.ts";
import type {
  ClinicalScope,
  GranularAlternative,
  GranularFilter,
  LaunchScope,
  ParsedScope,
  ParsedScopeList,
  PermissionSet,
  ScopeContextType,
  SimpleScope,
  SimpleScopeKind,
  SourceRange,
} from "./parsed-scope.ts";
import {
  SCOPE_DIAGNOSTIC_RULES,
  type ScopeDiagnostic,
  type ScopeDiagnosticCode,
  type ScopeFix,
} from "./scope-diagnostic.ts";

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
  launch?: "user-facing" | "backend";
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
const LOWERCASE_TYPES: readonly string[] = FHIR_R4_RESOURCE_TYPES.map((t) => t.toLowerCase());
const LOWERCASE_TYPE_SET: ReadonlySet<string> = new Set(LOWERCASE_TYPES);
const SMART_URI_PREFIX = "http://smarthealthit.org/fhir/scopes/";
const OPENID_URI_PREFIX = "http://openid.net/specs/openid-connect-core-1_0#";
// The IG's extension convention: a full URI the server controls, or a name starting with two underscores.
const EXTENSION_PATTERN = /^(?:__|[a-z][a-z0-9+.-]*:\/\/|urn:)/i;

function makeDiagnostic(
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

function span(start: number, end: number): SourceRange {
  return { start, end };
}

function safeDecode(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

// Re-escapes only what would change how the normalised scope splits, so `|` and `:` stay readable as in the IG.
function encodeQueryPart(value: string): string {
  return value.replace(/[%&#=\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

function maxTypoDistance(length: number): number {
  return Math.max(1, Math.min(3, Math.floor(length / 3)));
}

function parseAlternative(raw: string): GranularAlternative {
  const bar = raw.indexOf("|");
  if (bar < 0) return { raw, system: null, code: raw };
  const code = raw.slice(bar + 1);
  return { raw, system: raw.slice(0, bar), code: code === "" ? null : code };
}

function supportedParams(support: GranularParamSupport, resourceType: string): readonly string[] {
  const everyType = Object.hasOwn(support, "*") ? (support["*"] ?? []) : [];
  if (resourceType === "*" || !Object.hasOwn(support, resourceType)) return everyType;
  return [...(support[resourceType] ?? []), ...everyType];
}

function simpleScope(
  kind: SimpleScopeKind,
  text: string,
  range: SourceRange,
  diagnostics: ScopeDiagnostic[],
): SimpleScope {
  return { kind, text, range, normalized: text, diagnostics, valid: !diagnostics.some((d) => d.severity === "error") };
}

interface TokenContext {
  text: string;
  start: number;
  index: number;
  options: ParseScopesOptions;
}

function parseLaunch(tok: TokenContext, slash: number): LaunchScope {
  const { text: t, start, index } = tok;
  const diagnostics: ScopeDiagnostic[] = [];
  const prefix = t.slice(0, slash);
  if (prefix !== "launch") {
    diagnostics.push(
      makeDiagnostic(
        "launch-scope-not-lowercase",
        index,
        span(start, start + slash),
        `"${prefix}" should be lowercase: launch context scopes always begin with "launch".`,
        { title: 'Change to "launch"', replacement: "launch" },
      ),
    );
  }
  const q = t.indexOf("?", slash + 1);
  const typeEnd = q < 0 ? t.length : q;
  const typeText = t.slice(slash + 1, typeEnd);
  const lower = typeText.toLowerCase();
  const typeRange = span(start + slash + 1, start + typeEnd);
  if (typeText === "") {
    diagnostics.push(
      makeDiagnostic(
        "unknown-launch-context",
        index,
        span(start + slash, start + slash + 1),
        `"${t}" names no context: write launch/patient, launch/encounter or another lowercase resource type.`,
      ),
    );
  } else {
    if (typeText !== lower) {
      diagnostics.push(
        makeDiagnostic(
          "launch-scope-not-lowercase",
          index,
          typeRange,
          `Launch context types are all lowercase: write "launch/${lower}", not "launch/${typeText}".`,
          { title: `Change to "${lower}"`, replacement: lower },
        ),
      );
    }
    if (!LOWERCASE_TYPE_SET.has(lower)) {
      const suggestion = closestMatch(lower, LOWERCASE_TYPES, maxTypoDistance(lower.length));
      diagnostics.push(
        makeDiagnostic(
          "unknown-launch-context",
          index,
          typeRange,
          suggestion
            ? `"${typeText}" is not a FHIR R4 resource type. Did you mean "launch/${suggestion}"?`
            : `"${typeText}" is not a FHIR R4 resource type; launch/<type> asks for a resource of that type as context.`,
          suggestion ? { title: `Change to "${suggestion}"`, replacement: suggestion } : undefined,
        ),
      );
    }
  }
  let role: string | null = null;
  if (q >= 0) {
    const queryText = t.slice(q + 1);
    const decoded = queryText.startsWith("role=") && !queryText.includes("&") ? safeDecode(queryText.slice(5)) : null;
    if (queryText === "") {
      diagnostics.push(
        makeDiagnostic(
          "invalid-launch-query",
          index,
          span(start + q, start + q + 1),
          `"${t}" ends with an empty "?".`,
          {
            title: 'Remove the empty "?"',
            replacement: "",
          },
        ),
      );
    } else if (decoded === null || decoded === "") {
      diagnostics.push(
        makeDiagnostic(
          "invalid-launch-query",
          index,
          span(start + q, start + t.length),
          `A launch context scope takes a single "?role=<uri>" and nothing else; to ask for several roles, request several scopes.`,
        ),
      );
    } else {
      role = decoded;
    }
  }
  const normalized = typeText === "" ? t : `launch/${lower}${role === null ? "" : `?role=${encodeQueryPart(role)}`}`;
  return {
    kind: "launch",
    text: t,
    range: span(start, start + t.length),
    normalized,
    diagnostics,
    valid: !diagnostics.some((d) => d.severity === "error"),
    launchContext: typeText === "" ? null : lower,
    role,
  };
}

function parsePermissions(
  tok: TokenContext,
  dot: number,
  mainEnd: number,
  diagnostics: ScopeDiagnostic[],
): { permissions: PermissionSet; version: 1 | 2; asWritten: string } {
  const { text: t, start, index } = tok;
  const asWritten = t.slice(dot + 1, mainEnd);
  const range = span(start + dot + 1, start + mainEnd);
  if (asWritten === "read") return { permissions: permissionSet("rs"), version: 1, asWritten };
  if (asWritten === "write") return { permissions: permissionSet("cud"), version: 1, asWritten };
  if (asWritten === "*") return { permissions: permissionSet("cruds"), version: 1, asWritten };
  const lowerWord = asWritten.toLowerCase();
  if (lowerWord === "read" || lowerWord === "write") {
    diagnostics.push(
      makeDiagnostic(
        "unknown-permission",
        index,
        range,
        `".${asWritten}" should be lowercase: the v1 permission is ".${lowerWord}".`,
        { title: `Change to ".${lowerWord}"`, replacement: lowerWord },
      ),
    );
    return { permissions: permissionSet(lowerWord === "read" ? "rs" : "cud"), version: 1, asWritten };
  }
  const unknown: string[] = [];
  const seen = new Set<string>();
  let repeated = false;
  let ordered = true;
  let highest = -1;
  for (const ch of asWritten) {
    const position = "cruds".indexOf(ch);
    if (ch.length !== 1 || position < 0) {
      unknown.push(ch);
      continue;
    }
    if (seen.has(ch)) repeated = true;
    seen.add(ch);
    if (position < highest) ordered = false;
    highest = Math.max(highest, position);
  }
  const permissions = permissionSet([...seen].join(""));
  const canonical = permissionLetters(permissions);
  if (unknown.length > 0) {
    const lowered = asWritten.toLowerCase();
    const allLetters = [...lowered].every((ch) => "cruds".includes(ch));
    let fix: ScopeFix | undefined;
    if (allLetters) {
      const letters = permissionLetters(permissionSet(lowered));
      fix = { title: `Change to ".${letters}"`, replacement: letters };
    } else {
      const word = closestMatch(lowered, ["read", "write"], asWritten.length >= 3 ? 1 : 0);
      if (word) fix = { title: `Change to ".${word}"`, replacement: word };
    }
    const list = [...new Set(unknown)].map((ch) => `"${ch}"`).join(", ");
    diagnostics.push(
      makeDiagnostic(
        "unknown-permission",
        index,
        range,
        `".${asWritten}" contains ${unknown.length === 1 ? "an unknown permission" : "unknown permissions"} ${list}: the permissions are the letters c, r, u, d, s (in that order), or the v1 words read, write, *.`,
        fix,
      ),
    );
  } else if (repeated) {
    diagnostics.push(
      makeDiagnostic(
        "repeated-permission",
        index,
        range,
        `".${asWritten}" repeats a permission letter: write ".${canonical}".`,
        { title: `Change to ".${canonical}"`, replacement: canonical },
      ),
    );
  } else if (!ordered) {
    diagnostics.push(
      makeDiagnostic(
        "permissions-out-of-order",
        index,
        range,
        `".${asWritten}" lists the permissions out of order: write ".${canonical}". Valid suffixes are a subset of the in-order string .cruds, and servers may ignore or reject others.`,
        { title: `Change to ".${canonical}"`, replacement: canonical },
      ),
    );
  }
  return { permissions, version: 2, asWritten };
}

function parseQuery(
  tok: TokenContext,
  q: number,
  resourceType: string,
  diagnostics: ScopeDiagnostic[],
): { query: [string, string][]; filters: GranularFilter[] } {
  const { text: t, start, index, options } = tok;
  const query: [string, string][] = [];
  const filters: GranularFilter[] = [];
  const queryText = t.slice(q + 1);
  const queryStart = start + q + 1;
  if (/^&*$/.test(queryText)) {
    diagnostics.push(
      makeDiagnostic(
        "malformed-query",
        index,
        span(start + q, start + t.length),
        `"${t}" has a "?" but no param=value constraint after it.`,
        { title: "Remove the empty query", replacement: "" },
      ),
    );
    return { query, filters };
  }
  const support = options.granularParams ?? DEFAULT_GRANULAR_PARAMS;
  const supported = supportedParams(support, resourceType);
  const parts = queryText.split("&");
  let offset = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? "";
    const partStart = queryStart + offset;
    offset += part.length + 1;
    const partRange = span(partStart, partStart + part.length);
    if (part === "") {
      const ampersand = i < parts.length - 1 ? span(partStart, partStart + 1) : span(partStart - 1, partStart);
      diagnostics.push(
        makeDiagnostic("malformed-query", index, ampersand, `"${t}" has an empty constraint between "&" separators.`, {
          title: 'Remove the extra "&"',
          replacement: "",
        }),
      );
      continue;
    }
    const eq = part.indexOf("=");
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? "" : part.slice(eq + 1);
    const name = safeDecode(rawName);
    const value = safeDecode(rawValue);
    let problem: string | null = null;
    if (eq < 0) problem = `"${part}" has no "=": each granular constraint is param=value.`;
    else if (rawName === "") problem = `"${part}" has no parameter name before "=".`;
    else if (rawValue === "") problem = `"${part}" has no value after "=".`;
    else if (name === null || value === null) problem = `"${part}" contains a broken %-escape.`;
    if (problem !== null || name === null || value === null) {
      diagnostics.push(makeDiagnostic("malformed-query", index, partRange, problem ?? `"${part}" is malformed.`));
      continue;
    }
    const dotAt = name.indexOf(".");
    const chain = dotAt < 0 ? null : name.slice(dotAt + 1);
    let base = dotAt < 0 ? name : name.slice(0, dotAt);
    const colon = base.indexOf(":");
    const modifier = colon < 0 ? null : base.slice(colon + 1);
    if (colon >= 0) base = base.slice(0, colon);
    const alternatives = value.split(",").map(parseAlternative);
    filters.push({ name, base, modifier, chain, value, alternatives, range: partRange });
    query.push([name, value]);

    const typeLabel = resourceType === "*" ? "wildcard (*)" : resourceType;
    const supportedList = supported.length > 0 ? supported.join(", ") : "none";
    if (chain !== null) {
      const fixable = (chain === "id" || chain === "_id") && supported.includes(base);
      diagnostics.push(
        makeDiagnostic(
          "unsupported-granular-param",
          index,
          partRange,
          fixable
            ? `"${name}" is not a search parameter: to limit ${resourceType} to one ${base}, write "${base}=${rawValue}".`
            : `"${name}" chains through "${base}": the IG lists chained parameters as experimental and this server does not support them (supported for ${typeLabel}: ${supportedList}).`,
          fixable ? { title: `Change to "${base}=${rawValue}"`, replacement: `${base}=${rawValue}` } : undefined,
        ),
      );
    } else if (modifier !== null) {
      diagnostics.push(
        makeDiagnostic(
          "unsupported-granular-param",
          index,
          partRange,
          `"${name}" uses the ":${modifier}" modifier: the IG lists search modifiers as experimental and this server does not support them.`,
        ),
      );
    } else if (!supported.includes(base)) {
      diagnostics.push(
        makeDiagnostic(
          "unsupported-granular-param",
          index,
          partRange,
          base === "_filter"
            ? `"_filter" is experimental in the IG and this server does not support it in scopes.`
            : `This server does not support "${base}" in granular ${typeLabel} scopes (supported: ${supportedList}).`,
        ),
      );
    } else {
      const knownForBare = alternatives.map((a) =>
        a.system === null ? findKnownGranularValue(resourceType, base, null, a.code) : undefined,
      );
      const firstKnown = knownForBare.find((k) => k !== undefined);
      if (firstKnown) {
        const rewritten = rawValue
          .split(",")
          .map((alt, i) => {
            const known = knownForBare[i];
            return known ? `${known.system}|${alt}` : alt;
          })
          .join(",");
        diagnostics.push(
          makeDiagnostic(
            "granular-value-without-system",
            index,
            span(partStart + rawName.length + 1, partStart + part.length),
            `"${value}" has no code system, so it matches "${firstKnown.code}" in any code system; the IG's form is system|code, here "${firstKnown.system}|${firstKnown.code}".`,
            { title: "Add the code system", replacement: rewritten },
          ),
        );
      }
    }
  }
  return { query, filters };
}

function parseClinical(
  tok: TokenContext,
  slash: number,
  context: ScopeContextType,
  diagnostics: ScopeDiagnostic[],
): ClinicalScope {
  const { text: t, start, index } = tok;
  const q = t.indexOf("?", slash + 1);
  const mainEnd = q < 0 ? t.length : q;
  const dotAt = t.indexOf(".", slash + 1);
  const dot = dotAt >= 0 && dotAt < mainEnd ? dotAt : -1;
  const typeEnd = dot < 0 ? mainEnd : dot;
  const resourceType = t.slice(slash + 1, typeEnd);
  const typeRange = span(start + slash + 1, start + typeEnd);

  if (resourceType === "") {
    diagnostics.push(
      makeDiagnostic(
        "unknown-resource-type",
        index,
        span(start + slash, start + slash + 1),
        `"${t}" names no resource type: put a FHIR resource type (e.g. Observation) or * after the "/".`,
      ),
    );
  } else if (resourceType !== "*" && !isR4ResourceType(resourceType)) {
    const suggestion = closestMatch(resourceType, FHIR_R4_RESOURCE_TYPES, maxTypoDistance(resourceType.length));
    diagnostics.push(
      makeDiagnostic(
        "unknown-resource-type",
        index,
        typeRange,
        suggestion
          ? `"${resourceType}" is not a FHIR R4 resource type. Did you mean "${suggestion}"?`
          : `"${resourceType}" is not a FHIR R4 resource type: use a type such as Observation, or * for every type.`,
        suggestion ? { title: `Change to "${suggestion}"`, replacement: suggestion } : undefined,
      ),
    );
  }

  let permissions = permissionSet("");
  let version: 1 | 2 = 2;
  let permissionsAsWritten = "";
  let permissionsRange = span(start + mainEnd, start + mainEnd);
  if (dot < 0) {
    diagnostics.push(
      makeDiagnostic(
        "missing-permissions",
        index,
        resourceType === "" ? span(start + slash, start + slash + 1) : typeRange,
        `"${t}" has no permissions: end it with .cruds letters, e.g. ".rs" to read and search.`,
        resourceType === "" ? undefined : { title: 'Add ".rs" (read and search)', replacement: `${resourceType}.rs` },
      ),
    );
  } else if (dot + 1 === mainEnd) {
    diagnostics.push(
      makeDiagnostic(
        "missing-permissions",
        index,
        span(start + dot, start + dot + 1),
        `"${t}" has no permission letters after the ".": e.g. ".rs" to read and search.`,
        { title: 'Add ".rs" (read and search)', replacement: ".rs" },
      ),
    );
  } else {
    ({ permissions, version, asWritten: permissionsAsWritten } = parsePermissions(tok, dot, mainEnd, diagnostics));
    permissionsRange = span(start + dot + 1, start + mainEnd);
  }

  const letters = permissionLetters(permissions);
  let query: [string, string][] = [];
  let filters: GranularFilter[] = [];
  if (q >= 0) {
    if (version === 1) {
      diagnostics.push(
        makeDiagnostic(
          "v1-with-query",
          index,
          permissionsRange,
          `Granular "?…" constraints exist only in SMART v2: write ".${letters}" instead of ".${permissionsAsWritten}".`,
          { title: `Change to ".${letters}"`, replacement: letters },
        ),
      );
    }
    ({ query, filters } = parseQuery(tok, q, resourceType, diagnostics));
  }

  const queryString = query.map(([n, v]) => `${encodeQueryPart(n)}=${encodeQueryPart(v)}`).join("&");
  const normalized = `${context}/${resourceType}.${letters}${queryString === "" ? "" : `?${queryString}`}`;
  const v1Word = letters === "rs" ? "read" : letters === "cud" ? "write" : letters === "cruds" ? "*" : null;
  return {
    kind: "clinical",
    text: t,
    range: span(start, start + t.length),
    normalized,
    diagnostics,
    valid: !diagnostics.some((d) => d.severity === "error"),
    version,
    context,
    contextAsWritten: t.slice(0, slash),
    resourceType,
    permissions,
    permissionsAsWritten,
    query,
    filters,
    v1: v1Word !== null && query.length === 0 ? `${context}/${resourceType}.${v1Word}` : null,
  };
}

function parseToken(tok: TokenContext): ParsedScope {
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
    if (lower === "launch") return parseLaunch(tok, slash);
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
      return parseClinical(tok, slash, exact, diagnostics);
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
        return parseClinical(tok, slash, found, [diagnostic]);
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

function contextRange(scope: ClinicalScope): SourceRange {
  return span(scope.range.start, scope.range.start + scope.contextAsWritten.length);
}

function removeFix(title: string): ScopeFix {
  return { title, replacement: "" };
}

function addListDiagnostics(scopes: readonly ParsedScope[], options: ParseScopesOptions): void {
  const add = (scope: ParsedScope, diagnostic: ScopeDiagnostic) => scope.diagnostics.push(diagnostic);
  // Invalid scopes are compared by text only: their normalised form is a best guess, not a meaning.
  const firstByKey = new Map<string, ParsedScope>();
  const duplicates = new Set<ParsedScope>();
  scopes.forEach((scope, i) => {
    const key = scope.valid ? `valid ${scope.normalized}` : `text ${scope.text}`;
    const first = firstByKey.get(key);
    if (!first) {
      firstByKey.set(key, scope);
      return;
    }
    duplicates.add(scope);
    add(
      scope,
      makeDiagnostic(
        "duplicate-scope",
        i,
        scope.range,
        first.text === scope.text
          ? `"${scope.text}" is requested twice; remove the repeat.`
          : `"${scope.text}" asks for the same access as "${first.text}" (both mean ${scope.normalized}); remove one.`,
        removeFix("Remove the duplicate"),
        { scope: first.text, range: first.range },
      ),
    );
  });

  const clinical = scopes.filter((s): s is ClinicalScope => s.kind === "clinical");
  const validClinical = clinical.filter((s) => s.valid);
  const candidates = validClinical.filter((s) => !duplicates.has(s));
  for (const inner of candidates) {
    for (const outer of candidates) {
      if (inner === outer || !clinicalScopeCovers(outer, inner)) continue;
      // Two differently written but equivalent scopes cover each other: flag only the later one.
      if (clinicalScopeCovers(inner, outer) && inner.range.start < outer.range.start) continue;
      add(
        inner,
        makeDiagnostic(
          "subsumed-scope",
          scopes.indexOf(inner),
          inner.range,
          `"${inner.text}" is already covered by "${outer.text}", which grants ${describePermissions(outer.permissions)} on ${outer.resourceType === "*" ? "every resource type" : outer.resourceType}; it adds nothing.`,
          removeFix(`Remove (covered by ${outer.text})`),
          { scope: outer.text, range: outer.range },
        ),
      );
      break;
    }
  }

  const hasV2 = validClinical.some((s) => s.version === 2);
  for (const scope of validClinical) {
    if (scope.version !== 1) continue;
    const fix = { title: `Use the v2 form "${scope.normalized}"`, replacement: scope.normalized };
    add(
      scope,
      hasV2
        ? makeDiagnostic(
            "mixed-scope-versions",
            scopes.indexOf(scope),
            scope.range,
            `"${scope.text}" is a v1 scope but this request also has v2 scopes; servers answer v1 requests in v1 terms, so mixing makes the grant hard to read. Use "${scope.normalized}".`,
            fix,
          )
        : makeDiagnostic(
            "v1-scope",
            scopes.indexOf(scope),
            scope.range,
            `"${scope.text}" is SMART v1 syntax; a v2 server reads it as "${scope.normalized}" (${describePermissions(scope.permissions)}) and answers in v1 terms.`,
            fix,
          ),
    );
  }

  if (options.launch !== "backend") {
    const firstPatient = clinical.find((s) => s.context === "patient");
    const asksPatient = scopes.some(
      (s) => s.kind === "launch" && (s.launchContext === null || s.launchContext === "patient"),
    );
    if (firstPatient && !asksPatient) {
      add(
        firstPatient,
        makeDiagnostic(
          "patient-scope-without-launch",
          scopes.indexOf(firstPatient),
          firstPatient.range,
          `"${firstPatient.text}" needs a patient in context, but the request has neither launch/patient (standalone launch) nor launch (EHR launch); a server may refuse it or infer launch/patient.`,
          { title: "Add launch/patient", replacement: `${firstPatient.text} launch/patient` },
        ),
      );
    }
  }

  const offline = scopes.findIndex((s) => s.kind === "offline_access");
  const online = scopes.findIndex((s) => s.kind === "online_access");
  if (offline >= 0 && online >= 0) {
    // Flag every scope of the kind requested second, so removing any one of them makes progress.
    const laterKind = offline > online ? "offline_access" : "online_access";
    scopes.forEach((scope, i) => {
      if (scope.kind !== laterKind) return;
      add(
        scope,
        makeDiagnostic(
          "offline-and-online-access",
          i,
          scope.range,
          "Request either offline_access or online_access, not both: an offline refresh token keeps working after the user signs out, an online one only while they stay signed in.",
          removeFix(`Remove ${scope.text}`),
        ),
      );
    });
  }

  if (options.launch === "user-facing") {
    for (const scope of clinical) {
      if (scope.context !== "system") continue;
      add(
        scope,
        makeDiagnostic(
          "system-scope-in-user-facing-launch",
          scopes.indexOf(scope),
          contextRange(scope),
          `"${scope.text}" is a system-level scope, meant for backend services with no user in the loop; a user-facing app asks for user/ or patient/ scopes.`,
          { title: 'Change to "user"', replacement: "user" },
        ),
      );
    }
  }

  if (options.launch === "backend") {
    scopes.forEach((scope, i) => {
      if (scope.kind === "clinical" && scope.context !== "system") {
        add(
          scope,
          makeDiagnostic(
            "not-for-backend-services",
            i,
            contextRange(scope),
            `"${scope.text}" needs a ${scope.context === "patient" ? "patient in context" : "signed-in user"}, which a backend service does not have: request system/ scopes.`,
            { title: 'Change to "system"', replacement: "system" },
          ),
        );
      } else if (
        scope.kind === "launch" ||
        scope.kind === "openid" ||
        scope.kind === "fhirUser" ||
        scope.kind === "profile" ||
        scope.kind === "offline_access" ||
        scope.kind === "online_access"
      ) {
        add(
          scope,
          makeDiagnostic(
            "not-for-backend-services",
            i,
            scope.range,
            `"${scope.text}" belongs to user-facing launches; a backend service has no user, launch or refresh token.`,
            removeFix(`Remove ${scope.text}`),
          ),
        );
      }
    });
  }

  for (const scope of validClinical) {
    const p = scope.permissions;
    if (!(p.c || p.u || p.d) || p.r) continue;
    const canRead = validClinical.some(
      (o) =>
        o.permissions.r &&
        o.context === scope.context &&
        (o.resourceType === "*" || o.resourceType === scope.resourceType),
    );
    if (canRead) continue;
    const what = scope.resourceType === "*" ? "resources" : scope.resourceType;
    add(
      scope,
      makeDiagnostic(
        "write-without-read",
        scopes.indexOf(scope),
        scope.range,
        `"${scope.text}" lets the app ${describePermissions(p)} ${what} but not read them: write access does not imply read access.`,
      ),
    );
  }

  const hasOpenid = scopes.some((s) => s.kind === "openid");
  const hasFhirUser = scopes.some((s) => s.kind === "fhirUser");
  scopes.forEach((scope, i) => {
    if (scope.kind === "fhirUser" && !hasOpenid) {
      add(
        scope,
        makeDiagnostic(
          "fhiruser-without-openid",
          i,
          scope.range,
          "fhirUser arrives as a claim in the id_token, and only openid asks for an id_token: request openid fhirUser.",
          { title: "Add openid", replacement: "openid fhirUser" },
        ),
      );
    }
    if (scope.kind === "profile") {
      add(
        scope,
        makeDiagnostic(
          "profile-scope",
          i,
          scope.range,
          "profile is an OpenID Connect scope (SMART v1 accepted it); SMART 2 apps learn who the user is with openid fhirUser.",
          hasFhirUser ? undefined : { title: "Change to fhirUser", replacement: "fhirUser" },
        ),
      );
    }
  });
}

/**
 * Parses a space-separated scope string into positioned, structured scopes with diagnostics for the editor,
 * the consent screen and the servers; never throws, whatever the input.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#fhir-resource-scope-syntax
 */
export function parseScopes(text: string, options: ParseScopesOptions = {}): ParsedScopeList {
  const source = typeof text === "string" ? text : "";
  const scopes: ParsedScope[] = [];
  for (const match of source.matchAll(/\S+/g)) {
    const scope = parseToken({ text: match[0], start: match.index, index: scopes.length, options });
    scopes.push(scope);
  }
  addListDiagnostics(scopes, options);
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
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#fhir-resource-scope-syntax
 */
export function parseScope(text: string, options: ParseScopesOptions = {}): ParsedScope | null {
  const source = typeof text === "string" ? text : "";
  const match = /\S+/.exec(source);
  if (!match) return null;
  return parseToken({ text: match[0], start: match.index, index: 0, options });
}
