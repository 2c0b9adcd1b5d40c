import { clinicalScopeCovers, granularFiltersImply } from "./clinical-scope-covers.ts";
import { describePermissions, permissionLetters, permissionSet } from "./describe-permissions.ts";
import { type ParseScopesOptions, parseScope, parseScopes } from "./parse-scopes.ts";
import type { ClinicalScope, ParsedScope, ParsedScopeList } from "./parsed-scope.ts";

/**
 * Options for {@link negotiateScopes}.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#wildcard-scopes
 */
export interface NegotiateScopesOptions extends ParseScopesOptions {
  /**
   * When a requested resource scope is only partly allowed, grant the allowed part (e.g. `patient/*.rs` for a
   * request of `patient/*.cruds`) instead of dropping it. Default true: the IG's wildcard table shows both.
   */
  downscope?: boolean;
}

/**
 * A scope the authorization server grants, in the terms it answers with.
 *
 */
interface GrantedScope {
  requested: ParsedScope;
  /** The scope as answered: the request's own text, or the narrowed form (v1 when the request was v1 and v1 can say it). */
  scope: string;
  /** The allowed scope that permits it. */
  by: string;
  narrowed: boolean;
  reason: string;
}

/**
 * A requested scope the server does not grant, and why.
 *
 */
interface DroppedScope {
  requested: ParsedScope;
  code: "invalid" | "not-allowed" | "duplicate";
  reason: string;
}

/**
 * The outcome of a negotiation: granted and dropped scopes, and the `scope` string for the token response.
 *
 */
export interface ScopeNegotiation {
  requested: ParsedScopeList;
  allowed: ParsedScopeList;
  granted: GrantedScope[];
  dropped: DroppedScope[];
  /** Space-separated granted scopes, as the token response's `scope` carries them. */
  scope: string;
}

function queryOf(scope: ClinicalScope): string {
  const q = scope.normalized.indexOf("?");
  return q < 0 ? "" : scope.normalized.slice(q + 1);
}

// The largest scope both `requested` and `allowed` grant, or null when they share nothing.
function intersect(requested: ClinicalScope, allowed: ClinicalScope): ClinicalScope | null {
  if (requested.context !== allowed.context) return null;
  let type: string;
  if (allowed.resourceType === "*" || allowed.resourceType === requested.resourceType) type = requested.resourceType;
  else if (requested.resourceType === "*") type = allowed.resourceType;
  else return null;
  const letters = permissionLetters(permissionSet(""));
  const both = permissionLetters({
    c: requested.permissions.c && allowed.permissions.c,
    r: requested.permissions.r && allowed.permissions.r,
    u: requested.permissions.u && allowed.permissions.u,
    d: requested.permissions.d && allowed.permissions.d,
    s: requested.permissions.s && allowed.permissions.s,
  });
  if (both === letters) return null;
  let query: string;
  if (granularFiltersImply(requested.filters, allowed.filters)) query = queryOf(requested);
  else if (granularFiltersImply(allowed.filters, requested.filters)) query = queryOf(allowed);
  else query = [queryOf(requested), queryOf(allowed)].filter((q) => q !== "").join("&");
  const parsed = parseScope(`${requested.context}/${type}.${both}${query === "" ? "" : `?${query}`}`);
  return parsed?.kind === "clinical" && parsed.valid ? parsed : null;
}

function answer(requested: ClinicalScope, narrowed: ClinicalScope): string {
  // The IG: servers SHOULD return v1 scopes when v1 scopes are requested and granted.
  return requested.version === 1 && narrowed.v1 ? narrowed.v1 : narrowed.normalized;
}

/**
 * Decides, for an authorization server, which requested scopes to grant given the scopes the client may ask
 * for: a requested scope is granted as written when an allowed scope subsumes it (so granular requests under a
 * broader allowed scope are kept), partly allowed resource scopes are narrowed (unless `downscope` is false),
 * everything else is dropped with a reason.
 *
 * @remarks A v1 request is answered in v1 terms, as the IG says servers SHOULD.
 *
 */
