import { type FaultSettings, NO_FAULTS } from "../../servers/authorization-server/fault-settings.ts";

/**
 * One simulated fault as the page presents it: its switch label, and what the app gets and where, in one line.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export interface FaultDescription {
  key: keyof FaultSettings;
  label: string;
  /** The error the app will get, and at which step. */
  effect: string;
}

/**
 * Every fault the authorization server can simulate, like the SMART launcher's "simulate error" options, in the
 * order a launch meets them: authorize, token, then the FHIR request.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#obtain-authorization-code
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export const FAULT_CATALOG: readonly FaultDescription[] = [
  {
    key: "invalidClient",
    label: "Invalid client",
    effect:
      "The authorize page shows an invalid_client error page and never redirects; the token endpoint answers invalid_client (400, or 401 after HTTP Basic), so refreshes and backend services fail too.",
  },
  {
    key: "invalidRedirectUri",
    label: "Invalid redirect",
    effect:
      "The authorize page rejects the redirect_uri with an invalid_request error page and does not redirect: the app never hears back.",
  },
  {
    key: "invalidScope",
    label: "Invalid scope",
    effect:
      "The authorize endpoint redirects back to the app with error=invalid_scope (the sample app shows it on its callback page); a backend service gets invalid_scope from the token endpoint.",
  },
  {
    key: "expiredToken",
    label: "Expired token",
    effect:
      "Access tokens are issued already expired (expires_in 0): the FHIR server answers 401 invalid_token, and fhirclient tries a refresh before every request.",
  },
  {
    key: "revokedJti",
    label: "Invalid jti",
    effect:
      "Access tokens are issued with their jti already revoked: the token response looks fine, but every FHIR request gets 401 invalid_token.",
  },
  {
    key: "serverError",
    label: "Server error",
    effect:
      "The token, registration, introspection, revocation and userinfo endpoints answer HTTP 500 server_error; the authorize endpoint redirects back with error=server_error. Discovery and JWKS keep working.",
  },
];

/**
 * The faults that are on, in catalog order.
 *
 */
export function activeFaults(settings: FaultSettings): FaultDescription[] {
  return FAULT_CATALOG.filter((fault) => settings[fault.key]);
}

/**
 * The banner's sentence when faults are on ("2 simulated faults are on: Invalid scope, Server error."), else null.
 *
 */
export function describeActiveFaults(settings: FaultSettings): string | null {
  const active = activeFaults(settings);
  if (active.length === 0) return null;
  const names = active.map((fault) => fault.label).join(", ");
  return active.length === 1
    ? `1 simulated fault is on: ${names}.`
    : `${active.length} simulated faults are on: ${names}.`;
}

/**
 * Settings with every fault off, in the shape `setFaults` takes.
 *
 */
export function allFaultsOff(): FaultSettings {
  return { ...NO_FAULTS };
}
