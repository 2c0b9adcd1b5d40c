import { parseBearerToken } from "../../protocol/oauth/form-parameters.ts";
import { type OAuthResult, oauthFailure, succeed } from "../../protocol/oauth/oauth-error.ts";
import { verifyIssuedAccessToken } from "./access-token-verifier.ts";
import { hasScope } from "./scope-policy.ts";
import type { ServerContext } from "./server-context.ts";

/**
 * OpenID Connect UserInfo: with a valid access token carrying `openid`, returns `sub`, `fhirUser` (when granted)
 * and `name`/`email` (when `profile` was granted).
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfo
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export async function processUserInfo(
  ctx: ServerContext,
  request: Request,
): Promise<OAuthResult<Record<string, unknown>>> {
  const token = parseBearerToken(request.headers.get("authorization"));
  if (token === null) return oauthFailure("invalid_token", "Send the access token as Authorization: Bearer.");
  const verified = await verifyIssuedAccessToken(ctx, token);
  if (!verified.valid) return oauthFailure("invalid_token", verified.description);
  const { record } = verified;
  if (!hasScope(record.scope, "openid")) return oauthFailure("insufficient_scope", "UserInfo needs the openid scope.");
  const info: Record<string, unknown> = { sub: record.subject };
  if (hasScope(record.scope, "fhirUser") && record.fhirUser !== undefined) info.fhirUser = record.fhirUser;
  const persona = ctx.persona(record.subject);
  if (hasScope(record.scope, "profile") && persona) {
    info.name = persona.name;
    if (persona.email !== undefined) info.email = persona.email;
  }
  return succeed(info);
}
