import type { LoggedTraceEvent } from "../../lib/logged-trace-event.ts";
import { isScopeSubsumedBy } from "../../protocol/scopes/is-scope-subsumed-by.ts";

/** One requested scope of the last launch and what became of it. */
interface LaunchScopeRow {
  scope: string;
  outcome: string;
}

/** The last approved launch: requested → consented → granted, and the token response's non-secret fields. */
export interface LastLaunch {
  clientId: string;
  requested: string;
  consented: string;
  granted: string;
  scopes: LaunchScopeRow[];
  received: Record<string, string> | null;
}

const split = (scope: string) => scope.split(" ").filter((part) => part !== "");

/**
 * Reads the last launch from the Timeline: the authorization server's `authorize.approved` note (what was asked
 * and what the user approved) and the token response that followed (what the app got).
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#response-5
 */
export function lastLaunchConsent(events: readonly LoggedTraceEvent[], tokenEndpoint: string): LastLaunch | null {
  let approvedAt = -1;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    // The playground's own approvals are not launches: no consent page was shown.
    if (
      event?.kind === "authorize.approved" &&
      (event.detail as { labShortcut?: unknown })?.labShortcut === undefined
    ) {
      approvedAt = i;
      break;
    }
  }
  const approved = events[approvedAt];
  if (approved?.kind !== "authorize.approved") return null;
  const detail = (approved.detail ?? {}) as {
    requested?: unknown;
    granted?: unknown;
    clientId?: unknown;
    offers?: unknown;
  };
  const requested = typeof detail.requested === "string" ? detail.requested : "";
  const consented = typeof detail.granted === "string" ? detail.granted : "";
  let received: Record<string, string> | null = null;
  let granted = consented;
  for (const event of events.slice(approvedAt + 1)) {
    if (
      event.kind !== "http.exchange" ||
      event.detail.request.url !== tokenEndpoint ||
      event.detail.response.status !== 200
    )
      continue;
    try {
      const body = JSON.parse(event.detail.response.body ?? "") as Record<string, unknown>;
      received = {};
      for (const name of ["token_type", "expires_in", "scope", "patient", "encounter", "need_patient_banner"]) {
        if (body[name] !== undefined) received[name] = String(body[name]);
      }
      for (const name of ["access_token", "refresh_token", "id_token"])
        if (typeof body[name] === "string") received[name] = "(issued)";
      if (typeof body.scope === "string") granted = body.scope;
      break;
    } catch {
      // A cut body: the consented scopes stand for the granted ones.
    }
  }
  const consentedSet = new Set(split(consented));
  const grantedSet = new Set(split(granted));
  const requestedSet = new Set(split(requested));
  const offers = readOffers(detail.offers);
  const scopes = split(requested).map((scope): LaunchScopeRow => {
    if (grantedSet.has(scope)) return { scope, outcome: "granted as asked" };
    const offer = offers.get(scope);
    if (offer?.grantable === null) return { scope, outcome: `dropped by the server: ${offer.reason}` };
    if (offer?.narrowed && offer.grantable && grantedSet.has(offer.grantable))
      return { scope, outcome: `narrowed by the server to ${offer.grantable}: ${offer.reason}` };
    if (offer?.grantable && !consentedSet.has(offer.grantable) && !consentedSet.has(scope))
      return { scope, outcome: "unticked at consent" };
    if (consentedSet.has(scope) || (offer?.grantable && consentedSet.has(offer.grantable)))
      return { scope, outcome: "approved at consent, but not in the token" };
    // An older Timeline without the offers: a granted scope within the asked one is the server's narrower form.
    const narrower = [...grantedSet].find(
      (candidate) => !requestedSet.has(candidate) && isScopeSubsumedBy(candidate, scope),
    );
    return {
      scope,
      outcome: narrower
        ? `narrowed by the server to ${narrower}`
        : "not granted: unticked at consent, or dropped by the server (the consent screen said why)",
    };
  });
  return { clientId: String(detail.clientId ?? ""), requested, consented, granted, scopes, received };
}

interface LoggedOffer {
  grantable: string | null;
  narrowed: boolean;
  reason: string;
}

/** The consent screen's offers from the note, keyed by requested scope; whatever is malformed is left out. */
function readOffers(value: unknown): Map<string, LoggedOffer> {
  const offers = new Map<string, LoggedOffer>();
  if (!Array.isArray(value)) return offers;
  for (const item of value as unknown[]) {
    if (typeof item !== "object" || item === null) continue;
    const { requested, grantable, narrowed, reason } = item as Record<string, unknown>;
    if (typeof requested !== "string" || (grantable !== null && typeof grantable !== "string")) continue;
    offers.set(requested, { grantable, narrowed: narrowed === true, reason: typeof reason === "string" ? reason : "" });
  }
  return offers;
}
