import type { OAuthParameters } from "../../protocol/oauth/form-parameters.ts";
import { type OAuthResult, oauthFailure, succeed } from "../../protocol/oauth/oauth-error.ts";
import { verifyS256CodeVerifier } from "../../protocol/oauth/pkce.ts";
import { authenticateClient, type ClientAuthentication } from "./client-authentication.ts";
import { isConfidentialClient, type RegisteredClient } from "./registered-client.ts";
import { offerScopes, scopeLengthProblem, scopesBeyond, splitScopes } from "./scope-policy.ts";
import type { ServerContext } from "./server-context.ts";
import type { AuthorizationGrant } from "./server-state.ts";
import { issueTokens, revokeGrant, type TokenResponseBody } from "./token-issuer.ts";

/**
 * Backend Services: "the `expires_in` value SHOULD NOT exceed 300".
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/backend-services.html#issue-access-token
 */
const BACKEND_MAX_ACCESS_LIFETIME_SECONDS = 300;

/**
 * Processes a token request (form parameters already read): authenticates the client, then runs the
 * `authorization_code`, `refresh_token` or `client_credentials` grant. Returns the token response body or the
 * RFC 6749 §5.2 error.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 */
export async function processTokenRequest(
  ctx: ServerContext,
  request: Request,
  params: OAuthParameters,
): Promise<OAuthResult<TokenResponseBody>> {
  const grantType = params.get("grant_type");
  if (grantType === undefined) return oauthFailure("invalid_request", "grant_type is missing.");
  if (grantType !== "authorization_code" && grantType !== "refresh_token" && grantType !== "client_credentials") {
    return oauthFailure(
      "unsupported_grant_type",
      `grant_type ${grantType} is not supported; use authorization_code, refresh_token or client_credentials.`,
    );
  }
  const authentication = await authenticateClient(ctx, request, params, ctx.deps.endpoints.token);
  if (!authentication.ok) return authentication;
  switch (grantType) {
    case "authorization_code":
      return authorizationCodeGrant(ctx, params, authentication.value);
    case "refresh_token":
      return refreshTokenGrant(ctx, params, authentication.value);
    case "client_credentials":
      return clientCredentialsGrant(ctx, params, authentication.value);
  }
}

async function authorizationCodeGrant(
  ctx: ServerContext,
  params: OAuthParameters,
  authentication: ClientAuthentication,
): Promise<OAuthResult<TokenResponseBody>> {
  if (authentication.kind === "unidentified") {
    return oauthFailure("invalid_request", "client_id is required: a public client identifies itself with client_id.");
  }
  const { client } = authentication;
  if (!client.grantTypes.includes("authorization_code")) {
    return oauthFailure(
      "unauthorized_client",
      `Client ${client.clientId} is not registered for the authorization_code grant.`,
    );
  }
  const code = params.get("code");
  if (code === undefined) return oauthFailure("invalid_request", "code is missing.");
  const redirectUri = params.get("redirect_uri");
  if (redirectUri === undefined)
    return oauthFailure("invalid_request", "redirect_uri is missing; send the one used at authorize.");

  const record = ctx.state.codes.get(code);
  if (!record)
    return oauthFailure("invalid_grant", "The authorization code is unknown (never issued, or long expired).");
  if (record.grant.clientId !== client.clientId) {
    return oauthFailure("invalid_grant", "The authorization code was issued to another client.");
  }
  if (record.redeemedAt !== undefined) {
    // RFC 6749 §4.1.2: a code used twice is a sign of theft; revoke what the first use obtained.
    const revoked = revokeGrant(ctx, record.grant.grantId, "authorization-code-replayed");
    ctx.trace(
      "token.code-replayed",
      `An authorization code was used a second time; ${revoked} token(s) issued from it were revoked.`,
      {
        clientId: client.clientId,
        grantId: record.grant.grantId,
        revoked,
      },
    );
    return oauthFailure(
      "invalid_grant",
      "The authorization code was already used; the tokens issued from it have been revoked.",
    );
  }
  if (record.expiresAt <= ctx.now()) {
    return oauthFailure("invalid_grant", "The authorization code has expired (codes live 60 seconds).");
  }
  if (redirectUri !== record.redirectUri) {
    return oauthFailure("invalid_grant", "redirect_uri does not match the one in the authorization request.");
  }
  const verifier = params.get("code_verifier");
  if (verifier === undefined) return oauthFailure("invalid_request", "code_verifier is missing: SMART requires PKCE.");
  if (!(await verifyS256CodeVerifier(verifier, record.codeChallenge, ctx.subtle))) {
    return oauthFailure(
      "invalid_grant",
      "PKCE verification failed: BASE64URL(SHA256(code_verifier)) is not the code_challenge.",
    );
  }

  ctx.state.codes.put(code, { ...record, redeemedAt: ctx.now() });
  const body = await issueTokens(ctx, record.grant, { client, mayRefresh: true, withIdToken: true });
  traceIssued(ctx, "authorization_code", client, record.grant.scope, body);
  return succeed(body);
}

