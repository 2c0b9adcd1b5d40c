import { type OAuthResult, oauthFailure, succeed } from "../../protocol/oauth/oauth-error.ts";
import { registerClient } from "./client-registry.ts";
import type {
  ClientRegistrationInput,
  GrantType,
  RegisteredClient,
  TokenEndpointAuthMethod,
} from "./registered-client.ts";
import type { ServerContext } from "./server-context.ts";

/**
 * Processes an RFC 7591 registration request (JSON client metadata, no initial access token: registration is
 * open in the lab). Understood fields: `redirect_uris`, `client_name`, `token_endpoint_auth_method`,
 * `grant_types`, `response_types`, `scope`, `jwks`, `jwks_uri`, `logo_uri`, and the lab's `launch_uri`; others
 * are ignored as RFC 7591 §2 requires. Returns the 201 body: the metadata as registered, `client_id`,
 * `client_id_issued_at`, and for secret-based clients `client_secret` with `client_secret_expires_at` (0).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.1
 */
export async function processRegistration(
  ctx: ServerContext,
  request: Request,
): Promise<OAuthResult<Record<string, unknown>>> {
  const contentType = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (contentType !== "application/json") {
    return oauthFailure(
      "invalid_client_metadata",
      "Send the client metadata as application/json (RFC 7591 section 3.1).",
    );
  }
  let metadata: unknown;
  try {
    metadata = await request.json();
  } catch {
    return oauthFailure("invalid_client_metadata", "The request body is not valid JSON.");
  }
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    return oauthFailure("invalid_client_metadata", "The client metadata must be a JSON object.");
  }
  const input = toRegistrationInput(metadata as Record<string, unknown>);
  if (!input.ok) return input;
  const registered = await registerClient(ctx, input.value, "registration-endpoint");
  if (!registered.ok) return registered;
  return succeed(registrationResponse(registered.value));
}

/**
 * The RFC 7591 view of a registered client (also what the lab's registration page can display as JSON).
 *
 */
function registrationResponse(client: RegisteredClient): Record<string, unknown> {
  const body: Record<string, unknown> = {
    client_id: client.clientId,
    client_id_issued_at: client.clientIdIssuedAt,
    client_name: client.clientName,
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    grant_types: client.grantTypes,
    response_types: client.grantTypes.includes("authorization_code") ? ["code"] : [],
    redirect_uris: client.redirectUris,
    scope: client.scope,
  };
  if (client.clientSecret !== undefined) {
    body.client_secret = client.clientSecret;
    body.client_secret_expires_at = client.clientSecretExpiresAt;
  }
  if (client.jwks !== undefined) body.jwks = client.jwks;
  if (client.jwksUri !== undefined) body.jwks_uri = client.jwksUri;
  if (client.logoUri !== undefined) body.logo_uri = client.logoUri;
  if (client.launchUri !== undefined) body.launch_uri = client.launchUri;
  return body;
}

function toRegistrationInput(metadata: Record<string, unknown>): OAuthResult<ClientRegistrationInput> {
  const input: ClientRegistrationInput = {};
  const { redirect_uris, client_name, token_endpoint_auth_method, grant_types, response_types, scope } = metadata;
  if (redirect_uris !== undefined) {
    if (!isStringArray(redirect_uris))
      return oauthFailure("invalid_redirect_uri", "redirect_uris must be an array of strings.");
    input.redirectUris = redirect_uris;
  }
  if (client_name !== undefined) {
    if (typeof client_name !== "string")
      return oauthFailure("invalid_client_metadata", "client_name must be a string.");
    input.clientName = client_name;
  }
  if (token_endpoint_auth_method !== undefined) {
    if (typeof token_endpoint_auth_method !== "string") {
      return oauthFailure("invalid_client_metadata", "token_endpoint_auth_method must be a string.");
    }
    input.tokenEndpointAuthMethod = token_endpoint_auth_method as TokenEndpointAuthMethod;
  }
  if (grant_types !== undefined) {
    if (!isStringArray(grant_types))
      return oauthFailure("invalid_client_metadata", "grant_types must be an array of strings.");
    input.grantTypes = grant_types as GrantType[];
  }
  if (response_types !== undefined) {
    if (!isStringArray(response_types))
      return oauthFailure("invalid_client_metadata", "response_types must be an array of strings.");
    const unsupported = response_types.filter((type) => type !== "code");
    if (unsupported.length > 0) {
      return oauthFailure(
        "invalid_client_metadata",
        `response_types ${unsupported.join(", ")} not supported; SMART uses code.`,
      );
    }
    // RFC 7591 §2.1: response_type code goes with the authorization_code grant.
    const grants = input.grantTypes ?? ["authorization_code"];
    if (response_types.includes("code") && !grants.includes("authorization_code")) {
      return oauthFailure(
        "invalid_client_metadata",
        "response_types code needs grant_types to include authorization_code.",
      );
    }
  }
  if (scope !== undefined) {
    if (typeof scope !== "string")
      return oauthFailure("invalid_client_metadata", "scope must be a space-separated string.");
    input.scope = scope;
  }
  for (const [field, key] of [
    ["jwks_uri", "jwksUri"],
    ["logo_uri", "logoUri"],
    ["launch_uri", "launchUri"],
  ] as const) {
    const value = metadata[field];
    if (value === undefined) continue;
    if (typeof value !== "string") return oauthFailure("invalid_client_metadata", `${field} must be a string.`);
    input[key] = value;
  }
  if (metadata.jwks !== undefined) input.jwks = metadata.jwks;
  return succeed(input);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}
