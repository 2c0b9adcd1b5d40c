import type { OAuthParameters } from "../../protocol/oauth/form-parameters.ts";
import { type OAuthResult, oauthFailure, succeed } from "../../protocol/oauth/oauth-error.ts";
import { readOwnTokenId } from "./access-token-verifier.ts";
import { authenticateClient } from "./client-authentication.ts";
import type { ServerContext } from "./server-context.ts";
import { revokeGrant } from "./token-issuer.ts";

/**
 * What a revocation did: nothing (unknown or already invalid tokens still get 200), or which kind of token ended.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.2
 */
export type RevocationOutcome = "not-found" | "refresh-token-revoked" | "access-token-revoked";

/**
 * Revokes a refresh token (and every token of its grant) or an access token (by `jti`). The client must identify
 * itself (authenticate if confidential) and may only revoke its own tokens (RFC 7009 §2.1: the request is
 * refused, here with `unauthorized_client`). Unknown tokens are not an error.
 *
 */
export async function processRevocation(
  ctx: ServerContext,
  request: Request,
  params: OAuthParameters,
): Promise<OAuthResult<RevocationOutcome>> {
  const authentication = await authenticateClient(ctx, request, params, ctx.deps.endpoints.revoke);
  if (!authentication.ok) return authentication;
  if (authentication.value.kind === "unidentified") {
    return oauthFailure(
      "invalid_client",
      "Identify the client: client_id for a public client, its credentials otherwise.",
    );
  }
  const { client } = authentication.value;
  const token = params.get("token");
  if (token === undefined) return oauthFailure("invalid_request", "token is missing.");
  const notYours = () => oauthFailure("unauthorized_client", "The token was issued to another client.");

  const hint = params.get("token_type_hint");
  const tryRefresh = (): OAuthResult<RevocationOutcome> | undefined => {
    const record = ctx.state.refreshTokens.get(token);
    if (!record) return undefined;
    if (record.grant.clientId !== client.clientId) return notYours();
    // RFC 7009 §2.1: revoking a refresh token SHOULD also invalidate the access tokens of the same grant.
    const count = revokeGrant(ctx, record.grant.grantId, "revoked-by-client");
    ctx.trace("token.revoked", `${client.clientName} revoked a refresh token; ${count} token(s) of its grant ended.`, {
      clientId: client.clientId,
      kind: "refresh_token",
      count,
    });
    return succeed("refresh-token-revoked");
  };
  const tryAccess = async (): Promise<OAuthResult<RevocationOutcome> | undefined> => {
    const jti = await readOwnTokenId(ctx, token);
    const record = jti === undefined ? undefined : ctx.state.accessTokens.get(jti);
    if (jti === undefined || !record) return undefined;
    if (record.clientId !== client.clientId) return notYours();
    if (!record.revoked)
      ctx.state.accessTokens.put(jti, { ...record, revoked: { at: ctx.now(), reason: "revoked-by-client" } });
    ctx.trace("token.revoked", `${client.clientName} revoked an access token.`, {
      clientId: client.clientId,
      kind: "access_token",
      jti,
    });
    return succeed("access-token-revoked");
  };
  const result =
    hint === "access_token" ? ((await tryAccess()) ?? tryRefresh()) : (tryRefresh() ?? (await tryAccess()));
  if (result) return result;
  ctx.trace("token.revoked", "Revocation of an unknown token: nothing to do (still 200).", {
    clientId: client.clientId,
  });
  return succeed("not-found");
}