async function refreshTokenGrant(
  ctx: ServerContext,
  params: OAuthParameters,
  authentication: ClientAuthentication,
): Promise<OAuthResult<TokenResponseBody>> {
  const token = params.get("refresh_token");
  if (token === undefined) return oauthFailure("invalid_request", "refresh_token is missing.");
  const record = ctx.state.refreshTokens.get(token);
  if (!record) return oauthFailure("invalid_grant", "The refresh token is unknown.");

  // fhirclient refreshes a public app without client_id; the refresh token itself names the client then. A
  // confidential client must still authenticate (RFC 6749 §6).
  const client: RegisteredClient | undefined =
    authentication.kind === "client" ? authentication.client : ctx.state.clients.get(record.grant.clientId);
  if (!client) return oauthFailure("invalid_grant", "The client of this refresh token no longer exists.");
  if (client.clientId !== record.grant.clientId) {
    return oauthFailure("invalid_grant", "The refresh token was issued to another client.");
  }
  if (authentication.kind === "unidentified") {
    if (isConfidentialClient(client)) {
      return oauthFailure(
        "invalid_client",
        `Client ${client.clientId} is confidential and must authenticate to refresh.`,
      );
    }
    if (ctx.faults().invalidClient) {
      return oauthFailure(
        "invalid_client",
        `Client ${client.clientId} was rejected (simulated fault: invalid client).`,
      );
    }
  }
  if (!client.grantTypes.includes("refresh_token")) {
    return oauthFailure(
      "unauthorized_client",
      `Client ${client.clientId} is not registered for the refresh_token grant.`,
    );
  }
  if (record.revoked) return oauthFailure("invalid_grant", `The refresh token was revoked (${record.revoked.reason}).`);
  if (record.rotatedAt !== undefined) {
    // Rotation: a used refresh token coming back means two parties hold it; end the whole grant.
    const revoked = revokeGrant(ctx, record.grant.grantId, "refresh-token-replayed");
    ctx.trace(
      "token.refresh-replayed",
      `A rotated refresh token was used again; ${revoked} token(s) of its grant were revoked.`,
      {
        clientId: client.clientId,
        grantId: record.grant.grantId,
        revoked,
      },
    );
    return oauthFailure(
      "invalid_grant",
      "The refresh token was already used (tokens rotate on every refresh); the grant has been revoked.",
    );
  }
  if (record.expiresAt <= ctx.now()) return oauthFailure("invalid_grant", "The refresh token has expired.");
  if (record.grant.sessionId !== undefined && ctx.state.session.get()?.id !== record.grant.sessionId) {
    return oauthFailure("invalid_grant", "This online_access refresh token ended with the user's sign-in session.");
  }

  const granted = splitScopes(record.grant.scope);
  const requestedScope = params.get("scope");
  let accessScope = record.grant.scope;
  if (requestedScope !== undefined) {
    const tooLong = scopeLengthProblem(requestedScope);
    if (tooLong !== null) return oauthFailure("invalid_scope", tooLong);
    const requested = splitScopes(requestedScope);
    const beyond = scopesBeyond(requested, granted);
    if (beyond.length > 0) {
      return oauthFailure(
        "invalid_scope",
        `A refresh cannot add scopes beyond the original grant: ${beyond.join(" ")}.`,
      );
    }
    accessScope = requested.join(" ");
  }

  ctx.state.refreshTokens.put(token, { ...record, rotatedAt: ctx.now() });
  const body = await issueTokens(ctx, record.grant, { client, accessScope, mayRefresh: true, withIdToken: false });
  traceIssued(ctx, "refresh_token", client, requestedScope ?? record.grant.scope, body);
  return succeed(body);
}

