import type { JWTPayload } from "jose";
import { signAsciiJwt } from "../../protocol/oauth/sign-ascii-jwt.ts";
import type { RegisteredClient } from "./registered-client.ts";
import { hasScope } from "./scope-policy.ts";
import type { ServerContext } from "./server-context.ts";
import type { AuthorizationGrant, FhirContextItem, LaunchContext, RevocationReason } from "./server-state.ts";

/**
 * The JSON body of a successful token response, with SMART's launch context parameters.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#response-5
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#launch-context-arrives-with-your-access_token
 */
export interface TokenResponseBody {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
  patient?: string;
  encounter?: string;
  fhirContext?: FhirContextItem[];
  need_patient_banner?: boolean;
  smart_style_url?: string;
  intent?: string;
  tenant?: string;
}

/** The launch context parameters of a {@link TokenResponseBody}. */
type LaunchContextParameters = Pick<
  TokenResponseBody,
  "patient" | "encounter" | "fhirContext" | "need_patient_banner" | "smart_style_url" | "intent" | "tenant"
>;

/**
 * How long an id_token is valid: one hour (it proves a sign-in, it is not a credential for the FHIR server).
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 */
const ID_TOKEN_LIFETIME_SECONDS = 3600;

/**
 * What {@link issueTokens} needs besides the grant: the client, the scope of this access token (narrower than the
 * grant on a scoped refresh), and whether a refresh token is wanted.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export interface IssueOptions {
  client: RegisteredClient;
  /** The access token's scope; defaults to the grant's. */
  accessScope?: string;
  /** Whether the grant type may come with a refresh token (not for client_credentials). */
  mayRefresh: boolean;
  /** Caps the client's access token lifetime (Backend Services: at most 300 s). */
  maxAccessLifetimeSeconds?: number;
  /** Whether to issue an id_token (for authorization_code; refresh responses keep the first one). */
  withIdToken: boolean;
}

/**
 * Issues the tokens for a grant: a signed access token (RS256, `typ: at+jwt`, ASCII payload) recorded by `jti`,
 * a rotating refresh token when `offline_access`/`online_access` was granted, and an id_token when `openid` with
 * `fhirUser` or `profile` was granted; applies the expired-token and revoked-jti faults.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2
 */
export async function issueTokens(
  ctx: ServerContext,
  grant: AuthorizationGrant,
  options: IssueOptions,
): Promise<TokenResponseBody> {
  const { client } = options;
  const key = await ctx.signingKey();
  const faults = ctx.faults();
  const now = ctx.nowSeconds();
  const scope = options.accessScope ?? grant.scope;
  const lifetime = Math.min(
    client.accessTokenLifetimeSeconds,
    options.maxAccessLifetimeSeconds ?? Number.POSITIVE_INFINITY,
  );
  // The expired-token fault issues a token that is already past its expiry, as if the clock had jumped.
  const exp = faults.expiredToken ? now - 1 : now + lifetime;
  const jti = ctx.randomToken(16);
  const fhirUser = absoluteFhirUser(ctx, grant.fhirUser);
  const { context } = grant;

  const claims: JWTPayload = {
    iss: ctx.issuer,
    aud: ctx.fhirBaseUrl,
    sub: grant.subject,
    exp,
    iat: now,
    jti,
    client_id: client.clientId,
    scope,
  };
  if (context.patient !== undefined) claims.patient = context.patient;
  if (context.encounter !== undefined) claims.encounter = context.encounter;
  if (fhirUser !== undefined) claims.fhirUser = fhirUser;
  if (context.fhirContext !== undefined) claims.fhirContext = context.fhirContext;
  const accessToken = await signAsciiJwt(claims, { alg: "RS256", kid: key.kid, typ: "at+jwt" }, key.privateKey);

  const revoked: { at: number; reason: RevocationReason } | undefined = faults.revokedJti
    ? { at: ctx.now(), reason: "fault-revoked-jti" }
    : undefined;
  ctx.state.accessTokens.put(jti, {
    grantId: grant.grantId,
    clientId: client.clientId,
    subject: grant.subject,
    scope,
    ...(fhirUser !== undefined ? { fhirUser } : {}),
    context,
    issuedAt: now,
    expiresAt: exp,
    ...(revoked ? { revoked } : {}),
  });

  const body: TokenResponseBody = {
    access_token: accessToken,
    token_type: "Bearer",
    expires_in: Math.max(0, exp - now),
    scope,
  };
  if (options.mayRefresh && wantsRefreshToken(grant.scope) && client.grantTypes.includes("refresh_token")) {
    body.refresh_token = issueRefreshToken(ctx, grant, client);
  }
  if (options.withIdToken && grant.personaId !== undefined) {
    const idToken = await signIdToken(ctx, grant, client, now);
    if (idToken !== undefined) body.id_token = idToken;
  }
  return { ...body, ...launchContextParameters(context) };
}