export function negotiateScopes(
  requested: string | ParsedScopeList,
  allowed: string | ParsedScopeList,
  options: NegotiateScopesOptions = {},
): ScopeNegotiation {
  const req = typeof requested === "string" ? parseScopes(requested, options) : requested;
  const allow = typeof allowed === "string" ? parseScopes(allowed, options) : allowed;
  const allowedClinical = allow.clinical.filter((s) => s.valid);
  const granted: GrantedScope[] = [];
  const dropped: DroppedScope[] = [];
  const seen = new Set<string>();

  for (const scope of req.scopes) {
    if (seen.has(scope.normalized)) {
      dropped.push({ requested: scope, code: "duplicate", reason: `dropped: ${scope.text} repeats an earlier scope` });
      continue;
    }
    // Only a granted-worthy scope counts as "seen": an invalid one (`Patient/*.read`, normalised to `patient/*.rs`)
    // must not make a later valid spelling of it look like a repeat.
    if (scope.valid) seen.add(scope.normalized);
    if (!scope.valid) {
      const error = scope.diagnostics.find((d) => d.severity === "error");
      dropped.push({
        requested: scope,
        code: "invalid",
        reason: `dropped: ${scope.text} is not a valid scope, and servers may ignore such requests (${error?.message ?? "invalid"})`,
      });
      continue;
    }
    if (scope.kind !== "clinical") {
      const match = allow.scopes.find((a) => a.valid && a.normalized === scope.normalized);
      if (match) {
        granted.push({
          requested: scope,
          scope: scope.text,
          by: match.text,
          narrowed: false,
          reason: `granted: ${scope.text} is among the client's allowed scopes`,
        });
      } else {
        dropped.push({
          requested: scope,
          code: "not-allowed",
          reason: `dropped: ${scope.text} is not among the client's allowed scopes`,
        });
      }
      continue;
    }
    const cover = allowedClinical.find((a) => clinicalScopeCovers(a, scope));
    if (cover) {
      const granular =
        scope.filters.length > cover.filters.length
          ? " (a granular request within a broader allowed scope is kept as asked)"
          : "";
      granted.push({
        requested: scope,
        scope: scope.text,
        by: cover.text,
        narrowed: false,
        reason: `granted: ${scope.text} is within allowed scope ${cover.text}${granular}`,
      });
      continue;
    }
    const parts: { part: ClinicalScope; by: ClinicalScope }[] = [];
    if (options.downscope !== false) {
      for (const a of allowedClinical) {
        const part = intersect(scope, a);
        if (part) parts.push({ part, by: a });
      }
    }
    const kept = parts.filter(
      ({ part }, i) =>
        !parts.some(
          (other, j) =>
            j !== i && clinicalScopeCovers(other.part, part) && (!clinicalScopeCovers(part, other.part) || j < i),
        ),
    );
    if (kept.length > 0) {
      for (const { part, by } of kept) {
        const text = answer(scope, part);
        granted.push({
          requested: scope,
          scope: text,
          by: by.text,
          narrowed: true,
          reason: `narrowed: ${scope.text} asked for ${describePermissions(scope.permissions)}; allowed scope ${by.text} permits ${describePermissions(by.permissions)}, so ${text} was granted`,
        });
      }
      continue;
    }
    const sameType = allowedClinical.filter(
      (a) =>
        a.context === scope.context &&
        (a.resourceType === "*" || scope.resourceType === "*" || a.resourceType === scope.resourceType),
    );
    const hint =
      sameType.length > 0
        ? ` (${sameType.map((a) => `${a.text} grants ${describePermissions(a.permissions)} only`).join("; ")})`
        : "";
    dropped.push({
      requested: scope,
      code: "not-allowed",
      reason: `dropped: ${scope.text} is not within the client's allowed scopes${hint}`,
    });
  }

  const answered: string[] = [];
  for (const g of granted) if (!answered.includes(g.scope)) answered.push(g.scope);
  return { requested: req, allowed: allow, granted, dropped, scope: answered.join(" ") };
}
