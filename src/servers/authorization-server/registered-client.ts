import type { JSONWebKeySet } from "jose";
import { type OAuthResult, oauthFailure, succeed } from "../../protocol/oauth/oauth-error.ts";
import { redirectUriProblem } from "../../protocol/oauth/redirect-uri.ts";
import { validateClientJwks } from "../../protocol/oauth/validate-client-jwks.ts";
import { MAX_SCOPE_LENGTH } from "./scope-policy.ts";

/**
 * How a client authenticates at the token endpoint.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html#metadata
 */
export type TokenEndpointAuthMethod = "none" | "client_secret_basic" | "client_secret_post" | "private_key_jwt";

/**
 * The token endpoint grants the lab implements.
 *
 */
export type GrantType = "authorization_code" | "refresh_token" | "client_credentials";

/**
 * The four kinds of SMART client, as the registration slide names them.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#support-for-public-and-confidential-apps
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/backend-services.html
 */
export type AppType = "public" | "confidential-symmetric" | "confidential-asymmetric" | "backend-service";

/**
 * Every token endpoint authentication method, in the order discovery advertises them.
 *
 */
export const TOKEN_ENDPOINT_AUTH_METHODS: readonly TokenEndpointAuthMethod[] = [
  "none",
  "client_secret_basic",
  "client_secret_post",
  "private_key_jwt",
];

/**
 * Every grant type, in the order discovery advertises them.
 *
 */
export const GRANT_TYPES: readonly GrantType[] = ["authorization_code", "refresh_token", "client_credentials"];

/**
 * A client the server knows: the elements of the workshop's registration slide (client id, secret, app name,
 * redirect URIs, app type, allowed scopes, token lifetimes, launch URL) plus what authentication needs.
 *
 */
export interface RegisteredClient {
  clientId: string;
  clientName: string;
  appType: AppType;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** Only for `client_secret_basic` / `client_secret_post`. */
  clientSecret?: string;
  redirectUris: string[];
  /** Where the EHR simulator sends `iss` and `launch` for an EHR launch. */
  launchUri?: string;
  grantTypes: GrantType[];
  /** The scopes the client may be granted, space-separated; requests beyond them are narrowed or refused. */
  scope: string;
  /** Public keys for `private_key_jwt`, registered inline. */
  jwks?: JSONWebKeySet;
  /** Public keys for `private_key_jwt`, fetched from this URL (see `AuthorizationServerDeps.fetchJwks`). */
  jwksUri?: string;
  logoUri?: string;
  /** Access token lifetime in seconds (default 300: the workshop's "well under 10 minutes"). */
  accessTokenLifetimeSeconds: number;
  /** Refresh token lifetime in seconds. */
  refreshTokenLifetimeSeconds: number;
  /** Epoch seconds. */
  clientIdIssuedAt: number;
  /** 0: the secret does not expire (RFC 7591 §3.2.1). */
  clientSecretExpiresAt: number;
  /** Who created it: a pre-registered sample, the registration endpoint, or the lab's registration page. */
  source: "sample" | "registration-endpoint" | "lab";
}

/**
 * What a registration (from the lab's page or the RFC 7591 endpoint) may specify; everything else is defaulted.
 *
 */
export interface ClientRegistrationInput {
  /** Chosen id (3 to 64 of `A-Z a-z 0-9 . _ ~ -`); generated when absent. */
  clientId?: string;
  clientName?: string;
  /** Shortcut that picks the auth method and grant types when those are absent. */
  appType?: AppType;
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  redirectUris?: readonly string[];
  grantTypes?: readonly GrantType[];
  scope?: string;
  jwks?: unknown;
  jwksUri?: string;
  launchUri?: string;
  logoUri?: string;
  /** For secret-based clients the lab page may set a known secret; generated when absent. */
  clientSecret?: string;
  accessTokenLifetimeSeconds?: number;
  refreshTokenLifetimeSeconds?: number;
}

/**
 * Default allowed scopes of user-facing apps: everything a SMART app may ask for, narrowed at consent.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#quick-start
 */