/**
 * The launch context parameters of a token response (patient, encounter, fhirContext, need_patient_banner,
 * smart_style_url, intent, tenant), from a grant's context; introspection repeats them.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/token-introspection.html
 */
export function launchContextParameters(context: LaunchContext): LaunchContextParameters {
  const parameters: LaunchContextParameters = {};
  if (context.patient !== undefined) parameters.patient = context.patient;
  if (context.encounter !== undefined) parameters.encounter = context.encounter;
  if (context.fhirContext !== undefined) parameters.fhirContext = context.fhirContext;
  if (context.needPatientBanner !== undefined) parameters.need_patient_banner = context.needPatientBanner;
  if (context.smartStyleUrl !== undefined) parameters.smart_style_url = context.smartStyleUrl;
  if (context.intent !== undefined) parameters.intent = context.intent;
  if (context.tenant !== undefined) parameters.tenant = context.tenant;
  return parameters;
}

/**
 * Whether granted scopes entitle the app to a refresh token.
 *
 */
function wantsRefreshToken(scope: string): boolean {
  return hasScope(scope, "offline_access") || hasScope(scope, "online_access");
}

/**
 * Turns a relative `fhirUser` (`Practitioner/123`) into an absolute URL for the id_token. IG 2.2 allows either (a
 * relative one is resolved against the FHIR base); the lab issues absolute ones, which every client reads.
 *
 */
export function absoluteFhirUser(ctx: ServerContext, fhirUser: string | undefined): string | undefined {
  if (fhirUser === undefined) return undefined;
  return /^https?:\/\//.test(fhirUser) ? fhirUser : `${ctx.fhirBaseUrl.replace(/\/+$/, "")}/${fhirUser}`;
}

/**
 * Marks every access and refresh token of a grant revoked: what a replayed code or refresh token triggers, and
 * what revoking a refresh token does to the access tokens of the same grant.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export function revokeGrant(ctx: ServerContext, grantId: string, reason: RevocationReason): number {
  let count = 0;
  const at = ctx.now();
  for (const [jti, record] of ctx.state.accessTokens.entries()) {
    if (record.grantId === grantId && !record.revoked) {
      ctx.state.accessTokens.put(jti, { ...record, revoked: { at, reason } });
      count++;
    }
  }
  for (const [token, record] of ctx.state.refreshTokens.entries()) {
    if (record.grant.grantId === grantId && !record.revoked) {
      ctx.state.refreshTokens.put(token, { ...record, revoked: { at, reason } });
      count++;
    }
  }
  return count;
}

function issueRefreshToken(ctx: ServerContext, grant: AuthorizationGrant, client: RegisteredClient): string {
  const token = ctx.randomToken(32);
  const issuedAt = ctx.now();
  ctx.state.refreshTokens.put(token, {
    grant,
    issuedAt,
    expiresAt: issuedAt + client.refreshTokenLifetimeSeconds * 1000,
  });
  return token;
}

async function signIdToken(
  ctx: ServerContext,
  grant: AuthorizationGrant,
  client: RegisteredClient,
  now: number,
): Promise<string | undefined> {
  const withFhirUser = hasScope(grant.scope, "fhirUser");
  const withProfile = hasScope(grant.scope, "profile");
  if (!hasScope(grant.scope, "openid") || (!withFhirUser && !withProfile)) return undefined;
  const persona = ctx.persona(grant.personaId);
  const key = await ctx.signingKey();
  const claims: JWTPayload = {
    iss: ctx.issuer,
    sub: grant.subject,
    aud: client.clientId,
    exp: now + ID_TOKEN_LIFETIME_SECONDS,
    iat: now,
  };
  if (grant.authTime !== undefined) claims.auth_time = grant.authTime;
  if (grant.nonce !== undefined) claims.nonce = grant.nonce;
  const fhirUser = absoluteFhirUser(ctx, grant.fhirUser);
  if (withFhirUser && fhirUser !== undefined) claims.fhirUser = fhirUser;
  if (withProfile && persona) {
    claims.name = persona.name;
    if (persona.email !== undefined) claims.email = persona.email;
  }
  return signAsciiJwt(claims, { alg: "RS256", kid: key.kid, typ: "JWT" }, key.privateKey);
}
