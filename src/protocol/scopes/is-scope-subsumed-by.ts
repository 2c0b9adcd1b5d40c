import { clinicalScopeCovers } from "./clinical-scope-covers.ts";
import { parseScope } from "./parse-scopes.ts";
import type { ParsedScope } from "./parsed-scope.ts";

function toScope(scope: string | ParsedScope): ParsedScope | null {
  return typeof scope === "string" ? parseScope(scope) : scope;
}

/**
 * Tells whether scope `a` grants nothing beyond scope `b`: for resource scopes, same access level, `b`'s type is
 * `a`'s or `*`, `b` has every permission of `a` (v1 compared through v2 letters) and no stricter granular filter;
 * for other scopes, the same normalised scope.
 *
 * @remarks Invalid scopes are never subsumed and subsume nothing: they grant nothing to compare.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scope-equivalence
 */
export function isScopeSubsumedBy(a: string | ParsedScope, b: string | ParsedScope): boolean {
  const inner = toScope(a);
  const outer = toScope(b);
  if (!inner || !outer || !inner.valid || !outer.valid) return false;
  if (inner.kind === "clinical" && outer.kind === "clinical") return clinicalScopeCovers(outer, inner);
  if (inner.kind === "clinical" || outer.kind === "clinical") return false;
  return inner.normalized === outer.normalized;
}
