import { type OAuthError, type OAuthErrorCode, oauthError } from "../../protocol/oauth/oauth-error.ts";
import { isS256CodeChallenge, PKCE_METHOD } from "../../protocol/oauth/pkce.ts";
import { buildRedirectLocation, isRegisteredRedirectUri } from "../../protocol/oauth/redirect-uri.ts";
import type { Persona } from "./authorization-server-deps.ts";
import type { FaultSettings } from "./fault-settings.ts";
import type { RegisteredClient } from "./registered-client.ts";
import { offerScopes, scopeLengthProblem } from "./scope-policy.ts";
import type { ServerContext } from "./server-context.ts";
import type { AuthorizationRequest, EhrLaunchRecord } from "./server-state.ts";
import { trimSlash } from "./trim-slash.ts";

/**
 * Why an authorization request cannot go on: an error page (never a redirect, when the client or its redirect URI
 * cannot be trusted), or a redirect back to the app with `error` (every later problem, and `prompt=none` answers).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export type AuthorizationRefusal =
  | { kind: "error-page"; error: OAuthErrorCode; description: string }
  | { kind: "redirect"; location: string; error?: OAuthError };

/**
 * An authorization request that passed every check, with who is already signed in for it.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#obtain-authorization-code
 */
interface ValidAuthorizeRequest {
  kind: "valid";
  client: RegisteredClient;
  request: AuthorizationRequest;
  /** The EHR launch the request continues (its `launch` parameter), if any. */
  launch: EhrLaunchRecord | undefined;
  /** The EHR user of the launch, unless `prompt=login` asks for a fresh sign-in. */
  launchUser: Persona | undefined;
  /** The persona of the lab's SSO session, unless `prompt=login` asks for a fresh sign-in. */
  sessionUser: Persona | undefined;
  sessionId: string | undefined;
}

/**
 * Validates an authorization request (GET query or POST form) for {@link beginAuthorization}, or says why not. Unknown
 * client and unregistered redirect URI give an error page; every later problem redirects to the app with `error`,
 * `error_description` and `state`.
 *
 */
export function validateAuthorizeRequest(
  ctx: ServerContext,
  params: URLSearchParams,
  method: "GET" | "POST",
): AuthorizationRefusal | ValidAuthorizeRequest {
  const faults = ctx.faults();
  const first = (name: string) => firstValue(params, name);
  const trusted = trustedClient(ctx, params, faults);
  if (trusted.kind !== "trusted") return trusted;
  const { client, clientId, redirectUri } = trusted;

  // The client and its redirect URI are trusted: from here on, errors go back to the app.
  const state = first("state");
  const redirectError = (error: OAuthErrorCode, description: string): AuthorizationRefusal => {
    const value = oauthError(error, description);
    ctx.trace("authorize.rejected", `Authorization refused (${error}): ${description}`, {
      error,
      description,
      clientId,
      redirected: true,
    });
    return {
      kind: "redirect",
      location: buildRedirectLocation(redirectUri, { error, error_description: value.description, state }),
      error: value,
    };
  };
  if (faults.serverError) return redirectError("server_error", "The server failed (simulated fault: server error).");
  const repeated = [...new Set([...params.keys()].filter((name) => params.getAll(name).length > 1))];
  if (repeated.length > 0)
    return redirectError("invalid_request", `Parameters must not be repeated: ${repeated.join(", ")}.`);

  const responseType = first("response_type");
  if (responseType === undefined)
    return redirectError("invalid_request", "response_type is missing; SMART uses response_type=code.");
  if (responseType !== "code") {
    return redirectError("unsupported_response_type", `response_type ${responseType} is not supported; use code.`);
  }
  if (!client.grantTypes.includes("authorization_code")) {
    return redirectError(
      "unauthorized_client",
      `Client ${clientId} is not registered for the authorization_code grant.`,
    );
  }
  if (state === undefined) {
    return redirectError(
      "invalid_request",
      "state is missing; SMART requires an unpredictable state on every request.",
    );
  }

  const aud = first("aud");
  const resource = first("resource");
  if (aud !== undefined && resource !== undefined && aud !== resource) {
    return redirectError("invalid_request", "aud and resource (its RFC 8707 synonym) differ.");
  }
  const audience = aud ?? resource;
  if (audience === undefined) {
    return redirectError("invalid_request", `aud is missing; it must be the FHIR base URL ${ctx.fhirBaseUrl}.`);
  }
  if (trimSlash(audience) !== trimSlash(ctx.fhirBaseUrl)) {
    return redirectError("invalid_request", `aud ${audience} is not this server's FHIR base URL ${ctx.fhirBaseUrl}.`);
  }

  const codeChallenge = first("code_challenge");
  const challengeMethod = first("code_challenge_method");
  if (codeChallenge === undefined) {
    return redirectError("invalid_request", "code_challenge is missing: SMART requires PKCE (S256).");
  }
  if (challengeMethod === undefined) {
    return redirectError(
      "invalid_request",
      "code_challenge_method is missing; without it PKCE means plain, which SMART forbids. Use S256.",
    );
  }
  if (challengeMethod !== PKCE_METHOD) {
    return redirectError(
      "invalid_request",
      `code_challenge_method ${challengeMethod} is not supported (transform algorithm not supported); use S256.`,
    );
  }
  if (!isS256CodeChallenge(codeChallenge)) {
    return redirectError(
      "invalid_request",
      "code_challenge must be the 43-character base64url SHA-256 of the code_verifier.",
    );
  }

  const scope = first("scope");
  if (scope === undefined) return redirectError("invalid_scope", "scope is missing; SMART apps must request scopes.");
  const tooLong = scopeLengthProblem(scope);
  if (tooLong !== null) return redirectError("invalid_scope", tooLong);
  if (faults.invalidScope)
    return redirectError("invalid_scope", "The requested scope was rejected (simulated fault: invalid scope).");

  const launchId = first("launch");
  let launch: EhrLaunchRecord | undefined;
  if (launchId !== undefined) {
    launch = ctx.state.launches.get(launchId);
    if (!launch || launch.expiresAt <= ctx.now()) {
      return redirectError("invalid_request", `launch ${launchId} is unknown or expired; start the EHR launch again.`);
    }
    if (launch.clientId !== undefined && launch.clientId !== clientId) {
      return redirectError("invalid_request", `launch ${launchId} was created for another app.`);
    }
  }

  const offers = offerScopes(scope, client.scope, { kind: "user-facing", hasEhrLaunch: launch !== undefined });
  if (!offers.some((offer) => offer.grantable !== null)) {
    return redirectError(
      "invalid_scope",
      `None of the requested scopes can be granted: ${offers.map((offer) => offer.reason).join("; ")}.`,
    );
  }

  const prompt = first("prompt");
  const prompts = (prompt ?? "").split(" ").filter((p) => p !== "");
  if (prompts.includes("none") && prompts.length > 1) {
    return redirectError("invalid_request", "prompt=none cannot be combined with other prompt values.");
  }
  const session = ctx.state.session.get();
  // prompt=login asks for a fresh sign-in, even inside an EHR session (OpenID Connect Core §3.1.2.1).
  const forceLogin = prompts.includes("login");
  const launchUser = !forceLogin && launch?.personaId !== undefined ? ctx.persona(launch.personaId) : undefined;
  const sessionUser = !forceLogin && session ? ctx.persona(session.personaId) : undefined;
  if (prompts.includes("none")) {
    // The lab always asks for consent, so a silent authorization can never complete.
    return sessionUser || launchUser
      ? redirectError("consent_required", "prompt=none: the user has to approve this request on the consent screen.")
      : redirectError("login_required", "prompt=none: nobody is signed in.");
  }

  const request: AuthorizationRequest = {
    responseType: "code",
    clientId,
    redirectUri,
    state,
    scope,
    aud: audience,
    codeChallenge,
    codeChallengeMethod: "S256",
    method,
  };
  if (launchId !== undefined) request.launch = launchId;
  const nonce = first("nonce");
  if (nonce !== undefined) request.nonce = nonce;
  if (prompt !== undefined) request.prompt = prompt;

  return { kind: "valid", client, request, launch, launchUser, sessionUser, sessionId: session?.id };
}

