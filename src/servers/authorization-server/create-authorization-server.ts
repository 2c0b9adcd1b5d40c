import type { JSONWebKeySet, JWK } from "jose";
import { signClientAssertion } from "../../protocol/oauth/client-assertion.ts";
import { type OAuthParameters, readFormParameters } from "../../protocol/oauth/form-parameters.ts";
import { errorDescriptionText, type OAuthResult, oauthError } from "../../protocol/oauth/oauth-error.ts";
import { textResponse } from "../text-response.ts";
import {
  type AccessTokenStatus,
  type AccessTokenVerification,
  accessTokenStatus,
  verifyIssuedAccessToken,
} from "./access-token-verifier.ts";
import {
  type AuthorizationCompletion,
  type AuthorizationDecision,
  type AuthorizationStep,
  beginAuthorization,
  completeAuthorization,
  encountersForPatient,
  resumeAuthorization,
  signIn,
} from "./authorization-flow.ts";
import type { AuthorizationServerDeps, EncounterSummary, Persona } from "./authorization-server-deps.ts";
import { deleteClient, registerClient, updateClient } from "./client-registry.ts";
import { openidConfiguration, smartConfiguration } from "./discovery.ts";
import { buildEhrLaunchUrl, createEhrLaunch, type EhrLaunchOptions } from "./ehr-launch.ts";
import { type FaultSettings, normalizeFaultSettings } from "./fault-settings.ts";
import {
  CORS_HEADERS,
  type ErrorResponseOptions,
  jsonResponse,
  methodNotAllowed,
  oauthErrorResponse,
  preflightResponse,
} from "./http-response.ts";
import { processIntrospection } from "./introspection-endpoint.ts";
import type { ClientRegistrationInput, RegisteredClient } from "./registered-client.ts";
import { processRegistration } from "./registration-endpoint.ts";
import { processRevocation } from "./revocation-endpoint.ts";
import { ensureSampleClients, loadSampleClientKey, SAMPLE_CLIENT_IDS } from "./sample-clients.ts";
import { createServerContext, type ServerContext } from "./server-context.ts";
import { processTokenRequest } from "./token-endpoint.ts";
import { trimSlash } from "./trim-slash.ts";
import { processUserInfo } from "./userinfo-endpoint.ts";

/**
 * The lab's OAuth 2.0 authorization server and OpenID provider. HTTP endpoints go through `handle`; the authorize
 * page, the EHR simulator, the registration page and the lab controls call the methods directly.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/backend-services.html
 */
export interface AuthorizationServer {
  /**
   * Answers the HTTP endpoints: token, register, introspect, revoke, jwks, userinfo, the issuer's
   * `/.well-known/openid-configuration`, the FHIR base's `/.well-known/smart-configuration`, CORS preflights, and a
   * form POST to the authorize URL (authorize-post: answered with a 303 to the authorize page or the app).
   */
  handle(request: Request): Promise<Response>;

  /**
   * Starts an authorization from the authorize page's query (or a POSTed form's fields). A query holding only
   * `interaction_id` (where an authorize POST lands) resumes that interaction instead, so the page can always pass
   * its `location.search` here.
   */
  beginAuthorization(params: URLSearchParams, options?: { method?: "GET" | "POST" }): Promise<AuthorizationStep>;
  /** Reloads an interaction by id (after a reload of the authorize page, or the 303 of an authorize POST). */
  resumeAuthorization(interactionId: string): Promise<AuthorizationStep>;
  /** Signs in as a persona for an interaction; also starts the SSO session later requests reuse. */
  signIn(interactionId: string, personaId: string): Promise<AuthorizationStep>;
  /** Approves or denies an interaction; approval returns the redirect with `code` and `state`. */
  completeAuthorization(interactionId: string, decision: AuthorizationDecision): Promise<AuthorizationCompletion>;
  /** The encounter picker's choices for a patient. */
  encountersForPatient(patientId: string): readonly EncounterSummary[];
  /** Who the SSO session says is signed in, if anyone. */
  currentUser(): Persona | null;
  /** Ends the SSO session (and with it every `online_access` refresh token). */
  signOut(): void;

