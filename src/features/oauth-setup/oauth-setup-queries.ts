import { mutationOptions, type QueryClient, queryOptions } from "@tanstack/react-query";
import { labEndpoints } from "../../lib/lab-config.ts";
import { getLab } from "../../lib/lab-servers.ts";
import type { OAuthResult } from "../../protocol/oauth/oauth-error.ts";
import type { FaultSettings } from "../../servers/authorization-server/fault-settings.ts";
import type {
  ClientRegistrationInput,
  RegisteredClient,
} from "../../servers/authorization-server/registered-client.ts";
import { checkJwksText } from "./check-jwks-text.ts";
import { type RegistrationExchange, sendRegistrationRequest } from "./send-registration-request.ts";

/**
 * The page's query keys: everything under one prefix, so a change to the server can refresh all of it at once.
 *
 * @see https://tanstack.com/query/latest/docs/framework/react/guides/query-keys
 */
const oauthSetupKeys = {
  all: ["oauth-setup"] as const,
  clients: ["oauth-setup", "clients"] as const,
  faults: ["oauth-setup", "faults"] as const,
};

/**
 * Every registered client, sample apps first (the authorization server's own order).
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#register-app-with-ehr
 */
export const registeredClientsQuery = queryOptions({
  queryKey: oauthSetupKeys.clients,
  queryFn: async (): Promise<RegisteredClient[]> => (await getLab()).authorization.listClients(),
});

/**
 * The simulated faults as the server has them (persisted: they survive reloads until switched off or reset).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export const faultSettingsQuery = queryOptions({
  queryKey: oauthSetupKeys.faults,
  queryFn: async (): Promise<FaultSettings> => (await getLab()).authorization.getFaults(),
});

/**
 * The live check of the JWKS textarea, keyed by its text (the same text is never checked twice).
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#registering-a-client-communicating-public-keys
 */
export function jwksCheckQuery(text: string) {
  return queryOptions({
    queryKey: ["oauth-setup", "jwks-check", text],
    queryFn: () => checkJwksText(text),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/**
 * Registers a client as the lab's page does. A refusal is a value (`ok: false` with the OAuth error), not a thrown
 * error: the form shows it and keeps what was typed.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.1
 */
export function registerClientMutation(queryClient: QueryClient) {
  return mutationOptions({
    mutationFn: async (input: ClientRegistrationInput): Promise<OAuthResult<RegisteredClient>> =>
      (await getLab()).authorization.registerClient(input),
    onSuccess: (result) => {
      if (result.ok) return queryClient.invalidateQueries({ queryKey: oauthSetupKeys.clients });
    },
  });
}

/**
 * Changes a client (the patch is merged over its registration and validated again).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7592#section-2.2
 */
export function updateClientMutation(queryClient: QueryClient) {
  return mutationOptions({
    mutationFn: async ({
      clientId,
      patch,
    }: {
      clientId: string;
      patch: ClientRegistrationInput;
    }): Promise<OAuthResult<RegisteredClient>> => (await getLab()).authorization.updateClient(clientId, patch),
    onSuccess: (result) => {
      if (result.ok) return queryClient.invalidateQueries({ queryKey: oauthSetupKeys.clients });
    },
  });
}

/**
 * Deletes a client; the server revokes everything issued to it.
 *
 */
export function deleteClientMutation(queryClient: QueryClient) {
  return mutationOptions({
    mutationFn: async (clientId: string): Promise<boolean> => (await getLab()).authorization.deleteClient(clientId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: oauthSetupKeys.clients }),
  });
}

/**
 * Expires active access tokens now (all, or one client's; optionally refresh tokens too) and returns how many.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export function expireTokensMutation() {
  return mutationOptions({
    mutationFn: async (filter: { clientId?: string; includeRefreshTokens?: boolean }): Promise<number> =>
      (await getLab()).authorization.expireTokensNow(filter),
  });
}

/**
 * Switches simulated faults; the server's answer (all switches) becomes the cached settings at once.
 *
 */
export function setFaultsMutation(queryClient: QueryClient) {
  return mutationOptions({
    mutationFn: async (faults: Partial<FaultSettings>): Promise<FaultSettings> =>
      (await getLab()).authorization.setFaults(faults),
    // Show the switch in its new position at once (a checkbox that lags its click reads as broken); the server's
    // answer replaces it, and a failure puts the previous settings back.
    onMutate: (faults) => {
      const previous = queryClient.getQueryData<FaultSettings>(oauthSetupKeys.faults);
      if (previous) queryClient.setQueryData(oauthSetupKeys.faults, { ...previous, ...faults });
      return { previous };
    },
    onError: (_error, _faults, context) => {
      if (context?.previous) queryClient.setQueryData(oauthSetupKeys.faults, context.previous);
    },
    onSuccess: (settings) => queryClient.setQueryData(oauthSetupKeys.faults, settings),
  });
}

/**
 * POSTs client metadata to the lab's real RFC 7591 endpoint with the browser's `fetch` (the service worker answers),
 * and refreshes the list when a client was created.
 *
 */
export function dynamicRegistrationMutation(queryClient: QueryClient) {
  return mutationOptions({
    mutationFn: (body: string): Promise<RegistrationExchange> =>
      sendRegistrationRequest((url, init) => fetch(url, init), labEndpoints.register, body),
    onSuccess: (exchange) => {
      if (exchange.clientId !== null) return queryClient.invalidateQueries({ queryKey: oauthSetupKeys.clients });
    },
  });
}