export const DEFAULT_APP_SCOPE =
  "openid fhirUser profile launch launch/patient launch/encounter offline_access online_access patient/*.cruds user/*.cruds";

/**
 * Default allowed scopes of backend services: read and search any resource at system level.
 *
 */
export const DEFAULT_BACKEND_SCOPE = "system/*.rs";

/**
 * Default access token lifetime: five minutes, the Backend Services recommendation and well below an hour.
 *
 */
export const DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS = 300;

/**
 * Default refresh token lifetime: one day.
 *
 */
export const DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS = 86_400;

// "Access tokens SHOULD have a valid lifetime no greater than one hour" (IG app-launch §5).
const MAX_ACCESS_TOKEN_LIFETIME_SECONDS = 3600;
const MAX_REFRESH_TOKEN_LIFETIME_SECONDS = 90 * 86_400;
const CLIENT_ID_SYNTAX = /^[A-Za-z0-9._~-]{3,64}$/;

/**
 * What validation needs besides the input: fresh ids and secrets, the clock, and how scopes and JWKS URLs are checked.
 *
 */
export interface ClientValidationContext {
  /** Epoch milliseconds. */
  now: number;
  newClientId(): string;
  newClientSecret(): string;
  /** Whether the id is already taken (by another client than the one being updated). */
  isClientIdTaken(clientId: string): boolean;
  /** Scopes a client may not register, with the reason, e.g. malformed ones; empty when all are fine. */
  invalidScopes(scope: string): readonly string[];
  /** Why a `jwks_uri` cannot be used, or null when it can. */
  jwksUriProblem(uri: string): string | null;
  source: RegisteredClient["source"];
}

/**
 * Validates registration metadata and fills in defaults, failing with `invalid_redirect_uri` or
 * `invalid_client_metadata` and a description naming the offending field. Also used for updates (the merged
 * record is validated again), so the lab's page and the RFC 7591 endpoint share one rule book.
 *
 */