  /** Records an EHR launch (the EHR simulator) and returns the opaque `launch` id. */
  createEhrLaunch(options: EhrLaunchOptions): Promise<string>;
  /** The URL the EHR opens: the client's launch URL (or the sample apps') with `iss` and `launch`. */
  ehrLaunchUrl(launchId: string, clientId?: string): Promise<string | undefined>;

  /** Every registered client, sample apps first. */
  listClients(): Promise<RegisteredClient[]>;
  getClient(clientId: string): Promise<RegisteredClient | undefined>;
  /** Registers a client from the lab's registration page (same rules as the RFC 7591 endpoint). */
  registerClient(input: ClientRegistrationInput): Promise<OAuthResult<RegisteredClient>>;
  /** Changes a client: the patch is merged and validated again. */
  updateClient(clientId: string, patch: ClientRegistrationInput): Promise<OAuthResult<RegisteredClient>>;
  /** Deletes a client and revokes everything issued to it. Sample apps come back on `reset()`. */
  deleteClient(clientId: string): Promise<boolean>;
  /** A sample client's private key as JWK with kid and alg (fhirclient's `clientPrivateJwk`), if it has one. */
  sampleClientPrivateJwk(clientId: string): Promise<JWK | undefined>;
  /** Signs a client assertion for a sample client (for the backend-service lab), or undefined without a key. */
  createSampleClientAssertion(clientId: string): Promise<string | undefined>;

  /** Marks active access tokens expired now (optionally one client's, optionally refresh tokens too). */
  expireTokensNow(filter?: { clientId?: string; includeRefreshTokens?: boolean }): number;
  setFaults(faults: Partial<FaultSettings>): FaultSettings;
  getFaults(): FaultSettings;
  /** For the FHIR server: true unless the token with this `jti` is active (revoked, expired early, unknown). */
  isAccessTokenRevoked(jti: string): boolean;
  /** For the FHIR server's error messages: why a `jti` is not active. */
  accessTokenStatus(jti: string): AccessTokenStatus;
  /** Verifies an access token completely (signature, iss, aud, expiry, revocation). */
  verifyAccessToken(token: string): Promise<AccessTokenVerification>;

  /** The public signing keys (kid, alg, use), also served at the jwks endpoint. */
  publicJwks(): Promise<JSONWebKeySet>;
  smartConfiguration(): Record<string, unknown>;
  openidConfiguration(): Record<string, unknown>;
  /** Forgets everything but the key material and re-registers the sample apps. */
  reset(): Promise<void>;
}

/**
 * The query parameter that carries an interaction id to the authorize page (after an authorize POST).
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html#authorization-methods
 */
const INTERACTION_ID_PARAMETER = "interaction_id";

/** Largest request body the endpoints read (token, introspection, revocation, registration metadata). */
const MAX_REQUEST_BYTES = 64 * 1024;

// Expired records are swept at most this often, so requests stay fast.
const PRUNE_INTERVAL_MS = 60_000;
// Codes and refresh tokens are kept this long past their expiry, so a late replay still revokes the tokens a code
// produced, and a learner is told "expired" rather than "unknown".
const EXPIRED_RECORD_RETENTION_MS = 10 * 60_000;

/**
 * Creates the authorization server over injected dependencies. Cheap to call on every page load: keys are
 * loaded from storage (generated only on first start), sample clients registered once.
 *
 */
