import { CLIENT_ASSERTION_ALGORITHMS } from "../../protocol/oauth/client-assertion.ts";
import { PKCE_METHOD } from "../../protocol/oauth/pkce.ts";
import { GRANT_TYPES, TOKEN_ENDPOINT_AUTH_METHODS } from "./registered-client.ts";
import type { ServerContext } from "./server-context.ts";

/**
 * The scopes discovery advertises (the server supports every one; clients should not treat it as exhaustive).
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html#metadata
 */
const SCOPES_SUPPORTED: readonly string[] = [
  "openid",
  "fhirUser",
  "profile",
  "launch",
  "launch/patient",
  "launch/encounter",
  "offline_access",
  "online_access",
  "patient/*.cruds",
  "user/*.cruds",
  "system/*.cruds",
  "patient/*.rs",
  "user/*.rs",
  "system/*.rs",
  "patient/*.read",
  "user/*.read",
  "system/*.read",
];

/**
 * The SMART capabilities the lab implements (STU 2.2 names).
 *
 */
const SMART_CAPABILITIES: readonly string[] = [
  "launch-ehr",
  "launch-standalone",
  "authorize-post",
  "client-public",
  "client-confidential-symmetric",
  "client-confidential-asymmetric",
  "sso-openid-connect",
  "context-banner",
  "context-style",
  "context-ehr-patient",
  "context-ehr-encounter",
  "context-standalone-patient",
  "context-standalone-encounter",
  "permission-offline",
  "permission-online",
  "permission-patient",
  "permission-user",
  "permission-v1",
  "permission-v2",
];

/**
 * The `.well-known/smart-configuration` document of the FHIR server (the wiring serves it under the FHIR base):
 * every required and recommended field, absolute URLs, `S256` only.
 *
 */
export function smartConfiguration(ctx: ServerContext): Record<string, unknown> {
  const { endpoints } = ctx.deps;
  return {
    issuer: ctx.issuer,
    jwks_uri: endpoints.jwks,
    authorization_endpoint: endpoints.authorize,
    token_endpoint: endpoints.token,
    grant_types_supported: GRANT_TYPES,
    token_endpoint_auth_methods_supported: TOKEN_ENDPOINT_AUTH_METHODS.filter((method) => method !== "none"),
    token_endpoint_auth_signing_alg_values_supported: CLIENT_ASSERTION_ALGORITHMS,
    registration_endpoint: endpoints.register,
    introspection_endpoint: endpoints.introspect,
    revocation_endpoint: endpoints.revoke,
    ...(endpoints.userinfo !== undefined ? { userinfo_endpoint: endpoints.userinfo } : {}),
    scopes_supported: SCOPES_SUPPORTED,
    response_types_supported: ["code"],
    code_challenge_methods_supported: [PKCE_METHOD],
    capabilities:
      ctx.deps.smartStyleUrl === undefined
        ? SMART_CAPABILITIES.filter((capability) => capability !== "context-style")
        : SMART_CAPABILITIES,
  };
}

/**
 * The OpenID Provider metadata at `{issuer}/.well-known/openid-configuration`.
 *
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 */
export function openidConfiguration(ctx: ServerContext): Record<string, unknown> {
  const { endpoints } = ctx.deps;
  return {
    issuer: ctx.issuer,
    authorization_endpoint: endpoints.authorize,
    token_endpoint: endpoints.token,
    ...(endpoints.userinfo !== undefined ? { userinfo_endpoint: endpoints.userinfo } : {}),
    jwks_uri: endpoints.jwks,
    registration_endpoint: endpoints.register,
    introspection_endpoint: endpoints.introspect,
    revocation_endpoint: endpoints.revoke,
    scopes_supported: SCOPES_SUPPORTED,
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: GRANT_TYPES,
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    token_endpoint_auth_methods_supported: TOKEN_ENDPOINT_AUTH_METHODS,
    token_endpoint_auth_signing_alg_values_supported: CLIENT_ASSERTION_ALGORITHMS,
    introspection_endpoint_auth_methods_supported: TOKEN_ENDPOINT_AUTH_METHODS.filter((method) => method !== "none"),
    revocation_endpoint_auth_methods_supported: TOKEN_ENDPOINT_AUTH_METHODS,
    code_challenge_methods_supported: [PKCE_METHOD],
    claims_supported: ["iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "fhirUser", "name", "email"],
    prompt_values_supported: ["none", "login", "consent"],
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
  };
}
