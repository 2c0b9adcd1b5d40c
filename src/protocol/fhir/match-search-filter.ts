import { evaluateSearchExpression, type PathValue } from "./evaluate-search-expression.ts";
import { type DateRange, fhirDateRange, periodRange } from "./fhir-date-range.ts";
import { type FhirResource, isJsonObject } from "./fhir-resource.ts";
import { normalizeSearchString, type SearchFilter, type SearchPrefix, type SearchValue } from "./parse-search-query.ts";
import type { SearchParameterDefinition } from "./search-parameters.ts";

/** A code as a token parameter sees it: system (absent when none), code, and the text used by `:text`. @see https://hl7.org/fhir/R4/search.html#token */
export interface TokenValue {
  system?: string;
  code: string;
  text?: string;
}

/** What the matcher needs from its caller: the clock for `ap` dates. */
export interface MatchContext {
  now: number;
}

const CONTACT_SYSTEMS = new Set(["phone", "fax", "email", "pager", "url", "sms", "other"]);

/**
 * Tells whether `resource` satisfies one search filter (any of its OR-ed values), following the matching rules
 * of the parameter's type, prefix and modifier.
 */
export function matchesSearchFilter(resource: FhirResource, filter: SearchFilter, context: MatchContext): boolean {
  const nodes = evaluateSearchExpression(resource, filter.definition.expression);
  const first = filter.values[0];
  if (first?.kind === "missing") return first.missing === (nodes.length === 0);
  if (filter.modifier === "not") {
    // :not matches resources with no value equal to the token, including those without the element at all.
    return !filter.values.some((value) => nodes.some((node) => matchesValue(node, value, filter, context)));
  }
  return filter.values.some((value) => nodes.some((node) => matchesValue(node, value, filter, context)));
}

function matchesValue(node: PathValue, value: SearchValue, filter: SearchFilter, context: MatchContext): boolean {
  switch (value.kind) {
    case "missing":
      return true;
    case "token":
      return tokenValuesOf(node).some((token) => matchesToken(token, value, filter.modifier));
    case "reference":
      return matchesReference(node.value, value, filter.definition);
    case "date": {
      const target = dateRangeOf(node);
      return target !== undefined && compareRanges(value.prefix, value.range, target, context.now);
    }
    case "number":
      return typeof node.value === "number" && comparePoint(value.prefix, value, node.value);
    case "quantity": {
      if (!isJsonObject(node.value) || typeof node.value.value !== "number") return false;
      const quantity = node.value;
      if (value.system !== undefined && quantity.system !== value.system) return false;
      if (value.code !== undefined && quantity.code !== value.code && quantity.unit !== value.code) return false;
      return comparePoint(value.prefix, value, node.value.value as number);
    }
    case "string":
      return stringValuesOf(node.value).some((text) => {
        if (filter.modifier === "exact") return text === value.text;
        const normalized = normalizeSearchString(text);
        return filter.modifier === "contains"
          ? normalized.includes(value.normalized)
          : normalized.startsWith(value.normalized);
      });
    case "uri": {
      if (typeof node.value !== "string") return false;
      if (filter.modifier === "below") return node.value.startsWith(value.text);
      if (filter.modifier === "above") return value.text.startsWith(node.value);
      return node.value === value.text;
    }
  }
}

function matchesToken(token: TokenValue, value: Extract<SearchValue, { kind: "token" }>, modifier?: string): boolean {
  if (modifier === "text") {
    return token.text !== undefined && normalizeSearchString(token.text).includes(normalizeSearchString(value.text));
  }
  if (value.system !== undefined) {
    if (value.system === "" ? token.system !== undefined : token.system !== value.system) return false;
  }
  return value.code === undefined || token.code === value.code;
}

/**
 * The codes a value holds for token search: a code/string/boolean, each Coding of a CodeableConcept, a Coding,
 * an Identifier (system|value) or a ContactPoint (value).
 */
export function tokenValuesOf(node: PathValue): TokenValue[] {
  const value = node.value;
  if (typeof value === "string" || typeof value === "boolean" || typeof value === "number")
    return [{ code: String(value) }];
  if (!isJsonObject(value)) return [];
  if (Array.isArray(value.coding)) {
    const concept = typeof value.text === "string" ? value.text : undefined;
    const out: TokenValue[] = [];
    for (const coding of value.coding) {
      if (!isJsonObject(coding) || typeof coding.code !== "string") continue;
      const token: TokenValue = { code: coding.code };
      if (typeof coding.system === "string") token.system = coding.system;
      const text = [concept, typeof coding.display === "string" ? coding.display : undefined].filter(Boolean).join(" ");
      if (text) token.text = text;
      out.push(token);
    }
    if (out.length === 0 && concept) out.push({ code: "", text: concept });
    return out;
  }
  if (typeof value.code === "string") {
    const token: TokenValue = { code: value.code };
    if (typeof value.system === "string") token.system = value.system;
    if (typeof value.display === "string") token.text = value.display;
    return [token];
  }
  if (typeof value.value === "string") {
    const contactPoint = typeof value.system === "string" && CONTACT_SYSTEMS.has(value.system) && !("type" in value);
    const token: TokenValue = { code: value.value };
    if (typeof value.system === "string" && !contactPoint) token.system = value.system;
    if (isJsonObject(value.type) && typeof value.type.text === "string") token.text = value.type.text;
    return [token];
  }
  return [];
}