export async function validateClientRegistration(
  input: ClientRegistrationInput,
  context: ClientValidationContext,
  existing?: RegisteredClient,
): Promise<OAuthResult<RegisteredClient>> {
  const clientId = input.clientId ?? existing?.clientId ?? context.newClientId();
  if (!CLIENT_ID_SYNTAX.test(clientId)) {
    return oauthFailure("invalid_client_metadata", "client_id must be 3 to 64 characters of A-Z a-z 0-9 . _ ~ -.");
  }
  if (clientId !== existing?.clientId && context.isClientIdTaken(clientId)) {
    return oauthFailure("invalid_client_metadata", `client_id ${clientId} is already registered.`);
  }

  const method = input.tokenEndpointAuthMethod ?? defaultAuthMethod(input.appType) ?? existing?.tokenEndpointAuthMethod;
  // RFC 7591 §2: "If unspecified or omitted, the default is client_secret_basic".
  const tokenEndpointAuthMethod = method ?? "client_secret_basic";
  if (!TOKEN_ENDPOINT_AUTH_METHODS.includes(tokenEndpointAuthMethod)) {
    return oauthFailure(
      "invalid_client_metadata",
      `token_endpoint_auth_method ${String(tokenEndpointAuthMethod)} is not supported; use one of ${TOKEN_ENDPOINT_AUTH_METHODS.join(", ")}.`,
    );
  }

  const requestedGrants = input.grantTypes ?? defaultGrantTypes(input.appType) ?? existing?.grantTypes;
  // RFC 7591 §2: grant_types defaults to authorization_code.
  const grantList = [...(requestedGrants ?? ["authorization_code"])];
  const unknownGrant = grantList.find((grant) => !GRANT_TYPES.includes(grant));
  if (unknownGrant !== undefined) {
    return oauthFailure("invalid_client_metadata", `grant_type ${String(unknownGrant)} is not supported.`);
  }
  // A code-flow client may always refresh (when it is granted offline_access/online_access): the lab treats
  // refresh_token as implied by authorization_code rather than surprise learners whose app omitted it.
  if (grantList.includes("authorization_code") && !grantList.includes("refresh_token")) grantList.push("refresh_token");
  const grantTypes = GRANT_TYPES.filter((grant) => grantList.includes(grant));
  if (grantTypes.length === 0) return oauthFailure("invalid_client_metadata", "grant_types must not be empty.");
  if (grantTypes.includes("client_credentials") && tokenEndpointAuthMethod === "none") {
    return oauthFailure(
      "invalid_client_metadata",
      "client_credentials needs a confidential client: a public client (token_endpoint_auth_method none) cannot use it.",
    );
  }

  const redirectUris = [...(input.redirectUris ?? existing?.redirectUris ?? [])];
  if (grantTypes.includes("authorization_code") && redirectUris.length === 0) {
    return oauthFailure(
      "invalid_redirect_uri",
      "redirect_uris must list at least one URI for the authorization_code grant.",
    );
  }
  for (const uri of redirectUris) {
    if (typeof uri !== "string") return oauthFailure("invalid_redirect_uri", "redirect_uris must be strings.");
    const problem = redirectUriProblem(uri);
    if (problem !== null) return oauthFailure("invalid_redirect_uri", problem);
  }

  const clientName = (input.clientName ?? existing?.clientName ?? clientId).trim();
  if (clientName === "" || clientName.length > 120) {
    return oauthFailure("invalid_client_metadata", "client_name must be 1 to 120 characters.");
  }

  const appType = deriveAppType(tokenEndpointAuthMethod, grantTypes);
  const scope = normalizeScope(
    input.scope ?? existing?.scope ?? (appType === "backend-service" ? DEFAULT_BACKEND_SCOPE : DEFAULT_APP_SCOPE),
  );
  if (scope === "") return oauthFailure("invalid_client_metadata", "scope must list at least one scope.");
  // Checked before parsing: a huge scope string costs the tab seconds of CPU (see scope-policy MAX_SCOPE_LENGTH).
  if (scope.length > MAX_SCOPE_LENGTH) {
    return oauthFailure(
      "invalid_client_metadata",
      `scope is ${scope.length} characters long; at most ${MAX_SCOPE_LENGTH} are accepted.`,
    );
  }
  const invalid = context.invalidScopes(scope);
  if (invalid.length > 0)
    return oauthFailure("invalid_client_metadata", `scope contains invalid scopes: ${invalid.join("; ")}.`);

  // Keys: only for private_key_jwt, exactly one of jwks / jwks_uri (RFC 7591 §2: "MUST NOT both be present").
  const keepExistingKeys = input.jwks === undefined && input.jwksUri === undefined;
  let jwks: JSONWebKeySet | undefined = keepExistingKeys ? existing?.jwks : undefined;
  let jwksUri: string | undefined = keepExistingKeys ? existing?.jwksUri : undefined;
  if (input.jwks !== undefined && input.jwksUri !== undefined) {
    return oauthFailure("invalid_client_metadata", "jwks and jwks_uri must not both be present.");
  }
  if (input.jwks !== undefined) {
    const checked = await validateClientJwks(input.jwks);
    if (!checked.ok) return checked;
    jwks = checked.value;
  }
  if (input.jwksUri !== undefined) {
    const problem = context.jwksUriProblem(input.jwksUri);
    if (problem !== null) return oauthFailure("invalid_client_metadata", problem);
    jwksUri = input.jwksUri;
  }
  if (tokenEndpointAuthMethod === "private_key_jwt" && jwks === undefined && jwksUri === undefined) {
    return oauthFailure(
      "invalid_client_metadata",
      "private_key_jwt needs the client's public keys: send jwks (or jwks_uri).",
    );
  }

  for (const [field, uri] of [
    ["launch_uri", input.launchUri ?? existing?.launchUri],
    ["logo_uri", input.logoUri ?? existing?.logoUri],
  ] as const) {
    if (uri !== undefined && redirectUriProblem(uri) !== null) {
      return oauthFailure("invalid_client_metadata", `${field} must be an absolute http(s) URL without fragment.`);
    }
  }

  const accessTokenLifetimeSeconds =
    input.accessTokenLifetimeSeconds ?? existing?.accessTokenLifetimeSeconds ?? DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS;
  if (!isWholeNumberIn(accessTokenLifetimeSeconds, 1, MAX_ACCESS_TOKEN_LIFETIME_SECONDS)) {
    return oauthFailure(
      "invalid_client_metadata",
      `The access token lifetime must be 1 to ${MAX_ACCESS_TOKEN_LIFETIME_SECONDS} seconds (SMART: at most one hour).`,
    );
  }
  const refreshTokenLifetimeSeconds =
    input.refreshTokenLifetimeSeconds ??
    existing?.refreshTokenLifetimeSeconds ??
    DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS;
  if (!isWholeNumberIn(refreshTokenLifetimeSeconds, 10, MAX_REFRESH_TOKEN_LIFETIME_SECONDS)) {
    return oauthFailure("invalid_client_metadata", "The refresh token lifetime must be 10 seconds to 90 days.");
  }

  const usesSecret =
    tokenEndpointAuthMethod === "client_secret_basic" || tokenEndpointAuthMethod === "client_secret_post";
  const clientSecret = usesSecret
    ? (input.clientSecret ?? existing?.clientSecret ?? context.newClientSecret())
    : undefined;
  if (clientSecret !== undefined && !/^[\x21-\x7e]{8,128}$/.test(clientSecret)) {
    return oauthFailure("invalid_client_metadata", "client_secret must be 8 to 128 printable ASCII characters.");
  }

  const client: RegisteredClient = {
    clientId,
    clientName,
    appType,
    tokenEndpointAuthMethod,
    redirectUris,
    grantTypes,
    scope,
    accessTokenLifetimeSeconds,
    refreshTokenLifetimeSeconds,
    clientIdIssuedAt: existing?.clientIdIssuedAt ?? Math.floor(context.now / 1000),
    clientSecretExpiresAt: 0,
    source: existing?.source ?? context.source,
  };
  if (clientSecret !== undefined) client.clientSecret = clientSecret;
  if (jwks !== undefined) client.jwks = jwks;
  if (jwksUri !== undefined) client.jwksUri = jwksUri;
  const launchUri = input.launchUri ?? existing?.launchUri;
  if (launchUri !== undefined) client.launchUri = launchUri;
  const logoUri = input.logoUri ?? existing?.logoUri;
  if (logoUri !== undefined) client.logoUri = logoUri;
  return succeed(client);
}

