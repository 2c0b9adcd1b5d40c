import type { ClinicalScope, GranularAlternative, GranularFilter } from "./parsed-scope.ts";

/**
 * Tells whether every resource one alternative of a granular value selects is also selected by another
 * alternative: equal values, a `code` that matches `system|code` in any system, a `system|` that matches any of
 * its codes, or a bare id that matches `Type/id`.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#finer-grained-resource-constraints-using-search-parameters
 */
function alternativeImplies(inner: GranularAlternative, outer: GranularAlternative): boolean {
  if (inner.raw === outer.raw) return true;
  if (outer.system === null && outer.code !== null && inner.code === outer.code) return true;
  if (outer.code === null && outer.system !== null && inner.system === outer.system) return true;
  return !outer.raw.includes("/") && inner.raw.endsWith(`/${outer.raw}`);
}

/**
 * Tells whether the constraints `inner` puts on resources are at least as strict as `outer`'s: each outer filter
 * is matched by an inner filter on the same parameter whose every alternative the outer filter allows (search
 * parameters combine with AND, comma-separated values with OR).
 *
 */
export function granularFiltersImply(inner: readonly GranularFilter[], outer: readonly GranularFilter[]): boolean {
  return outer.every((o) =>
    inner.some(
      (i) => i.name === o.name && i.alternatives.every((ia) => o.alternatives.some((oa) => alternativeImplies(ia, oa))),
    ),
  );
}

/**
 * Tells whether `outer` grants everything `inner` grants: same access level, same or wildcard resource type, a
 * superset of the permissions (v1 scopes compare through their v2 letters), and no stricter granular filter.
 *
 * @remarks Levels are never crossed: patient, user and system access are restricted differently, not nested.
 *
 */
export function clinicalScopeCovers(outer: ClinicalScope, inner: ClinicalScope): boolean {
  if (outer.context !== inner.context) return false;
  if (outer.resourceType !== "*" && outer.resourceType !== inner.resourceType) return false;
  const o = outer.permissions;
  const i = inner.permissions;
  if ((i.c && !o.c) || (i.r && !o.r) || (i.u && !o.u) || (i.d && !o.d) || (i.s && !o.s)) return false;
  return granularFiltersImply(inner.filters, outer.filters);
}