/** The reference text a value holds (`Reference.reference`, or a canonical string). @see https://hl7.org/fhir/R4/references.html */
export function referenceTextOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (isJsonObject(value) && typeof value.reference === "string") return value.reference;
  return undefined;
}

/** Splits a relative reference `Type/id[/_history/v]` into type and id; undefined for absolute, `urn:` or `#` ones. */
export function parseRelativeReference(text: string): { type: string; id: string } | undefined {
  const match = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/.exec(text);
  return match?.[1] && match[2] ? { type: match[1], id: match[2] } : undefined;
}

function matchesReference(
  node: unknown,
  value: Extract<SearchValue, { kind: "reference" }>,
  definition: SearchParameterDefinition,
): boolean {
  const text = referenceTextOf(node);
  if (text === undefined) return false;
  if (value.url !== undefined) return text === value.url;
  const target = parseRelativeReference(text);
  if (!target || target.id !== value.id) return false;
  if (value.type !== undefined) return target.type === value.type;
  return definition.target === undefined || definition.target.includes(target.type);
}

/** The range a date-like value covers: date, dateTime, instant or Period. */
export function dateRangeOf(node: PathValue): DateRange | undefined {
  if (typeof node.value === "string") return fhirDateRange(node.value);
  if (isJsonObject(node.value) && ("start" in node.value || "end" in node.value)) {
    return periodRange(node.value.start, node.value.end);
  }
  return undefined;
}

/**
 * Whether one of a resource's date ranges (its values for the filter's parameter, as {@link dateRangeOf} reads them)
 * satisfies one of a date filter's values: what {@link matchesSearchFilter} decides for a date filter, for callers
 * that keep the ranges of a resource rather than parse its dates again.
 */
export function dateRangesMatch(ranges: readonly DateRange[], filter: SearchFilter, context: MatchContext): boolean {
  return filter.values.some(
    (value) =>
      value.kind === "date" && ranges.some((range) => compareRanges(value.prefix, value.range, range, context.now)),
  );
}

/**
 * Compares a target's range with a search value's range under a prefix, as R4 defines for dates: `eq` means the
 * search range contains the target, `gt` that the target reaches past it, `sa` that it starts after it, and so on.
 */
export function compareRanges(prefix: SearchPrefix, search: DateRange, target: DateRange, now: number): boolean {
  const contained = target.low >= search.low && target.high <= search.high;
  switch (prefix) {
    case "eq":
      return contained;
    case "ne":
      return !contained;
    case "gt":
      return target.high > search.high;
    case "lt":
      return target.low < search.low;
    case "ge":
      return target.high > search.high || contained;
    case "le":
      return target.low < search.low || contained;
    case "sa":
      return target.low >= search.high;
    case "eb":
      return target.high <= search.low;
    case "ap": {
      // "Approximately": widen the search range by 10% of its distance from now (the spec's suggestion).
      const margin = Math.max(Math.abs(now - search.low) * 0.1, 86_400_000);
      return target.low < search.high + margin && target.high > search.low - margin;
    }
  }
}

function comparePoint(
  prefix: SearchPrefix,
  search: { value: number; low: number; high: number },
  target: number,
): boolean {
  switch (prefix) {
    case "eq":
      return target >= search.low && target < search.high;
    case "ne":
      return !(target >= search.low && target < search.high);
    case "gt":
    case "sa":
      return target > search.value;
    case "lt":
    case "eb":
      return target < search.value;
    case "ge":
      return target >= search.value;
    case "le":
      return target <= search.value;
    case "ap":
      return Math.abs(target - search.value) <= Math.abs(search.value) * 0.1;
  }
}

/** The strings a string parameter searches in a value: a string, or every part of a HumanName or Address. */
export function stringValuesOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (!isJsonObject(value)) return [];
  const out: string[] = [];
  for (const key of [
    "text",
    "family",
    "given",
    "prefix",
    "suffix",
    "line",
    "city",
    "district",
    "state",
    "postalCode",
    "country",
  ]) {
    const part = value[key];
    if (typeof part === "string") out.push(part);
    else if (Array.isArray(part)) for (const item of part) if (typeof item === "string") out.push(item);
  }
  return out;
}

/** A value to order results by for `_sort`: the earliest date, the first string, code or number. */
export function sortValueOf(
  resource: FhirResource,
  definition: SearchParameterDefinition,
  descending: boolean,
): string | number | undefined {
  const nodes = evaluateSearchExpression(resource, definition.expression);
  let best: string | number | undefined;
  for (const node of nodes) {
    let candidate: string | number | undefined;
    switch (definition.type) {
      case "date": {
        const range = dateRangeOf(node);
        candidate = range === undefined ? undefined : descending ? range.high : range.low;
        break;
      }
      case "number":
        candidate = typeof node.value === "number" ? node.value : undefined;
        break;
      case "quantity":
        candidate = isJsonObject(node.value) && typeof node.value.value === "number" ? node.value.value : undefined;
        break;
      case "string":
        candidate = stringValuesOf(node.value).map(normalizeSearchString)[0];
        break;
      case "token":
        candidate = tokenValuesOf(node)[0]?.code;
        break;
      default:
        candidate = referenceTextOf(node.value) ?? (typeof node.value === "string" ? node.value : undefined);
    }
    if (candidate === undefined) continue;
    if (best === undefined || (descending ? candidate > best : candidate < best)) best = candidate;
  }
  return best;
}