export function createAuthorizationServer(deps: AuthorizationServerDeps): AuthorizationServer {
  const ctx = createServerContext(deps);
  let ready: Promise<void> | undefined;
  const ensureReady = () => {
    ready ??= ensureSampleClients(ctx).catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };
  let lastPrune = Number.NEGATIVE_INFINITY;
  const prune = () => {
    const now = ctx.now();
    if (now - lastPrune < PRUNE_INTERVAL_MS) return;
    lastPrune = now;
    pruneExpired(ctx);
  };

  return {
    async handle(request) {
      // The last-resort boundary: the service worker always gets a Response, never a rejected promise (which
      // would leave the page's fetch failing without a body).
      try {
        await ensureReady();
        prune();
        return await route(ctx, request);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        try {
          ctx.trace("server.error", `${request.method} ${request.url}: internal error: ${message}`, { error: message });
        } catch {
          // A failing listener must not turn the 500 into a rejection.
        }
        return jsonResponse(
          { error: "server_error", error_description: `Internal error: ${errorDescriptionText(message)}` },
          500,
        );
      }
    },

    async beginAuthorization(params, options) {
      await ensureReady();
      prune();
      const interactionId = params.get(INTERACTION_ID_PARAMETER);
      if (interactionId !== null && !params.has("client_id")) return resumeAuthorization(ctx, interactionId);
      return beginAuthorization(ctx, params, options?.method ?? "GET");
    },
    async resumeAuthorization(interactionId) {
      await ensureReady();
      return resumeAuthorization(ctx, interactionId);
    },
    async signIn(interactionId, personaId) {
      await ensureReady();
      return signIn(ctx, interactionId, personaId);
    },
    async completeAuthorization(interactionId, decision) {
      await ensureReady();
      return completeAuthorization(ctx, interactionId, decision);
    },
    encountersForPatient: (patientId) => encountersForPatient(ctx, patientId),
    currentUser: () => ctx.persona(ctx.state.session.get()?.personaId) ?? null,
    signOut() {
      ctx.state.session.clear();
      ctx.trace("session.ended", "The user signed out; online_access refresh tokens ended with the session.");
    },

    async createEhrLaunch(options) {
      await ensureReady();
      return createEhrLaunch(ctx, options);
    },
    async ehrLaunchUrl(launchId, clientId) {
      await ensureReady();
      const launchUri =
        (clientId !== undefined ? ctx.state.clients.get(clientId)?.launchUri : undefined) ?? deps.sampleLaunchUri;
      return launchUri === undefined ? undefined : buildEhrLaunchUrl(launchUri, deps.fhirBaseUrl, launchId);
    },

    async listClients() {
      await ensureReady();
      const samples: string[] = Object.values(SAMPLE_CLIENT_IDS);
      const rank = (client: RegisteredClient) => {
        const index = samples.indexOf(client.clientId);
        return index < 0 ? samples.length : index;
      };
      return ctx.state.clients
        .entries()
        .map(([, client]) => client)
        .sort(
          (a, b) =>
            rank(a) - rank(b) || a.clientIdIssuedAt - b.clientIdIssuedAt || a.clientId.localeCompare(b.clientId),
        );
    },
    async getClient(clientId) {
      await ensureReady();
      return ctx.state.clients.get(clientId);
    },
    async registerClient(input) {
      await ensureReady();
      return registerClient(ctx, input, "lab");
    },
    async updateClient(clientId, patch) {
      await ensureReady();
      return updateClient(ctx, clientId, patch);
    },
    async deleteClient(clientId) {
      await ensureReady();
      return deleteClient(ctx, clientId);
    },
    async sampleClientPrivateJwk(clientId) {
      await ensureReady();
      return (await loadSampleClientKey(ctx, clientId))?.privateJwk;
    },
    async createSampleClientAssertion(clientId) {
      await ensureReady();
      const key = await loadSampleClientKey(ctx, clientId);
      if (!key || key.alg === "RS256") return undefined;
      return signClientAssertion({
        clientId,
        tokenEndpoint: deps.endpoints.token,
        privateKey: key.privateKey,
        alg: key.alg,
        kid: key.kid,
        jti: ctx.randomToken(16),
        now: ctx.now(),
      });
    },

    expireTokensNow(filter = {}) {
      let count = 0;
      const at = ctx.now();
      const nowSeconds = ctx.nowSeconds();
      for (const [jti, record] of ctx.state.accessTokens.entries()) {
        if (record.revoked || record.expiresAt <= nowSeconds) continue;
        if (filter.clientId !== undefined && record.clientId !== filter.clientId) continue;
        ctx.state.accessTokens.put(jti, { ...record, revoked: { at, reason: "expired-by-lab" } });
        count++;
      }
      if (filter.includeRefreshTokens) {
        for (const [token, record] of ctx.state.refreshTokens.entries()) {
          if (record.revoked || record.rotatedAt !== undefined || record.expiresAt <= at) continue;
          if (filter.clientId !== undefined && record.grant.clientId !== filter.clientId) continue;
          ctx.state.refreshTokens.put(token, { ...record, expiresAt: at });
          count++;
        }
      }
      ctx.trace("tokens.expired-now", `The lab expired ${count} token(s) now.`, { ...filter, count });
      return count;
    },
    setFaults(faults) {
      const next = normalizeFaultSettings({ ...ctx.faults(), ...faults });
      ctx.state.faults.set(next);
      ctx.trace("faults.changed", "Simulated faults changed.", next);
      return next;
    },
    getFaults: () => ctx.faults(),
    isAccessTokenRevoked: (jti) => accessTokenStatus(ctx, jti).state !== "active",
    accessTokenStatus: (jti) => accessTokenStatus(ctx, jti),
    verifyAccessToken: (token) => verifyIssuedAccessToken(ctx, token),

    publicJwks: () => ctx.publicJwks(),
    smartConfiguration: () => smartConfiguration(ctx),
    openidConfiguration: () => openidConfiguration(ctx),
    async reset() {
      ctx.state.clearAllButKeys();
      ready = undefined;
      ctx.trace("lab.reset", "The authorization server forgot all clients, tokens, launches and sessions.");
      await ensureReady();
    },
  };
}

