import type { AuthorizationDecision } from "../../servers/authorization-server/authorization-flow.ts";

/** What the learner has chosen on the consent screen so far ("" while nothing is picked). */
export interface ConsentChoices {
  patientId: string;
  encounterId: string;
  /** The ticked scopes. */
  granted: ReadonlySet<string>;
}

/**
 * The decision the consent screen sends: Decline as it is, or Accept with the picked patient and encounter and the
 * ticked scopes among those the server offered, in the offer's order (a scope it refused is never sent).
 */
export function consentDecision(
  action: "approve" | "deny",
  offers: readonly { grantable: string | null }[],
  choices: ConsentChoices,
): AuthorizationDecision {
  if (action === "deny") return { action: "deny" };
  return {
    action: "approve",
    ...(choices.patientId ? { patientId: choices.patientId } : {}),
    ...(choices.encounterId ? { encounterId: choices.encounterId } : {}),
    grantedScopes: offers
      .map((offer) => offer.grantable)
      .filter((scope): scope is string => scope !== null && choices.granted.has(scope)),
  };
}
