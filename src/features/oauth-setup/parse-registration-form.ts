import type { OAuthError } from "../../protocol/oauth/oauth-error.ts";
import {
  type AppType,
  type ClientRegistrationInput,
  DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS,
  DEFAULT_APP_SCOPE,
  DEFAULT_BACKEND_SCOPE,
  DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS,
  type RegisteredClient,
} from "../../servers/authorization-server/registered-client.ts";

/**
 * What the registration form holds: every field as the learner typed it, so nothing is lost when the server says
 * no. Redirect URIs are one per line; lifetimes are seconds; the JWKS is JSON text.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#register-app-with-ehr
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 */
export interface RegistrationFormValues {
  clientId: string;
  clientName: string;
  appType: AppType;
  redirectUris: string;
  launchUri: string;
  scope: string;
  accessTokenLifetime: string;
  refreshTokenLifetime: string;
  jwks: string;
}

/**
 * A form field.
 *
 */
export type RegistrationField = keyof RegistrationFormValues;

/**
 * A problem found before anything is sent (a lifetime that is not a number, a JWKS that is not JSON), tied to its field.
 *
 */
export interface FormProblem {
  field: RegistrationField;
  message: string;
}

/**
 * The form read into what `registerClient` / `updateClient` take, or the problems that stop it being sent.
 *
 */
export type ParsedRegistrationForm =
  | { ok: true; input: ClientRegistrationInput }
  | { ok: false; problems: FormProblem[] };

/**
 * The lifetimes the lab's server accepts, in seconds. They mirror `validateClientRegistration` (which stays the judge:
 * the form only shows them, and a unit test keeps the two in step).
 *
 */
export const LIFETIME_BOUNDS = {
  access: { min: 1, max: 3600 },
  refresh: { min: 10, max: 90 * 86_400 },
} as const;

/**
 * The workshop's advice: access tokens well under ten minutes, so a leaked token is useful only briefly.
 *
 */
const ADVISED_MAX_ACCESS_TOKEN_LIFETIME_SECONDS = 600;

/**
 * Whether an app type goes through the browser (authorization code flow): those have redirect URIs and a launch URL.
 *
 */
export function usesRedirects(appType: AppType): boolean {
  return appType !== "backend-service";
}

/**
 * Whether an app type authenticates with a private key and so registers its public keys.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html
 */
export function usesPublicKeys(appType: AppType): boolean {
  return appType === "confidential-asymmetric" || appType === "backend-service";
}

/**
 * The scopes an app type may be granted unless the learner says otherwise (the server's own defaults).
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html
 */
function defaultScopeFor(appType: AppType): string {
  return appType === "backend-service" ? DEFAULT_BACKEND_SCOPE : DEFAULT_APP_SCOPE;
}

/**
 * An empty registration form with the server's defaults filled in.
 *
 */
export function emptyRegistrationForm(appType: AppType = "public"): RegistrationFormValues {
  return {
    clientId: "",
    clientName: "",
    appType,
    redirectUris: "",
    launchUri: "",
    scope: defaultScopeFor(appType),
    accessTokenLifetime: String(DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS),
    refreshTokenLifetime: String(DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS),
    jwks: "",
  };
}

/**
 * Changes the app type; the allowed scopes follow the type's default unless the learner has edited them.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html#client-types
 */
export function withAppType(values: RegistrationFormValues, appType: AppType): RegistrationFormValues {
  const untouched = values.scope.trim() === defaultScopeFor(values.appType);
  return { ...values, appType, scope: untouched ? defaultScopeFor(appType) : values.scope };
}

/**
 * The edit form of a registered client: its current values. The JWKS stays empty, meaning "keep the current keys".
 *
 * @see https://www.rfc-editor.org/rfc/rfc7592#section-2.2
 */