/** The endpoints `handle()` answers besides the documents (discovery and JWKS), by name. */
type Endpoint = "token" | "register" | "introspect" | "revoke" | "userinfo" | "authorize";

async function route(ctx: ServerContext, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const path = trimSlash(`${url.origin}${url.pathname}`);
  const { endpoints } = ctx.deps;
  const is = (endpoint: string | undefined) => endpoint !== undefined && path === trimSlash(endpoint);
  const method = request.method.toUpperCase();
  const documents: [url: string, body: () => unknown][] = [
    [`${ctx.fhirBaseUrl}/.well-known/smart-configuration`, () => smartConfiguration(ctx)],
    [`${ctx.issuer}/.well-known/openid-configuration`, () => openidConfiguration(ctx)],
    [endpoints.jwks, () => ctx.publicJwks()],
  ];
  const routes: [url: string | undefined, endpoint: Endpoint][] = [
    [endpoints.token, "token"],
    [endpoints.register, "register"],
    [endpoints.introspect, "introspect"],
    [endpoints.revoke, "revoke"],
    [endpoints.userinfo, "userinfo"],
    [endpoints.authorize, "authorize"],
  ];
  if (method === "OPTIONS" && [...documents, ...routes].some(([known]) => is(known))) return preflightResponse();

  const document = documents.find(([known]) => is(known));
  if (document) {
    return method === "GET" ? jsonResponse(await document[1](), 200, { cache: "public" }) : methodNotAllowed(["GET"]);
  }

  const endpoint = routes.find(([known]) => is(known))?.[1];
  if (endpoint === undefined) {
    return jsonResponse({ error: "not_found", error_description: `No endpoint at ${path}.` }, 404);
  }
  const allowedMethods = endpoint === "userinfo" ? ["GET", "POST"] : ["POST"];
  if (!allowedMethods.includes(method)) {
    if (endpoint !== "authorize") return methodNotAllowed(allowedMethods);
    return jsonResponse(
      { error: "invalid_request", error_description: "The authorize endpoint is a page of the lab; navigate to it." },
      405,
      { headers: { allow: "POST, OPTIONS" } },
    );
  }

  const basicAuthUsed = /^Basic\b/i.test(request.headers.get("authorization") ?? "");
  const size = await bodySize(request);
  if (size > MAX_REQUEST_BYTES) {
    const code = endpoint === "register" ? "invalid_client_metadata" : "invalid_request";
    return oauthErrorResponse(
      oauthError(code, `The request body is ${size} bytes; this server reads at most ${MAX_REQUEST_BYTES}.`),
      { status: 413 },
    );
  }
  const respond = (response: Response, error?: { error: string; description: string }) => {
    ctx.emit({
      server: "authorization",
      kind: "endpoint.answered",
      at: ctx.now(),
      summary: `${method} ${endpoint} answered ${response.status}${error ? ` (${error.error})` : ""}.`,
      detail: { endpoint, status: response.status, ...(error ? { error } : {}) },
    });
    return response;
  };
  const error = (value: ReturnType<typeof oauthError>, options: ErrorResponseOptions = {}) => {
    ctx.trace(`${endpoint}.rejected`, `${endpoint}: ${value.error}: ${value.description}`, { error: value });
    return respond(oauthErrorResponse(value, { basicAuthUsed, realm: ctx.issuer, ...options }), {
      error: value.error,
      description: value.description,
    });
  };

  if (ctx.faults().serverError && endpoint !== "authorize") {
    return error(oauthError("server_error", "The server failed (simulated fault: server error)."));
  }

  if (endpoint === "register") {
    const result = await processRegistration(ctx, request);
    return result.ok ? respond(jsonResponse(result.value, 201)) : error(result.error);
  }
  if (endpoint === "userinfo") {
    const result = await processUserInfo(ctx, request);
    return result.ok ? respond(jsonResponse(result.value)) : error(result.error);
  }

  const form = await readFormParameters(request);
  if (!form.ok) return error(form.error);
  const params: OAuthParameters = form.value;
  switch (endpoint) {
    case "token": {
      const result = await processTokenRequest(ctx, request, params);
      return result.ok ? respond(jsonResponse(result.value)) : error(result.error);
    }
    case "introspect": {
      const result = await processIntrospection(ctx, request, params);
      if (result.ok) return respond(jsonResponse(result.value));
      // RFC 7662 §2.3: an unauthenticated introspection call is answered 401 with a challenge.
      return error(result.error, { challenges: [`Bearer realm="${ctx.issuer}"`, `Basic realm="${ctx.issuer}"`] });
    }
    case "revoke": {
      const result = await processRevocation(ctx, request, params);
      // RFC 7009 §2.2: 200 whether or not the token existed; the body is ignored.
      if (result.ok)
        return respond(new Response(null, { status: 200, headers: { ...CORS_HEADERS, "cache-control": "no-store" } }));
      return error(result.error);
    }
    case "authorize":
      return respond(await authorizePost(ctx, params));
  }
}

