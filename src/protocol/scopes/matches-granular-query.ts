import type { FhirResource } from "../fhir/fhir-resource.ts";
import { matchesSearchFilter } from "../fhir/match-search-filter.ts";
import { parseSearchQuery, type SearchFilter } from "../fhir/parse-search-query.ts";

/**
 * Evaluates a granular scope's query (`category=laboratory`) on a resource with the FHIR search engine, so a scope
 * filters exactly like the same search would. A query the engine cannot evaluate matches nothing (fails closed).
 * `baseUrl` lets absolute references to the server read as relative ones; `now` is the clock date searches use.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#finer-grained-resource-constraints-using-search-parameters
 */
export function matchesGranularQuery(
  resource: FhirResource,
  query: URLSearchParams,
  baseUrl: string,
  now: number,
): boolean {
  const filters = scopeFilters(resource.resourceType, query, baseUrl);
  return filters?.every((filter) => matchesSearchFilter(resource, filter, { now })) === true;
}

const scopeFilterCache = new Map<string, SearchFilter[] | null>();

// A granular scope's query as search filters, or null when the server cannot evaluate all of it. Each constraint
// on its own must become exactly one filter: a result parameter (`_count`, `_sort`, `_include` …) filters nothing,
// and reading it as "no constraint" would grant every resource.
function scopeFilters(type: string, query: URLSearchParams, baseUrl: string): SearchFilter[] | null {
  const key = `${baseUrl} ${type}?${query}`;
  const cached = scopeFilterCache.get(key);
  if (cached !== undefined) return cached;
  let filters: SearchFilter[] | null = [];
  for (const [name, value] of query) {
    const parsed = parseSearchQuery(type, new URLSearchParams([[name, value]]), baseUrl);
    const [filter] = parsed.filters;
    if (parsed.errors.length > 0 || parsed.ignored.length > 0 || parsed.filters.length !== 1 || !filter) {
      filters = null;
      break;
    }
    filters.push(filter);
  }
  if (filters?.length === 0) filters = null;
  if (scopeFilterCache.size > 500) scopeFilterCache.clear();
  scopeFilterCache.set(key, filters);
  return filters;
}