/**
 * The app type implied by an auth method and grant types: no authentication is a public app, a secret is
 * symmetric, a key pair is asymmetric, and a key-pair client with only client_credentials is a backend service.
 *
 */
export function deriveAppType(method: TokenEndpointAuthMethod, grantTypes: readonly GrantType[]): AppType {
  if (method === "none") return "public";
  if (grantTypes.includes("client_credentials") && !grantTypes.includes("authorization_code")) return "backend-service";
  return method === "private_key_jwt" ? "confidential-asymmetric" : "confidential-symmetric";
}

/**
 * Whether a client must authenticate at the token endpoint (everything but public apps).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.1
 */
export function isConfidentialClient(client: RegisteredClient): boolean {
  return client.tokenEndpointAuthMethod !== "none";
}

function defaultAuthMethod(appType: AppType | undefined): TokenEndpointAuthMethod | undefined {
  switch (appType) {
    case "public":
      return "none";
    case "confidential-symmetric":
      return "client_secret_basic";
    case "confidential-asymmetric":
    case "backend-service":
      return "private_key_jwt";
    default:
      return undefined;
  }
}

function defaultGrantTypes(appType: AppType | undefined): readonly GrantType[] | undefined {
  if (appType === undefined) return undefined;
  return appType === "backend-service" ? ["client_credentials"] : ["authorization_code", "refresh_token"];
}

function normalizeScope(scope: string): string {
  return [...new Set(scope.split(/\s+/).filter((s) => s !== ""))].join(" ");
}

function isWholeNumberIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