// authorize-post: a form POST navigation to the authorize URL. The authorize page is the lab's UI, so the
// validated request is parked as an interaction and the browser is sent to the page with its id (303 turns the
// POST into a GET); errors that may redirect go straight back to the app.
async function authorizePost(ctx: ServerContext, params: OAuthParameters): Promise<Response> {
  const step = beginAuthorization(ctx, new URLSearchParams([...params]), "POST");
  const redirectTo = (location: string) =>
    new Response(null, { status: 303, headers: { location, "cache-control": "no-store", ...CORS_HEADERS } });
  switch (step.kind) {
    case "redirect":
      return redirectTo(step.location);
    case "interaction": {
      const separator = ctx.deps.endpoints.authorize.includes("?") ? "&" : "?";
      return redirectTo(
        `${ctx.deps.endpoints.authorize}${separator}${INTERACTION_ID_PARAMETER}=${encodeURIComponent(step.interactionId)}`,
      );
    }
    case "error-page":
      return textResponse(errorPage(step.error, step.description), {
        status: 400,
        headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...CORS_HEADERS },
      });
  }
}

function errorPage(error: string, description: string): string {
  const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Authorization error</title></head><body><h1>Authorization error</h1><p><code>${escapeHtml(error)}</code></p><p>${escapeHtml(description)}</p></body></html>`;
}

function pruneExpired(ctx: ServerContext): void {
  const now = ctx.now();
  const nowSeconds = ctx.nowSeconds();
  const { state } = ctx;
  for (const [code, record] of state.codes.entries()) {
    if (record.expiresAt + EXPIRED_RECORD_RETENTION_MS <= now) state.codes.delete(code);
  }
  for (const [token, record] of state.refreshTokens.entries()) {
    if (record.expiresAt + EXPIRED_RECORD_RETENTION_MS <= now) state.refreshTokens.delete(token);
  }
  // Access token records outlive their JWT's exp by a minute: after that the signature check rejects it anyway.
  for (const [jti, record] of state.accessTokens.entries()) {
    if (record.expiresAt + 60 <= nowSeconds) state.accessTokens.delete(jti);
  }
  for (const [key, record] of state.usedAssertions.entries()) {
    if (record.exp + 60 <= nowSeconds) state.usedAssertions.delete(key);
  }
  for (const [id, record] of state.launches.entries()) if (record.expiresAt <= now) state.launches.delete(id);
  for (const [id, record] of state.interactions.entries()) if (record.expiresAt <= now) state.interactions.delete(id);
}

async function bodySize(request: Request): Promise<number> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > MAX_REQUEST_BYTES) return declared;
  return (await request.clone().arrayBuffer()).byteLength;
}
