/**
 * Failures a learner can switch on to see how an app copes, like the SMART launcher's simulated errors. Each is off
 * by default and stays on (persisted) until switched off or the lab is reset.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#obtain-authorization-code
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export interface FaultSettings {
  /**
   * The client is treated as unknown: the authorize page shows an error page (never a redirect), and the token
   * endpoint answers `invalid_client` (so backend services and refreshes see it too).
   */
  invalidClient: boolean;
  /** The redirect URI is treated as unregistered: the authorize page shows an error page. */
  invalidRedirectUri: boolean;
  /** The authorization request is refused with `invalid_scope` (a redirect back to the app). */
  invalidScope: boolean;
  /** Access tokens are issued already expired (`expires_in: 0`, `exp` in the past). */
  expiredToken: boolean;
  /** Access tokens are issued with their `jti` already revoked: the FHIR server rejects them with 401. */
  revokedJti: boolean;
  /** Every endpoint fails with `server_error` (HTTP 500; a redirect with `error=server_error` at authorize). */
  serverError: boolean;
}

/**
 * All faults off.
 *
 */
export const NO_FAULTS: FaultSettings = {
  invalidClient: false,
  invalidRedirectUri: false,
  invalidScope: false,
  expiredToken: false,
  revokedJti: false,
  serverError: false,
};

/**
 * Reads stored fault settings, keeping only known boolean switches (anything else in storage is ignored).
 *
 */
export function normalizeFaultSettings(
  value: Partial<Record<keyof FaultSettings, unknown>> | undefined,
): FaultSettings {
  const result = { ...NO_FAULTS };
  if (value === undefined) return result;
  for (const name of Object.keys(NO_FAULTS) as (keyof FaultSettings)[]) {
    if (typeof value[name] === "boolean") result[name] = value[name];
  }
  return result;
}
