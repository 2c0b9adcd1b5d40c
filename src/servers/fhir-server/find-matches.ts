import { evaluateSearchExpression } from "../../protocol/fhir/evaluate-search-expression.ts";
import type { DateRange } from "../../protocol/fhir/fhir-date-range.ts";
import type { FhirResource } from "../../protocol/fhir/fhir-resource.ts";
import {
  dateRangeOf,
  dateRangesMatch,
  matchesSearchFilter,
  parseRelativeReference,
  referenceTextOf,
  sortValueOf,
} from "../../protocol/fhir/match-search-filter.ts";
import {
  type IncludeRequest,
  normalizeSearchString,
  type ParsedSearchQuery,
  type SearchFilter,
} from "../../protocol/fhir/parse-search-query.ts";
import type { FhirStore, ResourceRecord } from "./create-fhir-store.ts";

/** Where a search may look beyond its own filters. @see https://hl7.org/fhir/R4/compartmentdefinition.html */
export interface SearchScope {
  now: number;
  /** Compartment search (`Patient/123/Observation`): only resources in this patient's compartment. */
  compartmentPatient?: string;
  /**
   * Only resources in this patient's compartment, because the caller can show no others (a patient-level token):
   * narrows the candidates the same way, for callers that would otherwise decide and drop the rest one by one.
   */
  reachablePatient?: string;
}

/**
 * A search's matches in result order: how many there are, and any run of them, computed only as far as asked (a
 * page of a search that one index answers whole takes a page's work, not the whole result's).
 */
export interface SearchMatches {
  readonly total: number;
  /** The matches from `start` up to (not including) `end`, or to the last one. */
  slice(start: number, end?: number): FhirResource[];
}

/**
 * Live records from one index: the union of `sets`; `exact` when they hold exactly the resources the filter
 * matches.
 */
interface IndexedRecords {
  sets: readonly (ReadonlySet<ResourceRecord> | readonly ResourceRecord[])[];
  size: number;
  exact: boolean;
  /** The filter the index answers; none for a compartment. */
  filter?: SearchFilter;
}

/**
 * Finds every live resource matching a parsed query, in a stable order (`_sort` keys, then insertion order).
 * Candidates come from the smallest applicable index (ids, references, tokens, strings, compartment, sorted
 * dates). A filter an index answers exactly is then checked by membership in that index (not at all when it
 * supplied the candidates); every other filter is evaluated on each candidate, so the indexes only ever narrow
 * the work, never change the answer.
 * @see https://hl7.org/fhir/R4/search.html
 */
export function findMatches(store: FhirStore, query: ParsedSearchQuery, scope: SearchScope): SearchMatches {
  const type = query.resourceType;
  const sources: IndexedRecords[] = [];
  for (const patient of [scope.compartmentPatient, scope.reachablePatient]) {
    if (patient === undefined) continue;
    const records = store.compartment(patient, type);
    sources.push({ sets: [records], size: records.size, exact: true });
  }
  for (const filter of query.filters) {
    const indexed = indexedRecords(store, type, filter);
    if (indexed) sources.push(indexed);
  }
  let driver = smallest(sources);
  if (!driver || driver.size > 2000) {
    for (const [code, bounds] of dateBounds(query.filters)) {
      const span = store.dateSpan(type, code);
      if (!Number.isFinite(span)) continue;
      const from = bounds.from === Number.NEGATIVE_INFINITY ? bounds.from : bounds.from - span;
      const ids = store.dateCandidates(type, code, from, bounds.to);
      if (!ids || (driver && ids.length >= driver.size)) continue;
      const records = ids.flatMap((id) => store.get(type, id) ?? []);
      driver = { sets: [records], size: records.length, exact: false };
    }
  }
  const members = sources.filter((source) => source !== driver && source.exact);
  const answered = new Set(sources.flatMap((source) => (source.exact && source.filter ? [source.filter] : [])));
  const evaluated = query.filters.filter((filter) => !answered.has(filter));
  const [only] = driver?.sets ?? [];
  if (only instanceof Set && driver?.sets.length === 1 && members.length === 0 && evaluated.length === 0) {
    if (query.sort.length === 0 && inInsertionOrder(only)) return pagesOf(only);
  }
  const context = { now: scope.now };
  const matches = (record: ResourceRecord): record is ResourceRecord & { current: FhirResource } => {
    const resource = record.current;
    if (!resource) return false;
    for (const member of members) if (!member.sets.some((records) => has(records, record))) return false;
    return evaluated.every((filter) =>
      isDateFilter(filter)
        ? dateRangesMatch(dateRangesOf(resource, filter), filter, context)
        : matchesSearchFilter(resource, filter, context),
    );
  };
  const records: (ResourceRecord & { current: FhirResource })[] = [];
  if (driver === undefined) {
    for (const record of store.records(type)) if (matches(record)) records.push(record);
  } else {
    const candidates = driver.sets.length === 1 && only ? only : new Set(driver.sets.flatMap((set) => [...set]));
    for (const record of candidates) if (matches(record)) records.push(record);
    records.sort((a, b) => a.seq - b.seq);
  }
  const out = records.map((record) => record.current);
  if (query.sort.length > 0) {
    const keyed = out.map((resource, position) => ({
      resource,
      position,
      keys: query.sort.map((sort) => sortValueOf(resource, sort.definition, sort.descending)),
    }));
    keyed.sort((a, b) => {
      for (const [i, sort] of query.sort.entries()) {
        const x = a.keys[i];
        const y = b.keys[i];
        if (x === y) continue;
        // Resources without a value sort last whichever the direction.
        if (x === undefined) return 1;
        if (y === undefined) return -1;
        const order = x < y ? -1 : 1;
        return sort.descending ? -order : order;
      }
      return a.position - b.position;
    });
    return listOf(keyed.map((item) => item.resource));
  }
  return listOf(out);
}

