import { type DateRange, fhirDateRange } from "./fhir-date-range.ts";
import { isR4ResourceType } from "./resource-types.ts";
import { type SearchParameterDefinition, searchParameterOf } from "./search-parameters.ts";

/** The comparison prefixes of number, date and quantity values. @see https://hl7.org/fhir/R4/search.html#prefix */
export type SearchPrefix = "eq" | "ne" | "gt" | "lt" | "ge" | "le" | "sa" | "eb" | "ap";

const PREFIXES: ReadonlySet<string> = new Set(["eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"]);

/** One parsed value of a search parameter (comma-separated values are OR-ed). */
export type SearchValue =
  | { kind: "missing"; missing: boolean }
  /** `system` undefined: any system; `""`: no system (`|code`). `code` undefined: any code of the system (`system|`). */
  | { kind: "token"; system?: string; code?: string; text: string }
  /** `Type/id`, a bare `id`, or an absolute URL outside this server (`url`). */
  | { kind: "reference"; type?: string; id?: string; url?: string }
  | { kind: "date"; prefix: SearchPrefix; range: DateRange; text: string }
  | { kind: "number"; prefix: SearchPrefix; value: number; low: number; high: number }
  | { kind: "quantity"; prefix: SearchPrefix; value: number; low: number; high: number; system?: string; code?: string }
  | { kind: "string"; normalized: string; text: string }
  | { kind: "uri"; text: string };

/** One search parameter of the query: its definition, modifier and OR-ed values; several filters are AND-ed. */
export interface SearchFilter {
  code: string;
  definition: SearchParameterDefinition;
  modifier?: string;
  values: SearchValue[];
}

/** An `_include` / `_revinclude` request: follow `param` of `sourceType` (to `targetType` when given). */
export interface IncludeRequest {
  sourceType: string;
  param: SearchParameterDefinition;
  targetType?: string;
  text: string;
}

/** A sort key of `_sort`. */
interface SortRequest {
  definition: SearchParameterDefinition;
  descending: boolean;
}

/** A search request after parsing: filters, result parameters, and what was ignored or invalid. */
export interface ParsedSearchQuery {
  resourceType: string;
  filters: SearchFilter[];
  /** Page size; undefined means the server default. */
  count?: number;
  /** Index of the first match on this page (the lab's paging cursor). */
  offset: number;
  sort: SortRequest[];
  summary?: "true" | "false" | "text" | "data" | "count";
  elements?: string[];
  include: IncludeRequest[];
  revinclude: IncludeRequest[];
  total?: "none" | "estimate" | "accurate";
  /** Parameters the server does not know, with why; ignored unless the client asked for strict handling. */
  ignored: { name: string; reason: string }[];
  /** Values or modifiers that make the request invalid (HTTP 400). */
  errors: string[];
}

/** The largest page the server hands out, whatever `_count` asks for (the spec lets a server return fewer). */
const MAX_PAGE_SIZE = 1000;

/** Parameters about the response rather than about matching, which `parseSearchQuery` reads itself. */
const RESULT_PARAMETERS = new Set([
  "_count",
  "_offset",
  "_sort",
  "_summary",
  "_elements",
  "_include",
  "_revinclude",
  "_include:iterate",
  "_revinclude:iterate",
  "_total",
  "_format",
  "_pretty",
]);

const MODIFIERS: Readonly<Record<string, ReadonlySet<string>>> = {
  string: new Set(["exact", "contains"]),
  token: new Set(["text", "not"]),
  reference: new Set([]),
  uri: new Set(["below", "above"]),
  date: new Set([]),
  number: new Set([]),
  quantity: new Set([]),
};

/**
 * Parses the query of a search on `resourceType` (from the URL, or the form body of `POST _search`).
 * `baseUrl` lets absolute references to this server be read as relative ones.
 */
export function parseSearchQuery(resourceType: string, params: URLSearchParams, baseUrl: string): ParsedSearchQuery {
  const query: ParsedSearchQuery = {
    resourceType,
    filters: [],
    offset: 0,
    sort: [],
    include: [],
    revinclude: [],
    ignored: [],
    errors: [],
  };
  for (const [name, rawValue] of params) {
    if (RESULT_PARAMETERS.has(name)) {
      readResultParameter(query, name, rawValue);
      continue;
    }
    const colon = name.indexOf(":");
    const code = colon < 0 ? name : name.slice(0, colon);
    const modifier = colon < 0 ? undefined : name.slice(colon + 1);
    if (code.includes(".") || code === "_has") {
      query.ignored.push({
        name,
        reason: "Chained and reverse-chained (_has) parameters are not supported by the lab server.",
      });
      continue;
    }
    const definition = searchParameterOf(resourceType, code);
    if (!definition) {
      query.ignored.push({ name, reason: `Unknown search parameter "${code}" for ${resourceType}.` });
      continue;
    }
    const filter = parseFilter(definition, modifier, rawValue, baseUrl, query.errors);
    if (filter) query.filters.push(filter);
  }
  return query;
}