/** A parameter's value, or undefined when it is absent or empty (RFC 6749 §3.1: empty means omitted). */
function firstValue(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value === null || value === "" ? undefined : value;
}

// Client and redirect URI: until both are trusted, errors must not redirect (RFC 6749 §4.1.2.1).
function trustedClient(
  ctx: ServerContext,
  params: URLSearchParams,
  faults: FaultSettings,
): AuthorizationRefusal | { kind: "trusted"; client: RegisteredClient; clientId: string; redirectUri: string } {
  const first = (name: string) => firstValue(params, name);
  const errorPage = (error: OAuthErrorCode, description: string): AuthorizationRefusal => {
    ctx.trace("authorize.rejected", `Authorization refused without redirect (${error}): ${description}`, {
      error,
      description,
      redirected: false,
    });
    return { kind: "error-page", error, description };
  };

  if (params.getAll("client_id").length > 1) return errorPage("invalid_request", "client_id is repeated.");
  if (params.getAll("redirect_uri").length > 1) return errorPage("invalid_request", "redirect_uri is repeated.");
  const clientId = first("client_id");
  if (clientId === undefined) return errorPage("invalid_request", "The request has no client_id.");
  const client = ctx.state.clients.get(clientId);
  if (!client) return errorPage("invalid_client", `No client is registered with client_id ${clientId}.`);
  if (faults.invalidClient) {
    return errorPage("invalid_client", `Client ${clientId} was rejected (simulated fault: invalid client).`);
  }
  const redirectUri = first("redirect_uri");
  if (redirectUri === undefined) {
    return errorPage("invalid_request", "The request has no redirect_uri (SMART requires it).");
  }
  if (!isRegisteredRedirectUri(redirectUri, client.redirectUris)) {
    return errorPage(
      "invalid_request",
      `redirect_uri ${redirectUri} is not registered for ${clientId} (the comparison is exact). Registered: ${client.redirectUris.join(", ") || "none"}.`,
    );
  }
  if (faults.invalidRedirectUri) {
    return errorPage(
      "invalid_request",
      `redirect_uri ${redirectUri} was rejected (simulated fault: invalid redirect).`,
    );
  }
  return { kind: "trusted", client, clientId, redirectUri };
}
