import { explainScope, type ScopeExplanation } from "../../protocol/scopes/explain-scope.ts";
import { isScopeSubsumedBy } from "../../protocol/scopes/is-scope-subsumed-by.ts";
import { negotiateScopes } from "../../protocol/scopes/negotiate-scopes.ts";
import { parseScopes } from "../../protocol/scopes/parse-scopes.ts";

/**
 * One line of the consent screen: a requested scope, what the server can grant for it (possibly narrowed, or
 * nothing) and why, with the scope engine's plain-language explanation.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-fhir-resources
 */
export interface ScopeOffer {
  /** The scope as the app requested it. */
  requested: string;
  /** What may be granted for it (the requested text, or a narrower form), or null when it cannot be granted. */
  grantable: string | null;
  narrowed: boolean;
  /** Why it is granted as is, narrowed, or not grantable. */
  reason: string;
  /** The explanation of `grantable` (or of `requested` when nothing is grantable). */
  explanation: ScopeExplanation;
}

/** Longest scope string the server reads (a SMART app asks for a few dozen scopes at most). */
export const MAX_SCOPE_LENGTH = 4000;

/**
 * Why a scope string is refused before it is even parsed, or null: longer than {@link MAX_SCOPE_LENGTH}.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3
 */
export function scopeLengthProblem(scope: string): string | null {
  return scope.length > MAX_SCOPE_LENGTH
    ? `The scope string is ${scope.length} characters long; this server reads at most ${MAX_SCOPE_LENGTH}.`
    : null;
}

/**
 * What a client may be granted for a requested scope string, given its allowed scopes and whether the launch can
 * provide an EHR context (`launch` is only grantable with a `launch` parameter).
 *
 */
export function offerScopes(
  requested: string,
  allowed: string,
  situation: { kind: "user-facing"; hasEhrLaunch: boolean } | { kind: "backend" },
): ScopeOffer[] {
  const launch = situation.kind === "user-facing" ? "user-facing" : "backend";
  // Malformed scopes are dropped here rather than in the negotiation, so that an invalid scope (`Patient/*.read`,
  // normalised to `patient/*.rs`) cannot make a later valid spelling of it count as a duplicate.
  const parsed = parseScopes(requested, { launch });
  const offers: ScopeOffer[] = parsed.scopes
    .filter((scope) => !scope.valid)
    .map((scope) => ({
      requested: scope.text,
      grantable: null,
      narrowed: false,
      reason: `dropped: ${scope.text} is not a valid scope (${scope.diagnostics.find((d) => d.severity === "error")?.message ?? "invalid"})`,
      explanation: explainScope(scope),
    }));
  // A granular constraint the FHIR server cannot evaluate would grant nothing there: say so now, at the grant.
  for (const scope of parsed.scopes) {
    const unsupported = scope.valid
      ? scope.diagnostics.find((d) => d.code === "unsupported-granular-param")
      : undefined;
    if (!unsupported) continue;
    offers.push({
      requested: scope.text,
      grantable: null,
      narrowed: false,
      reason: `dropped: ${scope.text} cannot be enforced, so it would grant nothing (${unsupported.message})`,
      explanation: explainScope(scope),
    });
  }
  const valid = parsed.scopes
    .filter((scope) => scope.valid && !scope.diagnostics.some((d) => d.code === "unsupported-granular-param"))
    .map((scope) => scope.text);
  const negotiation = negotiateScopes(valid.join(" "), allowed, { launch });
  for (const granted of negotiation.granted) {
    const isEhrLaunchScope = granted.requested.kind === "launch" && granted.requested.launchContext === null;
    if (situation.kind === "user-facing" && isEhrLaunchScope && !situation.hasEhrLaunch) {
      offers.push({
        requested: granted.requested.text,
        grantable: null,
        narrowed: false,
        reason:
          "dropped: launch asks for the EHR's context, but this request carries no launch parameter (standalone launch)",
        explanation: explainScope(granted.requested),
      });
      continue;
    }
    offers.push({
      requested: granted.requested.text,
      grantable: granted.scope,
      narrowed: granted.narrowed,
      reason: granted.reason,
      explanation: explainScope(granted.scope),
    });
  }
  for (const dropped of negotiation.dropped) {
    offers.push({
      requested: dropped.requested.text,
      grantable: null,
      narrowed: false,
      reason: dropped.reason,
      explanation: explainScope(dropped.requested),
    });
  }
  // Keep the app's order, so the consent screen reads like the request.
  const order = requested.split(/\s+/).filter((s) => s !== "");
  return offers.sort((a, b) => order.indexOf(a.requested) - order.indexOf(b.requested));
}

/**
 * The scopes that are not within any of the given scopes, e.g. the part of a refresh request that asks for more
 * than the original grant (which must fail with `invalid_scope`).
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#refresh-access-token
 */
export function scopesBeyond(requested: readonly string[], granted: readonly string[]): string[] {
  return requested.filter((scope) => !granted.some((g) => g === scope || isScopeSubsumedBy(scope, g)));
}

/**
 * The scopes of a string that the scope engine finds invalid (syntax errors), each with its first error.
 *
 */
export function invalidScopes(scope: string): string[] {
  return parseScopes(scope)
    .scopes.filter((s) => !s.valid)
    .map((s) => `${s.text} (${s.diagnostics.find((d) => d.severity === "error")?.message ?? "invalid"})`);
}

/**
 * Splits a space-separated scope string into its scopes.
 *
 */
export function splitScopes(scope: string | undefined): string[] {
  return [...new Set((scope ?? "").split(" ").filter((s) => s !== ""))];
}

/**
 * Whether a scope string contains a scope (exact token), e.g. `openid` or `offline_access`.
 *
 */
export function hasScope(scope: string, name: string): boolean {
  return splitScopes(scope).includes(name);
}
