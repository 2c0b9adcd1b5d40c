import { mutationOptions, queryOptions } from "@tanstack/react-query";
import { getLab } from "../../lib/lab-servers.ts";
import type {
  AuthorizationCompletion,
  AuthorizationDecision,
  AuthorizationStep,
} from "../../servers/authorization-server/authorization-flow.ts";
import type { EncounterSummary } from "../../servers/authorization-server/authorization-server-deps.ts";

/**
 * Validates the authorization request in the page's real query string (or resumes `?interaction_id=`). Never
 * retried or refetched: each call opens a new interaction.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#obtain-authorization-code
 */
export function authorizationStepQuery(search: string) {
  return queryOptions({
    queryKey: ["authorize", search],
    queryFn: async (): Promise<AuthorizationStep> => {
      const lab = await getLab();
      return lab.authorization.beginAuthorization(new URLSearchParams(search));
    },
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    refetchOnMount: false,
  });
}

/** The encounter picker's choices once the user has picked a patient (the interaction lists the settled patient's). */
export function patientEncountersQuery(patientId: string) {
  return queryOptions({
    queryKey: ["authorize", "encounters", patientId],
    queryFn: async (): Promise<readonly EncounterSummary[]> =>
      (await getLab()).authorization.encountersForPatient(patientId),
  });
}

/** Signs the user in as one of the lab's personas (the lab has no passwords); the answer is the next step. */
export function signInMutation() {
  return mutationOptions({
    mutationFn: async ({
      interactionId,
      personaId,
    }: {
      interactionId: string;
      personaId: string;
    }): Promise<AuthorizationStep> => (await getLab()).authorization.signIn(interactionId, personaId),
  });
}

/** Sends the consent screen's Accept or Decline; the answer is the redirect to the app, or what to fix. */
export function authorizationDecisionMutation() {
  return mutationOptions({
    mutationFn: async ({
      interactionId,
      decision,
    }: {
      interactionId: string;
      decision: AuthorizationDecision;
    }): Promise<AuthorizationCompletion> =>
      (await getLab()).authorization.completeAuthorization(interactionId, decision),
  });
}

/** Leaves the lab's authorization server for the app's redirect URI. */
export function redirectTo(location: string) {
  window.location.assign(location);
}
