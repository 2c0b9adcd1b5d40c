import { evaluateSearchExpression } from "../../protocol/fhir/evaluate-search-expression.ts";
import type { FhirResource } from "../../protocol/fhir/fhir-resource.ts";
import {
  matchesSearchFilter,
  parseRelativeReference,
  referenceTextOf,
  sortValueOf,
} from "../../protocol/fhir/match-search-filter.ts";
import type { IncludeRequest, ParsedSearchQuery, SearchFilter } from "../../protocol/fhir/parse-search-query.ts";
import type { FhirStore, ResourceRecord } from "./create-fhir-store.ts";

/** Where a search may look beyond its own filters. @see https://hl7.org/fhir/R4/compartmentdefinition.html */
export interface SearchScope {
  now: number;
  /** Compartment search (`Patient/123/Observation`): only resources in this patient's compartment. */
  compartmentPatient?: string;
}

/**
 * Finds every live resource matching a parsed query, in a stable order (`_sort` keys, then insertion order).
 * Candidates come from the smallest applicable index (ids, references, tokens, compartment, sorted dates) and
 * are then checked against every filter, so the indexes only ever narrow the work, never change the answer.
 * @see https://hl7.org/fhir/R4/search.html
 */
export function findMatches(store: FhirStore, query: ParsedSearchQuery, scope: SearchScope): FhirResource[] {
  const type = query.resourceType;
  const candidates = candidateIds(store, query, scope);
  let records: ResourceRecord[];
  if (candidates === undefined) {
    records = [...store.records(type)];
  } else {
    records = [];
    for (const id of candidates) {
      const record = store.get(type, id);
      if (record) records.push(record);
    }
    records.sort((a, b) => a.seq - b.seq);
  }
  const context = { now: scope.now };
  const compartment =
    scope.compartmentPatient === undefined ? undefined : store.compartment(scope.compartmentPatient, type);
  const out: FhirResource[] = [];
  for (const record of records) {
    const resource = record.current;
    if (!resource) continue;
    if (compartment && !compartment.has(record.id)) continue;
    if (query.filters.every((filter) => matchesSearchFilter(resource, filter, context))) out.push(resource);
  }
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
    return keyed.map((item) => item.resource);
  }
  return out;
}

function candidateIds(store: FhirStore, query: ParsedSearchQuery, scope: SearchScope): Iterable<string> | undefined {
  const type = query.resourceType;
  // Each candidate source is a list of id sets to union; sizes are compared before any set is copied.
  let best: { size: number; sets: readonly (ReadonlySet<string> | string[])[] } | undefined;
  const offer = (sets: readonly (ReadonlySet<string> | string[])[]): void => {
    const size = sets.reduce((sum, ids) => sum + (Array.isArray(ids) ? ids.length : ids.size), 0);
    if (!best || size < best.size) best = { size, sets };
  };
  if (scope.compartmentPatient !== undefined) offer([store.compartment(scope.compartmentPatient, type)]);
  for (const filter of query.filters) {
    const sets = indexedSets(store, type, filter);
    if (sets) offer(sets);
  }
  if (!best || best.size > 2000) {
    const dates = dateBounds(query.filters);
    for (const [code, bounds] of dates) {
      const span = store.dateSpan(type, code);
      if (!Number.isFinite(span)) continue;
      const from = bounds.from === Number.NEGATIVE_INFINITY ? bounds.from : bounds.from - span;
      const ids = store.dateCandidates(type, code, from, bounds.to);
      if (ids) offer([ids]);
    }
  }
  if (!best) return undefined;
  const [only] = best.sets;
  if (best.sets.length === 1 && only) return only;
  const union = new Set<string>();
  for (const ids of best.sets) for (const id of ids) union.add(id);
  return union;
}

function indexedSets(store: FhirStore, type: string, filter: SearchFilter): ReadonlySet<string>[] | undefined {
  const { definition, modifier } = filter;
  if (definition.code === "_id" && modifier === undefined) {
    const ids = new Set<string>();
    for (const value of filter.values) if (value.kind === "token" && value.code) ids.add(value.code);
    return [ids];
  }
  if (modifier !== undefined && !(definition.type === "reference" && /^[A-Z]/.test(modifier))) return undefined;
  const keys: string[] = [];
  for (const value of filter.values) {
    if (value.kind === "reference") {
      if (value.url !== undefined) keys.push(value.url);
      else if (value.type !== undefined) keys.push(`${value.type}/${value.id}`);
      else if (definition.target) for (const target of definition.target) keys.push(`${target}/${value.id}`);
      else return undefined;
    } else if (value.kind === "token" && value.code !== undefined) {
      keys.push(value.system === undefined ? `*|${value.code}` : `${value.system}|${value.code}`);
    } else {
      return undefined;
    }
  }
  const sets: ReadonlySet<string>[] = [];
  for (const key of keys) {
    const ids = store.lookup(type, definition.code, key);
    if (ids === undefined) return undefined;
    sets.push(ids);
  }
  return sets;
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
 * @see https://hl7.org/fhir/R4/search.html#include
 */
export function findIncludes(
  store: FhirStore,
  page: readonly FhirResource[],
  query: ParsedSearchQuery,
): FhirResource[] {
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
    for (const id of indexed) {
      const current = store.get(include.sourceType, id)?.current;
      if (current) out.push(current);
    }
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