// A date filter without `:missing` (dates take no other modifier).
const isDateFilter = (filter: SearchFilter): boolean =>
  filter.definition.type === "date" && filter.modifier === undefined;

// Stored versions are never mutated (an update stores a new object), so the ranges a version's dates cover are read
// once: a search that narrows by date otherwise parses every candidate's dates again on each request.
const dateRanges = new WeakMap<FhirResource, Map<string, readonly DateRange[]>>();

function dateRangesOf(resource: FhirResource, filter: SearchFilter): readonly DateRange[] {
  let ofResource = dateRanges.get(resource);
  if (!ofResource) {
    ofResource = new Map();
    dateRanges.set(resource, ofResource);
  }
  const expression = filter.definition.expression;
  let ranges = ofResource.get(expression);
  if (!ranges) {
    ranges = evaluateSearchExpression(resource, expression).flatMap((node) => dateRangeOf(node) ?? []);
    ofResource.set(expression, ranges);
  }
  return ranges;
}

function listOf(matches: FhirResource[]): SearchMatches {
  return { total: matches.length, slice: (start, end) => matches.slice(start, end) };
}

// An index set is in insertion order unless a record was re-indexed (updated) after a later one was added.
function inInsertionOrder(records: ReadonlySet<ResourceRecord>): boolean {
  let last = -1;
  for (const record of records) {
    if (record.seq < last) return false;
    last = record.seq;
  }
  return true;
}

// The matches of a search one index set answers whole, already in result order: a page walks to its end only.
function pagesOf(records: ReadonlySet<ResourceRecord>): SearchMatches {
  return {
    total: records.size,
    slice(start, end = records.size) {
      const out: FhirResource[] = [];
      let i = 0;
      for (const record of records) {
        if (i >= end) break;
        if (i++ >= start && record.current) out.push(record.current);
      }
      return out;
    },
  };
}

function smallest(sources: readonly IndexedRecords[]): IndexedRecords | undefined {
  let best: IndexedRecords | undefined;
  for (const source of sources) if (!best || source.size < best.size) best = source;
  return best;
}

function has(records: ReadonlySet<ResourceRecord> | readonly ResourceRecord[], record: ResourceRecord): boolean {
  return Array.isArray(records) ? records.includes(record) : (records as ReadonlySet<ResourceRecord>).has(record);
}

/**
 * The records an index holds for one filter (its OR-ed values united), or undefined when no index serves it. Exact for
 * `_id`, references, tokens with a code (except `|code`: data may spell "no system" as `system: ""`, which the
 * index files with it) and string `starts-with`/`:contains`; `:exact` strings only narrow by their normalized form.
 */
function indexedRecords(store: FhirStore, type: string, filter: SearchFilter): IndexedRecords | undefined {
  const { definition, modifier } = filter;
  const found = (sets: ReadonlySet<ResourceRecord>[], exact: boolean): IndexedRecords => ({
    sets,
    size: sets.reduce((sum, ids) => sum + ids.size, 0),
    exact,
    filter,
  });
  if (definition.code === "_id" && modifier === undefined) {
    const records = new Set<ResourceRecord>();
    for (const value of filter.values) {
      const record = value.kind === "token" && value.code ? store.get(type, value.code) : undefined;
      if (record?.current) records.add(record);
    }
    return found([records], true);
  }
  if (definition.type === "string") {
    if (modifier !== undefined && modifier !== "exact" && modifier !== "contains") return undefined;
    const sets: ReadonlySet<ResourceRecord>[] = [];
    for (const value of filter.values) {
      if (value.kind !== "string") return undefined;
      const ids =
        modifier === "exact"
          ? store.stringCandidates(type, definition.code, normalizeSearchString(value.text), "equals")
          : store.stringCandidates(
              type,
              definition.code,
              value.normalized,
              modifier === "contains" ? "contains" : "starts-with",
            );
      if (ids === undefined) return undefined;
      sets.push(ids);
    }
    return found(sets, modifier !== "exact");
  }
  if (modifier !== undefined && !(definition.type === "reference" && /^[A-Z]/.test(modifier))) return undefined;
  const keys: string[] = [];
  let exact = true;
  for (const value of filter.values) {
    if (value.kind === "reference") {
      if (value.url !== undefined) keys.push(value.url);
      else if (value.type !== undefined) keys.push(`${value.type}/${value.id}`);
      else if (definition.target) for (const target of definition.target) keys.push(`${target}/${value.id}`);
      else return undefined;
    } else if (value.kind === "token" && value.code !== undefined) {
      keys.push(value.system === undefined ? `*|${value.code}` : `${value.system}|${value.code}`);
      if (value.system === "") exact = false;
    } else {
      return undefined;
    }
  }
  const sets: ReadonlySet<ResourceRecord>[] = [];
  for (const key of keys) {
    const records = store.lookup(type, definition.code, key);
    if (records === undefined) return undefined;
    sets.push(records);
  }
  return found(sets, exact);
}