function parseFilter(
  definition: SearchParameterDefinition,
  modifier: string | undefined,
  raw: string,
  baseUrl: string,
  errors: string[],
): SearchFilter | undefined {
  const label = modifier ? `${definition.code}:${modifier}` : definition.code;
  if (modifier === "missing") {
    if (raw !== "true" && raw !== "false") {
      errors.push(`${label} must be "true" or "false".`);
      return undefined;
    }
    return { code: definition.code, definition, modifier, values: [{ kind: "missing", missing: raw === "true" }] };
  }
  if (modifier !== undefined) {
    const typeModifier = definition.type === "reference" && isR4ResourceType(modifier);
    if (!typeModifier && !MODIFIERS[definition.type]?.has(modifier)) {
      errors.push(`Unsupported modifier ":${modifier}" on ${definition.type} parameter ${definition.code}.`);
      return undefined;
    }
  }
  if (raw === "") {
    // An empty value is treated as if the parameter were absent (R4 search.html: "empty parameters are ignored").
    return undefined;
  }
  const values: SearchValue[] = [];
  for (const part of splitEscaped(raw, ",")) {
    const value = parseValue(definition, modifier, part, baseUrl);
    if (typeof value === "string") {
      errors.push(`Invalid value for ${label}: ${value}`);
      return undefined;
    }
    values.push(value);
  }
  const filter: SearchFilter = { code: definition.code, definition, values };
  if (modifier !== undefined) filter.modifier = modifier;
  return filter;
}

function parseValue(
  definition: SearchParameterDefinition,
  modifier: string | undefined,
  raw: string,
  baseUrl: string,
): SearchValue | string {
  switch (definition.type) {
    case "token": {
      const text = unescapeValue(raw);
      if (modifier === "text" || definition.code === "_id") return { kind: "token", code: text, text };
      const parts = splitEscaped(raw, "|");
      if (parts.length === 1) return { kind: "token", code: unescapeValue(raw), text };
      if (parts.length !== 2) return `"${raw}" has more than one "|".`;
      const [system = "", code = ""] = parts.map(unescapeValue);
      const value: SearchValue = { kind: "token", system, text };
      if (code !== "") value.code = code;
      return value;
    }
    case "reference": {
      const text = unescapeValue(raw);
      const relative = text.startsWith(`${baseUrl}/`) ? text.slice(baseUrl.length + 1) : text;
      const typed = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/.exec(relative);
      if (typed?.[1] && typed[2]) {
        if (modifier && modifier !== typed[1])
          return `"${raw}" names ${typed[1]} but the modifier asks for ${modifier}.`;
        return { kind: "reference", type: typed[1], id: typed[2] };
      }
      if (/^[A-Za-z0-9\-.]{1,64}$/.test(relative)) {
        return modifier ? { kind: "reference", type: modifier, id: relative } : { kind: "reference", id: relative };
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(text)) return { kind: "reference", url: text };
      return `"${raw}" is neither Type/id, an id nor an absolute URL.`;
    }
    case "date": {
      const { prefix, rest } = splitPrefix(raw);
      const range = fhirDateRange(rest);
      if (!range) return `"${raw}" is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime).`;
      return { kind: "date", prefix, range, text: rest };
    }
    case "number": {
      const { prefix, rest } = splitPrefix(raw);
      const parsed = parseDecimal(rest);
      if (!parsed) return `"${raw}" is not a number.`;
      return { kind: "number", prefix, ...parsed };
    }
    case "quantity": {
      const parts = splitEscaped(raw, "|");
      if (parts.length !== 1 && parts.length !== 3) return `"${raw}" is not [prefix]number|system|code.`;
      const { prefix, rest } = splitPrefix(parts[0] ?? "");
      const parsed = parseDecimal(rest);
      if (!parsed) return `"${raw}" does not start with a number.`;
      const value: SearchValue = { kind: "quantity", prefix, ...parsed };
      const system = parts[1] === undefined ? "" : unescapeValue(parts[1]);
      const code = parts[2] === undefined ? "" : unescapeValue(parts[2]);
      if (system !== "") value.system = system;
      if (code !== "") value.code = code;
      return value;
    }
    case "string": {
      const text = unescapeValue(raw);
      return { kind: "string", text, normalized: normalizeSearchString(text) };
    }
    case "uri":
      return { kind: "uri", text: unescapeValue(raw) };
  }
}