async function clientCredentialsGrant(
  ctx: ServerContext,
  params: OAuthParameters,
  authentication: ClientAuthentication,
): Promise<OAuthResult<TokenResponseBody>> {
  if (authentication.kind === "unidentified") {
    return oauthFailure(
      "invalid_client",
      "client_credentials requires client authentication (a signed client_assertion).",
    );
  }
  const { client } = authentication;
  if (!isConfidentialClient(client)) {
    return oauthFailure("unauthorized_client", "A public client cannot use client_credentials.");
  }
  if (!client.grantTypes.includes("client_credentials")) {
    return oauthFailure(
      "unauthorized_client",
      `Client ${client.clientId} is not registered for the client_credentials grant.`,
    );
  }
  const scope = params.get("scope");
  if (scope === undefined)
    return oauthFailure("invalid_scope", "scope is required for client_credentials (e.g. system/Patient.rs).");
  const tooLong = scopeLengthProblem(scope);
  if (tooLong !== null) return oauthFailure("invalid_scope", tooLong);
  if (ctx.faults().invalidScope)
    return oauthFailure("invalid_scope", "The requested scope was rejected (simulated fault: invalid scope).");
  const offers = offerScopes(scope, client.scope, { kind: "backend" });
  // Backend Services: a client asking for data it is not pre-authorized for "SHOULD" get a failure, not less.
  const refused = offers.filter((offer) => offer.grantable === null || offer.narrowed);
  if (refused.length > 0 || offers.length === 0) {
    return oauthFailure(
      "invalid_scope",
      `Requested scopes exceed what ${client.clientId} is pre-authorized for (${client.scope}): ${refused.map((o) => o.reason).join("; ")}.`,
    );
  }
  const grant: AuthorizationGrant = {
    grantId: ctx.randomToken(16),
    clientId: client.clientId,
    scope: [...new Set(offers.flatMap((o) => (o.grantable === null ? [] : [o.grantable])))].join(" "),
    subject: client.clientId,
    context: {},
  };
  const body = await issueTokens(ctx, grant, {
    client,
    mayRefresh: false,
    withIdToken: false,
    maxAccessLifetimeSeconds: BACKEND_MAX_ACCESS_LIFETIME_SECONDS,
  });
  traceIssued(ctx, "client_credentials", client, scope, body);
  return succeed(body);
}

function traceIssued(
  ctx: ServerContext,
  grantType: string,
  client: RegisteredClient,
  requestedScope: string,
  body: TokenResponseBody,
) {
  ctx.trace("token.issued", `Issued an access token to ${client.clientName} (${grantType}).`, {
    grantType,
    clientId: client.clientId,
    requestedScope,
    grantedScope: body.scope,
    expiresIn: body.expires_in,
    refreshToken: body.refresh_token !== undefined,
    idToken: body.id_token !== undefined,
    patient: body.patient ?? null,
    encounter: body.encounter ?? null,
  });
}
