import { queryOptions } from "@tanstack/react-query";
import { getLab } from "../../lib/lab-servers.ts";
import type { AuthorizationStep } from "../../servers/authorization-server/authorization-flow.ts";

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

/** Leaves the lab's authorization server for the app's redirect URI. */
export function redirectTo(location: string) {
  window.location.assign(location);
}
