import type { JSONWebKeySet } from "jose";
import { type OAuthResult, oauthFailure, succeed } from "../../protocol/oauth/oauth-error.ts";
import { validateClientJwks } from "../../protocol/oauth/validate-client-jwks.ts";
import {
  type ClientRegistrationInput,
  type ClientValidationContext,
  type RegisteredClient,
  validateClientRegistration,
} from "./registered-client.ts";
import { invalidScopes } from "./scope-policy.ts";
import type { ServerContext } from "./server-context.ts";

/**
 * Registers a new client after validating its metadata (the lab page and the RFC 7591 endpoint both land here).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.1
 */
export async function registerClient(
  ctx: ServerContext,
  input: ClientRegistrationInput,
  source: RegisteredClient["source"],
): Promise<OAuthResult<RegisteredClient>> {
  const result = await validateClientRegistration(input, validationContext(ctx, source));
  if (!result.ok) {
    ctx.trace("client.rejected", `Client registration refused: ${result.error.description}`, {
      error: result.error,
      input: redactInput(input),
    });
    return result;
  }
  ctx.state.clients.put(result.value.clientId, result.value);
  ctx.trace("client.registered", `Registered client ${result.value.clientId} (${result.value.appType}).`, {
    clientId: result.value.clientId,
    appType: result.value.appType,
    source,
  });
  return result;
}

/**
 * Changes a registered client: the patch is merged over the current registration and validated again.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7592#section-2.2
 */
export async function updateClient(
  ctx: ServerContext,
  clientId: string,
  patch: ClientRegistrationInput,
): Promise<OAuthResult<RegisteredClient>> {
  const existing = ctx.state.clients.get(clientId);
  if (!existing) return oauthFailure("invalid_client_metadata", `No client ${clientId} is registered.`);
  const result = await validateClientRegistration(
    { ...patch, clientId },
    validationContext(ctx, existing.source),
    existing,
  );
  if (!result.ok) {
    ctx.trace("client.rejected", `Client update refused: ${result.error.description}`, {
      clientId,
      error: result.error,
    });
    return result;
  }
  ctx.state.clients.put(clientId, result.value);
  ctx.trace("client.updated", `Updated client ${clientId}.`, { clientId });
  return result;
}

/**
 * Deletes a client and everything issued to it (codes, refresh tokens; access tokens are marked revoked).
 *
 */
export function deleteClient(ctx: ServerContext, clientId: string): boolean {
  if (!ctx.state.clients.get(clientId)) return false;
  ctx.state.clients.delete(clientId);
  for (const [code, record] of ctx.state.codes.entries()) {
    if (record.grant.clientId === clientId) ctx.state.codes.delete(code);
  }
  for (const [token, record] of ctx.state.refreshTokens.entries()) {
    if (record.grant.clientId === clientId) ctx.state.refreshTokens.delete(token);
  }
  for (const [jti, record] of ctx.state.accessTokens.entries()) {
    if (record.clientId === clientId && !record.revoked) {
      ctx.state.accessTokens.put(jti, { ...record, revoked: { at: ctx.now(), reason: "client-deleted" } });
    }
  }
  ctx.trace("client.deleted", `Deleted client ${clientId} and revoked its tokens.`, { clientId });
  return true;
}

/**
 * The public keys to verify a client's assertions with: the inline JWKS, or the registered JWKS URL fetched through
 * the injected `fetchJwks` (dereferenced on every use, so key rotation at the URL takes effect at once).
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#signature-verification
 */
export async function resolveClientJwks(
  ctx: ServerContext,
  client: RegisteredClient,
): Promise<OAuthResult<JSONWebKeySet>> {
  if (client.jwks) return succeed(client.jwks);
  if (client.jwksUri && ctx.deps.fetchJwks) {
    let fetched: unknown;
    try {
      fetched = await ctx.deps.fetchJwks(client.jwksUri);
    } catch {
      return oauthFailure("invalid_client", `The client's JWKS URL ${client.jwksUri} could not be fetched.`);
    }
    const checked = await validateClientJwks(fetched);
    if (!checked.ok)
      return oauthFailure(
        "invalid_client",
        `The client's JWKS at ${client.jwksUri} is unusable: ${checked.error.description}`,
      );
    return checked;
  }
  return oauthFailure("invalid_client", `Client ${client.clientId} has no registered public keys.`);
}

function validationContext(ctx: ServerContext, source: RegisteredClient["source"]): ClientValidationContext {
  return {
    now: ctx.now(),
    // 12 random bytes: 16 base64url characters, unguessable enough for an id and safe in URLs and JWT claims.
    newClientId: () => ctx.randomToken(12),
    newClientSecret: () => ctx.randomToken(32),
    isClientIdTaken: (clientId) => ctx.state.clients.get(clientId) !== undefined,
    invalidScopes,
    jwksUriProblem: (uri) => jwksUriProblem(ctx, uri),
    source,
  };
}

// The lab runs offline in a browser tab: it can only dereference a jwks_uri the wiring knows how to answer
// (`deps.fetchJwks`), and only on its own origin, where the lab's own pages could serve a key set.
function jwksUriProblem(ctx: ServerContext, uri: string): string | null {
  if (!ctx.deps.fetchJwks) {
    return "jwks_uri cannot be used here: this lab runs offline in your browser and cannot fetch it. Register the public keys inline with jwks instead.";
  }
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return "jwks_uri must be an absolute URL.";
  }
  if (url.origin !== new URL(ctx.issuer).origin) {
    return `jwks_uri must be on the lab's own origin (${new URL(ctx.issuer).origin}); the lab cannot reach other hosts.`;
  }
  return null;
}

function redactInput(input: ClientRegistrationInput): ClientRegistrationInput {
  return input.clientSecret === undefined ? input : { ...input, clientSecret: "(redacted)" };
}
