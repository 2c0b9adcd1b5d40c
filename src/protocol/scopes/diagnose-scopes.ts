import { type ParseScopesOptions, parseScopes } from "./parse-scopes.ts";
import type { ParsedScopeList } from "./parsed-scope.ts";
import type { ScopeDiagnostic } from "./scope-diagnostic.ts";

/**
 * Every diagnostic for a scope string (or an already parsed list), sorted by position: the entry point for the
 * scope editor's markers and quick fixes.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html
 */
export function diagnoseScopes(
  scopes: string | ParsedScopeList,
  options: ParseScopesOptions = {},
): readonly ScopeDiagnostic[] {
  return (typeof scopes === "string" ? parseScopes(scopes, options) : scopes).diagnostics;
}