/**
 * For each date parameter, the interval that the *start* of a matching value must fall in, intersected over
 * the AND-ed filters (`date=ge2020&date=lt2021`); the caller widens `from` by the longest value span.
 */
function dateBounds(filters: SearchFilter[]): Map<string, { from: number; to: number }> {
  const out = new Map<string, { from: number; to: number }>();
  for (const filter of filters) {
    if (filter.definition.type !== "date" || filter.modifier !== undefined) continue;
    let from = Number.POSITIVE_INFINITY;
    let to = Number.NEGATIVE_INFINITY;
    for (const value of filter.values) {
      if (value.kind !== "date") {
        from = Number.NEGATIVE_INFINITY;
        to = Number.POSITIVE_INFINITY;
        break;
      }
      const { low, high } = value.range;
      const bound =
        value.prefix === "eq"
          ? { from: low, to: high }
          : value.prefix === "lt" || value.prefix === "eb"
            ? { from: Number.NEGATIVE_INFINITY, to: low }
            : value.prefix === "le"
              ? { from: Number.NEGATIVE_INFINITY, to: high }
              : value.prefix === "gt" || value.prefix === "sa"
                ? { from: high, to: Number.POSITIVE_INFINITY }
                : value.prefix === "ge"
                  ? { from: low, to: Number.POSITIVE_INFINITY }
                  : { from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY };
      from = Math.min(from, bound.from);
      to = Math.max(to, bound.to);
    }
    const previous = out.get(filter.code);
    out.set(
      filter.code,
      previous ? { from: Math.max(previous.from, from), to: Math.min(previous.to, to) } : { from, to },
    );
  }
  return out;
}

/**
 * The resources `_include` (targets of the page's references) and `_revinclude` (resources referring to the page)
 * ask for, without duplicates and without those already in the page.
 */
export function findIncludes(
  store: FhirStore,
  page: readonly FhirResource[],
  query: ParsedSearchQuery,
): FhirResource[] {
  if (query.include.length === 0 && query.revinclude.length === 0) return [];
  const seen = new Set(page.map((resource) => `${resource.resourceType}/${resource.id}`));
  const out: FhirResource[] = [];
  const add = (resource: FhirResource | undefined): void => {
    if (!resource) return;
    const key = `${resource.resourceType}/${resource.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(resource);
  };
  for (const include of query.include) {
    for (const resource of page) {
      if (resource.resourceType !== include.sourceType) continue;
      for (const node of evaluateSearchExpression(resource, include.param.expression)) {
        const text = referenceTextOf(node.value);
        const target = text === undefined ? undefined : parseRelativeReference(text);
        if (!target || (include.targetType && target.type !== include.targetType)) continue;
        add(store.get(target.type, target.id)?.current);
      }
    }
  }
  for (const include of query.revinclude) {
    for (const resource of page) {
      if (include.targetType && include.targetType !== resource.resourceType) continue;
      for (const source of referrers(store, include, `${resource.resourceType}/${resource.id}`)) add(source);
    }
  }
  return out;
}

function referrers(store: FhirStore, include: IncludeRequest, target: string): FhirResource[] {
  const indexed = store.lookup(include.sourceType, include.param.code, target);
  const out: FhirResource[] = [];
  if (indexed) {
    for (const { current } of indexed) if (current) out.push(current);
    return out;
  }
  for (const record of store.records(include.sourceType)) {
    const current = record.current;
    if (!current) continue;
    const hit = evaluateSearchExpression(current, include.param.expression).some((node) => {
      const text = referenceTextOf(node.value);
      const parsed = text === undefined ? undefined : parseRelativeReference(text);
      return parsed !== undefined && `${parsed.type}/${parsed.id}` === target;
    });
    if (hit) out.push(current);
  }
  return out;
}
