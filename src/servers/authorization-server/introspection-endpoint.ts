import { type OAuthParameters, parseBearerToken } from "../../protocol/oauth/form-parameters.ts";
import { type OAuthResult, oauthFailure, succeed } from "../../protocol/oauth/oauth-error.ts";
import { verifyIssuedAccessToken } from "./access-token-verifier.ts";
import { authenticateClient } from "./client-authentication.ts";
import type { ServerContext } from "./server-context.ts";
import { absoluteFhirUser, launchContextParameters } from "./token-issuer.ts";

/**
 * An introspection answer: `{"active": false}` and nothing else for any token that is not active, else the
 * RFC 7662 fields plus what SMART requires (scope, client_id, exp, sub, iss, fhirUser, launch context).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.2
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/token-introspection.html
 */
export type IntrospectionResponse = { active: false } | ({ active: true } & Record<string, unknown>);

/**
 * Who may introspect: a caller presenting a valid access token of this server as `Authorization: Bearer`, or a
 * confidential client authenticating with its registered method (a public client's bare client_id proves
 * nothing). Any active token can be introspected by any such caller, as resource servers need.
 *
 */
export async function processIntrospection(
  ctx: ServerContext,
  request: Request,
  params: OAuthParameters,
): Promise<OAuthResult<IntrospectionResponse>> {
  const bearer = parseBearerToken(request.headers.get("authorization"));
  let caller: string;
  if (bearer !== null) {
    const verified = await verifyIssuedAccessToken(ctx, bearer);
    if (!verified.valid)
      return oauthFailure(
        "invalid_token",
        `The Bearer token of the introspection call is not valid: ${verified.description}`,
      );
    caller = `bearer of a token of ${String(verified.claims.client_id)}`;
  } else {
    const authentication = await authenticateClient(ctx, request, params, ctx.deps.endpoints.introspect);
    if (!authentication.ok) return authentication;
    if (authentication.value.kind === "unidentified" || authentication.value.method === "none") {
      return oauthFailure(
        "invalid_client",
        "Introspection needs authentication: a Bearer access token, or the credentials of a confidential client.",
      );
    }
    caller = authentication.value.client.clientId;
  }
  const token = params.get("token");
  if (token === undefined) return oauthFailure("invalid_request", "token is missing.");

  const response = await introspect(ctx, token, params.get("token_type_hint"));
  ctx.trace(
    "token.introspected",
    `Introspection by ${caller}: the token is ${response.active ? "active" : "not active"}.`,
    {
      caller,
      active: response.active,
    },
  );
  return succeed(response);
}

async function introspect(ctx: ServerContext, token: string, hint: string | undefined): Promise<IntrospectionResponse> {
  // The hint only orders the lookups (RFC 7662 §2.1: the server extends its search if the hint is wrong).
  const lookups = hint === "refresh_token" ? [refreshTokenInfo, accessTokenInfo] : [accessTokenInfo, refreshTokenInfo];
  for (const lookup of lookups) {
    const info = await lookup(ctx, token);
    if (info) return info;
  }
  return { active: false };
}

async function accessTokenInfo(ctx: ServerContext, token: string): Promise<IntrospectionResponse | undefined> {
  if (token.split(".").length !== 3) return undefined;
  const verified = await verifyIssuedAccessToken(ctx, token);
  if (!verified.valid) return verified.status === "malformed" ? undefined : { active: false };
  const { claims, record } = verified;
  const response: IntrospectionResponse = {
    active: true,
    scope: record.scope,
    client_id: record.clientId,
    exp: claims.exp,
    iat: claims.iat,
    sub: claims.sub,
    iss: claims.iss,
    aud: claims.aud,
    jti: claims.jti,
    token_type: "Bearer",
  };
  if (record.fhirUser !== undefined) response.fhirUser = record.fhirUser;
  // SMART: every launch context parameter of the original token response appears in the introspection response.
  return { ...response, ...launchContextParameters(record.context) };
}

async function refreshTokenInfo(ctx: ServerContext, token: string): Promise<IntrospectionResponse | undefined> {
  const record = ctx.state.refreshTokens.get(token);
  if (!record) return undefined;
  const sessionEnded = record.grant.sessionId !== undefined && ctx.state.session.get()?.id !== record.grant.sessionId;
  if (record.revoked || record.rotatedAt !== undefined || record.expiresAt <= ctx.now() || sessionEnded) {
    return { active: false };
  }
  const { grant } = record;
  const response: IntrospectionResponse = {
    active: true,
    scope: grant.scope,
    client_id: grant.clientId,
    exp: Math.floor(record.expiresAt / 1000),
    iat: Math.floor(record.issuedAt / 1000),
    sub: grant.subject,
    iss: ctx.issuer,
  };
  const fhirUser = absoluteFhirUser(ctx, grant.fhirUser);
  if (fhirUser !== undefined) response.fhirUser = fhirUser;
  return { ...response, ...launchContextParameters(grant.context) };
}