function readResultParameter(query: ParsedSearchQuery, name: string, raw: string): void {
  switch (name) {
    case "_count":
    case "_offset": {
      if (!/^\d+$/.test(raw)) {
        query.errors.push(`${name} must be a non-negative integer, got "${raw}".`);
        return;
      }
      if (name === "_count") query.count = Math.min(Number(raw), MAX_PAGE_SIZE);
      else query.offset = Number(raw);
      return;
    }
    case "_sort": {
      for (const part of raw.split(",")) {
        const descending = part.startsWith("-");
        const code = descending ? part.slice(1) : part;
        const definition = searchParameterOf(query.resourceType, code);
        if (!definition) query.errors.push(`Cannot sort ${query.resourceType} by unknown parameter "${code}".`);
        else query.sort.push({ definition, descending });
      }
      return;
    }
    case "_summary": {
      if (raw === "true" || raw === "false" || raw === "text" || raw === "data" || raw === "count") query.summary = raw;
      else query.errors.push(`_summary must be true, false, text, data or count, got "${raw}".`);
      return;
    }
    case "_elements":
      query.elements = [...(query.elements ?? []), ...raw.split(",").map((element) => element.trim())].filter(Boolean);
      return;
    case "_total":
      if (raw === "none" || raw === "estimate" || raw === "accurate") query.total = raw;
      else query.errors.push(`_total must be none, estimate or accurate, got "${raw}".`);
      return;
    case "_include":
    case "_include:iterate":
    case "_revinclude":
    case "_revinclude:iterate": {
      const reverse = name.startsWith("_revinclude");
      const [sourceType = "", code = "", targetType] = raw.split(":");
      if (raw === "*" || code === "*") {
        query.ignored.push({ name, reason: "Wildcard includes are not supported by the lab server." });
        return;
      }
      if (!isR4ResourceType(sourceType) || (targetType !== undefined && !isR4ResourceType(targetType))) {
        query.errors.push(
          `${name}=${raw}: "${isR4ResourceType(sourceType) ? targetType : sourceType}" is not a FHIR R4 resource type.`,
        );
        return;
      }
      if (!reverse && sourceType !== query.resourceType) {
        query.errors.push(`_include=${raw} must start with the searched type ${query.resourceType}.`);
        return;
      }
      const param = searchParameterOf(sourceType, code);
      if (param?.type !== "reference") {
        query.errors.push(`${name}=${raw}: ${sourceType} has no reference parameter "${code}".`);
        return;
      }
      const request: IncludeRequest = { sourceType, param, text: raw };
      if (targetType) request.targetType = targetType;
      (reverse ? query.revinclude : query.include).push(request);
      return;
    }
    default:
      // _format and _pretty are handled by the HTTP layer.
      return;
  }
}

function splitPrefix(raw: string): { prefix: SearchPrefix; rest: string } {
  const head = raw.slice(0, 2);
  if (PREFIXES.has(head) && raw.length > 2) return { prefix: head as SearchPrefix, rest: raw.slice(2) };
  return { prefix: "eq", rest: raw };
}

/** A decimal with the implicit range its written precision gives (`100` is 99.5 up to 100.5). */
function parseDecimal(text: string): { value: number; low: number; high: number } | undefined {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  const value = Number(text);
  const mantissa = text.split(/[eE]/)[0] ?? text;
  const exponent = Number(text.split(/[eE]/)[1] ?? 0);
  const decimals = (mantissa.split(".")[1] ?? "").length;
  const half = 0.5 * 10 ** (exponent - decimals);
  return { value, low: value - half, high: value + half };
}

/** Lower-cases and strips accents, so string search is case- and accent-insensitive as R4 asks. */
export function normalizeSearchString(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

/** Splits on `separator` except where escaped with a backslash. */
function splitEscaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "\\" && i + 1 < text.length) {
      current += char + text[i + 1];
      i++;
    } else if (char === separator) {
      parts.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

function unescapeValue(text: string): string {
  return text.replace(/\\([\\,|$])/g, "$1");
}
