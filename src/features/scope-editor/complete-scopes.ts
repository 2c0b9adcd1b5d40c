import { FHIR_R4_RESOURCE_TYPES } from "../../protocol/fhir/resource-types.ts";
import { DEFAULT_GRANULAR_PARAMS } from "../../protocol/scopes/default-granular-params.ts";
import { describePermissions, permissionSet } from "../../protocol/scopes/describe-permissions.ts";
import { explainScope, resourceTypeNoun } from "../../protocol/scopes/explain-scope.ts";
import { findKnownGranularValue, KNOWN_GRANULAR_VALUES } from "../../protocol/scopes/known-granular-values.ts";
import { type ParseScopesOptions, parseScopes } from "../../protocol/scopes/parse-scopes.ts";
import type { ScopeDiagnosticCode } from "../../protocol/scopes/scope-diagnostic.ts";

/** What a suggestion completes, so the editor can pick an icon for it. */
export type ScopeCompletionKind =
  | "scope"
  | "context"
  | "resource-type"
  | "permissions"
  | "launch-context"
  | "parameter"
  | "value";

/** One suggestion for the scope text at the cursor. */
interface ScopeCompletion {
  label: string;
  insertText: string;
  kind: ScopeCompletionKind;
  /** A short plain-language gloss shown beside the label ("read and search", "laboratory results"). */
  detail: string;
  /** Ask the editor to suggest again after inserting, e.g. resource types right after `patient/`. */
  retrigger: boolean;
  /** Orders the suggestions before the editor ranks them by how well they match what was typed. */
  sortText: string;
}

/**
 * The suggestions for a cursor position: `[start, offset)` is what was typed of the part being completed, and
 * `[start, end)` the whole part, which a suggestion replaces in the editor's replace mode.
 */
export interface ScopeCompletionResult {
  start: number;
  end: number;
  items: ScopeCompletion[];
}

const CONTEXTS = [
  { name: "patient", detail: "data about the patient in context", example: "patient/Patient.rs" },
  { name: "user", detail: "data the signed-in user may access", example: "user/Patient.rs" },
  { name: "system", detail: "backend services, no user in the loop", example: "system/Patient.rs" },
] as const;

// Context, identity and refresh scopes a learner types whole; `profile` is left out because SMART 2 replaced it.
const WHOLE_SCOPES = [
  "openid",
  "fhirUser",
  "launch",
  "launch/patient",
  "launch/encounter",
  "offline_access",
  "online_access",
];

const PREFERRED_LAUNCH_CONTEXTS = ["patient", "encounter"];

// The diagnostics that say a scope does not belong to this kind of launch: suggestions that would raise them
// are left out, so the editor never proposes what the engine would then flag.
const WRONG_LAUNCH: readonly ScopeDiagnosticCode[] = ["system-scope-in-user-facing-launch", "not-for-backend-services"];

function rejectedForLaunch(scope: string, options: ParseScopesOptions): boolean {
  if (!options.launch) return false;
  return parseScopes(scope, options).diagnostics.some((d) => WRONG_LAUNCH.includes(d.code));
}

function hasError(scope: string, options: ParseScopesOptions): boolean {
  return parseScopes(scope, options).diagnostics.some((d) => d.severity === "error");
}

function sortKey(index: number): string {
  return String(index).padStart(4, "0");
}

function isWhitespace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

/** End of the part starting at `from`: the first of `stops` or whitespace, or the end of the text. */
function partEnd(text: string, from: number, stops: string): number {
  let i = from;
  while (i < text.length && !isWhitespace(text[i]) && !stops.includes(text[i] ?? "")) i++;
  return i;
}

function wholeScopeItems(text: string, tokenStart: number, offset: number, options: ParseScopesOptions) {
  const present = new Set(
    parseScopes(text)
      .scopes.filter((s) => s.range.start !== tokenStart)
      .map((s) => s.text),
  );
  const items: ScopeCompletion[] = [];
  for (const context of CONTEXTS) {
    if (rejectedForLaunch(context.example, options)) continue;
    items.push({
      label: `${context.name}/`,
      insertText: `${context.name}/`,
      kind: "context",
      detail: context.detail,
      retrigger: true,
      sortText: sortKey(items.length),
    });
  }
  for (const scope of WHOLE_SCOPES) {
    if (present.has(scope) || rejectedForLaunch(scope, options)) continue;
    items.push({
      label: scope,
      insertText: scope,
      kind: "scope",
      detail: explainScope(scope).title,
      retrigger: false,
      sortText: sortKey(items.length),
    });
  }
  return { start: tokenStart, end: partEnd(text, offset, ""), items };
}

function launchContextItems(text: string, start: number, offset: number): ScopeCompletionResult {
  const names = [
    ...PREFERRED_LAUNCH_CONTEXTS,
    ...FHIR_R4_RESOURCE_TYPES.map((t) => t.toLowerCase()).filter((t) => !PREFERRED_LAUNCH_CONTEXTS.includes(t)),
  ];
  const items = names.map((name, i) => ({
    label: name,
    insertText: name,
    kind: "launch-context" as const,
    detail: explainScope(`launch/${name}`).title,
    retrigger: false,
    sortText: sortKey(i),
  }));
  return { start, end: partEnd(text, offset, "?"), items };
}