export function formValuesFromClient(client: RegisteredClient): RegistrationFormValues {
  return {
    clientId: client.clientId,
    clientName: client.clientName,
    appType: client.appType,
    redirectUris: client.redirectUris.join("\n"),
    launchUri: client.launchUri ?? "",
    scope: client.scope,
    accessTokenLifetime: String(client.accessTokenLifetimeSeconds),
    refreshTokenLifetime: String(client.refreshTokenLifetimeSeconds),
    jwks: "",
  };
}

/**
 * Reads the form. Only what cannot be sent is checked here (numbers, JSON); everything else — redirect URI syntax,
 * scopes, lifetime bounds, the keys themselves — is left to the server, so the learner sees its real OAuth errors.
 * In `edit` mode the client id and app type are not sent (they cannot change), and an empty launch URL or JWKS keeps
 * the current one.
 *
 */
export function parseRegistrationForm(
  values: RegistrationFormValues,
  mode: "register" | "edit" = "register",
): ParsedRegistrationForm {
  const problems: FormProblem[] = [];
  const input: ClientRegistrationInput = {};

  if (mode === "register") {
    input.appType = values.appType;
    const clientId = values.clientId.trim();
    if (clientId !== "") input.clientId = clientId;
  }
  const clientName = values.clientName.trim();
  if (clientName !== "") input.clientName = clientName;

  if (usesRedirects(values.appType)) {
    input.redirectUris = lines(values.redirectUris);
    const launchUri = values.launchUri.trim();
    if (launchUri !== "") input.launchUri = launchUri;
  }

  input.scope = scopeText(values.scope);

  const access = parseSeconds(values.accessTokenLifetime);
  if (access === null) problems.push({ field: "accessTokenLifetime", message: "Enter a whole number of seconds." });
  else input.accessTokenLifetimeSeconds = access;
  const refresh = parseSeconds(values.refreshTokenLifetime);
  if (refresh === null) problems.push({ field: "refreshTokenLifetime", message: "Enter a whole number of seconds." });
  else input.refreshTokenLifetimeSeconds = refresh;

  if (usesPublicKeys(values.appType) && values.jwks.trim() !== "") {
    const jwks = parseJson(values.jwks);
    if (!jwks.ok) problems.push({ field: "jwks", message: `The JWKS is not valid JSON: ${jwks.message}` });
    else input.jwks = jwks.value;
  }

  return problems.length > 0 ? { ok: false, problems } : { ok: true, input };
}

/**
 * The form field an error of the server is about, found from its code and the field its description names, so the
 * page can mark that field invalid next to the message. Undefined when no single field is to blame.
 *
 */
export function fieldOfRegistrationError(error: OAuthError): RegistrationField | undefined {
  if (error.error === "invalid_redirect_uri") return "redirectUris";
  const text = error.description;
  const rules: [RegExp, RegistrationField][] = [
    [/^client_id\b/, "clientId"],
    [/^client_name\b/, "clientName"],
    [/^launch_uri\b/, "launchUri"],
    [/^(jwks|private_key_jwt)\b/, "jwks"],
    [/^The access token lifetime\b/, "accessTokenLifetime"],
    [/^The refresh token lifetime\b/, "refreshTokenLifetime"],
    [/^scope\b/, "scope"],
  ];
  return rules.find(([pattern]) => pattern.test(text))?.[1];
}

/**
 * Advice on an access token lifetime as typed: a sentence when it is longer than the workshop recommends, else null.
 *
 */
export function accessLifetimeAdvice(text: string): string | null {
  const seconds = parseSeconds(text);
  if (seconds === null || seconds <= ADVISED_MAX_ACCESS_TOKEN_LIFETIME_SECONDS) return null;
  return `${seconds} seconds is more than 10 minutes: a leaked token would stay useful that long. Shorter is safer; apps refresh.`;
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

function scopeText(text: string): string {
  return text
    .split(/\s+/)
    .filter((s) => s !== "")
    .join(" ");
}

function parseSeconds(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : null;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
