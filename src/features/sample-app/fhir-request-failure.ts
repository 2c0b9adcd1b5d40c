/** What the FHIR server said when it refused a request: status and the RFC 6750 challenge's error, if any. */
export interface FhirRequestFailure {
  status: number;
  /** `invalid_token`, `insufficient_scope`, … from `WWW-Authenticate: Bearer error="…"`; null when absent. */
  bearerError: string | null;
  bearerErrorDescription: string | null;
}

/**
 * Reads a fhirclient `HttpError` (it carries `status` and the `response`) into a {@link FhirRequestFailure}; null
 * for anything else (a network error, an assertion of fhirclient's).
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function fhirRequestFailure(error: unknown): FhirRequestFailure | null {
  if (typeof error !== "object" || error === null) return null;
  const { status, response } = error as { status?: unknown; response?: { headers?: Headers } };
  if (typeof status !== "number") return null;
  const challenge = response?.headers?.get("www-authenticate") ?? "";
  return {
    status,
    bearerError: challengeParameter(challenge, "error"),
    bearerErrorDescription: challengeParameter(challenge, "error_description"),
  };
}

function challengeParameter(challenge: string, name: string): string | null {
  const match = new RegExp(`(?:^|[\\s,])${name}="([^"]*)"`).exec(challenge);
  return match?.[1] ?? null;
}