function resourceTypeItems(text: string, start: number, offset: number): ScopeCompletionResult {
  const end = partEnd(text, offset, ".?");
  // Add the "." (and suggest permissions next) only when the scope does not have its permissions yet.
  const hasDot = text[end] === "." || text[end] === "?";
  const items = ["*", ...FHIR_R4_RESOURCE_TYPES].map((type, i) => ({
    label: type,
    insertText: hasDot ? type : `${type}.`,
    kind: "resource-type" as const,
    detail: type === "*" ? "every resource type" : resourceTypeNoun(type),
    retrigger: !hasDot,
    sortText: sortKey(i),
  }));
  return { start, end, items };
}

function permissionItems(
  context: string,
  typed: string,
  start: number,
  offset: number,
  options: ParseScopesOptions,
): ScopeCompletionResult {
  // Each continuation adds one letter after the last typed one (cruds order), plus the usual full sets; the
  // engine decides which are valid, so nothing here restates the ordering rule.
  const candidates = [..."cruds"].map((letter) => typed + letter);
  for (const common of ["rs", "cruds"]) if (common.startsWith(typed)) candidates.push(common);
  const items: ScopeCompletion[] = [];
  for (const letters of new Set(candidates)) {
    // Checked on the wildcard type, so a misspelt resource type elsewhere in the scope does not hide them.
    if (letters === typed || hasError(`${context}/*.${letters}`, { ...options, launch: undefined })) continue;
    items.push({
      label: letters,
      insertText: letters,
      kind: "permissions",
      detail: describePermissions(permissionSet(letters)),
      retrigger: false,
      sortText: sortKey(items.length),
    });
  }
  return { start, end: offset, items };
}

function parameterItems(
  scopeHead: string,
  text: string,
  start: number,
  offset: number,
  options: ParseScopesOptions,
): ScopeCompletionResult {
  const support = options.granularParams ?? DEFAULT_GRANULAR_PARAMS;
  const names = [...new Set(Object.values(support).flat())].sort();
  const items: ScopeCompletion[] = [];
  for (const name of names) {
    // The engine knows which parameters this server accepts for the type: ask it with a sample value.
    const sample = parseScopes(`${scopeHead}?${name}=x`, { ...options, launch: undefined });
    if (sample.diagnostics.some((d) => d.code === "unsupported-granular-param" || d.severity === "error")) continue;
    items.push({
      label: name,
      insertText: `${name}=`,
      kind: "parameter",
      detail: "search parameter",
      retrigger: true,
      sortText: sortKey(items.length),
    });
  }
  return { start, end: partEnd(text, offset, "=&"), items };
}

function valueItems(
  resourceType: string,
  param: string,
  text: string,
  start: number,
  offset: number,
): ScopeCompletionResult {
  const items: ScopeCompletion[] = [];
  for (const value of KNOWN_GRANULAR_VALUES) {
    if (!findKnownGranularValue(resourceType, param, value.system, value.code)) continue;
    const token = `${value.system}|${value.code}`;
    items.push({
      label: token,
      insertText: token,
      kind: "value",
      detail: value.phrase,
      retrigger: false,
      sortText: sortKey(items.length),
    });
  }
  return { start, end: partEnd(text, offset, "&,"), items };
}

/**
 * The suggestions at `offset` in a scope string: whole scopes and contexts at the start of a scope, resource
 * types after `patient/`, `user/` or `system/`, permission letters after the dot (only valid continuations, in
 * cruds order), search parameters after `?` and known values after `param=`. Every candidate is checked with the
 * scope engine, so the editor suggests only what the server's rules accept.
 */
export function completeScopes(text: string, offset: number, options: ParseScopesOptions = {}): ScopeCompletionResult {
  const at = Math.max(0, Math.min(offset, text.length));
  let tokenStart = at;
  while (tokenStart > 0 && !isWhitespace(text[tokenStart - 1])) tokenStart--;
  const prefix = text.slice(tokenStart, at);
  const slash = prefix.indexOf("/");
  const head = slash < 0 ? prefix : prefix.slice(0, slash);
  const lowerHead = head.toLowerCase();

  if (slash > 0 && lowerHead === "launch") {
    if (prefix.includes("?")) return { start: at, end: at, items: [] };
    return launchContextItems(text, tokenStart + slash + 1, at);
  }
  const context = CONTEXTS.find((c) => c.name === lowerHead);
  if (slash < 0 || !context) return wholeScopeItems(text, tokenStart, at, options);

  const q = prefix.indexOf("?", slash + 1);
  const mainEnd = q < 0 ? prefix.length : q;
  const dot = prefix.indexOf(".", slash + 1);
  if (dot < 0 || dot > mainEnd) return resourceTypeItems(text, tokenStart + slash + 1, at);

  const resourceType = prefix.slice(slash + 1, dot);
  const scopeHead = `${lowerHead}/${resourceType}`;
  if (q < 0) return permissionItems(lowerHead, prefix.slice(dot + 1), tokenStart + dot + 1, at, options);

  // Parameter support depends on the resource type only, so it is asked with plain ".rs" letters.
  const scopeWithLetters = `${scopeHead}.rs`;
  const query = prefix.slice(q + 1);
  const partStart = query.lastIndexOf("&") + 1;
  const part = query.slice(partStart);
  const eq = part.indexOf("=");
  const partOffset = tokenStart + q + 1 + partStart;
  if (eq < 0) return parameterItems(scopeWithLetters, text, partOffset, at, options);
  const value = part.slice(eq + 1);
  const valueStart = partOffset + eq + 1 + value.lastIndexOf(",") + 1;
  return valueItems(resourceType, part.slice(0, eq), text, valueStart, at);
}
