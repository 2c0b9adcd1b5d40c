import { describe, expect, it } from "vitest";
import { createMemoryStorage } from "../key-value-storage.ts";
import {
  authorizeToCode,
  basicAuthorization,
  createPkce,
  createTestAuthorizationServer,
  createTestClock,
  fhirclientAuthorizeParams,
  fhirclientTokenBody,
  formPost,
  LAB,
  REDIRECT_URI,
  testDeps,
} from "./authorization-server-test-kit.ts";
import { type AuthorizationServer, createAuthorizationServer } from "./create-authorization-server.ts";

const PUBLIC = "lab-public-app";
const SCOPE = "launch/patient openid fhirUser offline_access patient/*.rs";

async function exchange(server: AuthorizationServer) {
  const pkce = await createPkce();
  const { code } = await authorizeToCode(
    server,
    fhirclientAuthorizeParams({ clientId: PUBLIC, scope: SCOPE, challenge: pkce.challenge }),
    {
      personaId: "jose",
    },
  );
  const response = await server.handle(formPost(LAB.token, fhirclientTokenBody(code, pkce.verifier, PUBLIC)));
  return { response, body: (await response.json()) as Record<string, string | number> };
}

function jtiOf(token: unknown): string {
  return JSON.parse(atob(String(token).split(".")[1] ?? "")).jti;
}

describe("discovery", () => {
  it("serves smart-configuration under the FHIR base with every required and recommended field", async () => {
    const { server } = await createTestAuthorizationServer();
    const response = await server.handle(new Request(LAB.smartConfiguration));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const config = (await response.json()) as Record<string, unknown>;
    expect(config).toEqual(server.smartConfiguration());
    expect(config).toMatchObject({
      issuer: LAB.issuer,
      jwks_uri: LAB.jwks,
      authorization_endpoint: LAB.authorize,
      token_endpoint: LAB.token,
      registration_endpoint: LAB.register,
      introspection_endpoint: LAB.introspect,
      revocation_endpoint: LAB.revoke,
      grant_types_supported: ["authorization_code", "refresh_token", "client_credentials"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "private_key_jwt"],
      token_endpoint_auth_signing_alg_values_supported: ["RS384", "ES384"],
      response_types_supported: ["code"],
      code_challenge_methods_supported: ["S256"],
    });
    expect(config.scopes_supported).toEqual(
      expect.arrayContaining(["openid", "fhirUser", "launch", "launch/patient", "offline_access", "system/*.rs"]),
    );
    expect(config.capabilities).toEqual([
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
    ]);
    // fhirclient appends "?" + params to the authorize endpoint: it must be a plain path.
    expect(String(config.authorization_endpoint)).not.toMatch(/[?#]/);
  });

  it("serves the OpenID configuration at the issuer and a public-only JWKS", async () => {
    const { server } = await createTestAuthorizationServer();
    const oidc = (await (
      await server.handle(new Request(`${LAB.issuer}/.well-known/openid-configuration`))
    ).json()) as Record<string, unknown>;
    expect(oidc).toMatchObject({
      issuer: LAB.issuer,
      jwks_uri: LAB.jwks,
      userinfo_endpoint: `${LAB.issuer}/userinfo`,
      id_token_signing_alg_values_supported: ["RS256"],
      subject_types_supported: ["public"],
    });
    const jwks = (await (await server.handle(new Request(LAB.jwks))).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: expect.any(String) });
    for (const member of ["d", "p", "q", "dp", "dq", "qi"]) expect(jwks.keys[0]).not.toHaveProperty(member);
    expect(await server.publicJwks()).toEqual(jwks);
  });

  it("answers CORS preflights, 404 for unknown paths, 405 for a GET of the authorize endpoint", async () => {
    const { server } = await createTestAuthorizationServer();
    const preflight = await server.handle(new Request(LAB.token, { method: "OPTIONS" }));
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/authorization/);
    expect((await server.handle(new Request(`${LAB.issuer}/nope`))).status).toBe(404);
    expect((await server.handle(new Request(LAB.authorize))).status).toBe(405);
  });
});

describe("state survives redirects (every page load is a new server over the same storage)", () => {
  it("continues a flow across four server instances", async () => {
    const { server, reopen, traces } = await createTestAuthorizationServer();
    const pkce = await createPkce();
    const params = fhirclientAuthorizeParams({ clientId: PUBLIC, scope: SCOPE, challenge: pkce.challenge });
    const begun = await server.beginAuthorization(params);
    if (begun.kind !== "interaction") throw new Error("expected interaction");
    const signedIn = await reopen().signIn(begun.interactionId, "jose");
    if (signedIn.kind !== "interaction") throw new Error("expected interaction");
    const done = await reopen().completeAuthorization(begun.interactionId, {
      action: "approve",
      grantedScopes: signedIn.defaultGrantedScopes,
    });
    if (done.kind !== "redirect") throw new Error("expected redirect");
    const code = new URL(done.location).searchParams.get("code") ?? "";
    const fourth = reopen();
    const response = await fourth.handle(formPost(LAB.token, fhirclientTokenBody(code, pkce.verifier, PUBLIC)));
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(await fourth.verifyAccessToken(String(body.access_token))).toMatchObject({ valid: true });
    expect(await server.publicJwks()).toEqual(await fourth.publicJwks());
    // Keys came from storage: none of these instances generated one.
    expect(traces.filter((t) => t.kind === "keys.generated")).toEqual([]);
  });

  it("resumes an interaction after a reload of the authorize page", async () => {
    const { server, reopen } = await createTestAuthorizationServer();
    const begun = await server.beginAuthorization(
      fhirclientAuthorizeParams({ clientId: PUBLIC, scope: SCOPE, challenge: (await createPkce()).challenge }),
    );
    if (begun.kind !== "interaction") throw new Error("expected interaction");
    const resumed = await reopen().resumeAuthorization(begun.interactionId);
    expect(resumed).toMatchObject({ kind: "interaction", interactionId: begun.interactionId, request: begun.request });
  });

  it("generates the signing key once and recovers from a corrupted one", async () => {
    const storage = createMemoryStorage();
    const clock = createTestClock();
    const traces: { kind: string }[] = [];
    const first = createAuthorizationServer(testDeps(storage, clock, traces as never));
    await first.listClients();
    const kid = (await first.publicJwks()).keys[0]?.kid;
    const second = createAuthorizationServer(testDeps(storage, clock, traces as never));
    await second.listClients();
    expect((await second.publicJwks()).keys[0]?.kid).toBe(kid);
    expect(traces.filter((t) => t.kind === "keys.generated").length).toBe(3); // server key + two sample client keys

    storage.setItem("auth:signing-key", "{not json");
    const third = createAuthorizationServer(testDeps(storage, clock, traces as never));
    const newKid = (await third.publicJwks()).keys[0]?.kid;
    expect(newKid).not.toBe(kid);
    storage.setItem(
      "auth:signing-key",
      JSON.stringify({ kid: "x", alg: "RS256", privateJwk: {}, publicJwk: { kid: "x" }, createdAt: 1 }),
    );
    const fourth = createAuthorizationServer(testDeps(storage, clock, traces as never));
    expect((await fourth.publicJwks()).keys[0]?.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("ignores corrupted records and reports them", async () => {
    const { server, storage, traces } = await createTestAuthorizationServer();
    storage.setItem("auth:client:broken", "{}");
    storage.setItem("auth:code:abc", "garbage");
    storage.setItem("auth:faults", "[1");
    expect((await server.listClients()).map((c) => c.clientId)).not.toContain("broken");
    expect(server.getFaults().serverError).toBe(false);
    const response = await server.handle(
      formPost(
        LAB.token,
        `code=abc&grant_type=authorization_code&redirect_uri=x&client_id=${PUBLIC}&code_verifier=${"a".repeat(43)}`,
      ),
    );
    expect(await response.json()).toMatchObject({ error: "invalid_grant" });
    expect(traces.filter((t) => t.kind === "storage.discarded").length).toBeGreaterThanOrEqual(3);
  });
});

describe("lab controls", () => {
  it("expires access tokens now: the FHIR server's check says so, and the refresh token still works", async () => {
    const { server } = await createTestAuthorizationServer();
    const { body } = await exchange(server);
    const jti = jtiOf(body.access_token);
    expect(server.isAccessTokenRevoked(jti)).toBe(false);
    expect(server.expireTokensNow()).toBe(1);
    expect(server.isAccessTokenRevoked(jti)).toBe(true);
    expect(server.accessTokenStatus(jti)).toMatchObject({ state: "expired", reason: "expired-by-lab" });
    expect(await server.verifyAccessToken(String(body.access_token))).toMatchObject({
      valid: false,
      status: "expired",
    });
    const refreshed = await server.handle(
      formPost(LAB.token, { grant_type: "refresh_token", refresh_token: String(body.refresh_token) }),
    );
    expect(refreshed.status).toBe(200);
  });

  it("expires refresh tokens too when asked, and filters by client", async () => {
    const { server } = await createTestAuthorizationServer();
    const { body } = await exchange(server);
    expect(server.expireTokensNow({ clientId: "lab-confidential-app", includeRefreshTokens: true })).toBe(0);
    expect(server.expireTokensNow({ clientId: PUBLIC, includeRefreshTokens: true })).toBe(2);
    const refreshed = await server.handle(
      formPost(LAB.token, { grant_type: "refresh_token", refresh_token: String(body.refresh_token) }),
    );
    expect(await refreshed.json()).toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringMatching(/expired/),
    });
  });

  it("reports unknown jtis as revoked", async () => {
    const { server } = await createTestAuthorizationServer();
    expect(server.isAccessTokenRevoked("never-issued")).toBe(true);
    expect(server.accessTokenStatus("never-issued").state).toBe("unknown");
  });

  it("simulates an invalid client: error page at authorize, invalid_client at the token endpoint", async () => {
    const { server } = await createTestAuthorizationServer();
    const { body } = await exchange(server);
    server.setFaults({ invalidClient: true });
    const step = await server.beginAuthorization(
      fhirclientAuthorizeParams({ clientId: PUBLIC, scope: SCOPE, challenge: (await createPkce()).challenge }),
    );
    expect(step).toMatchObject({ kind: "error-page", error: "invalid_client" });
    const refresh = await server.handle(
      formPost(LAB.token, { grant_type: "refresh_token", refresh_token: String(body.refresh_token) }),
    );
    expect(await refresh.json()).toMatchObject({ error: "invalid_client" });
  });

  it("simulates an invalid redirect URI and an invalid scope", async () => {
    const { server } = await createTestAuthorizationServer();
    const params = fhirclientAuthorizeParams({
      clientId: PUBLIC,
      scope: SCOPE,
      challenge: (await createPkce()).challenge,
    });
    server.setFaults({ invalidRedirectUri: true });
    expect((await server.beginAuthorization(params)).kind).toBe("error-page");
    server.setFaults({ invalidRedirectUri: false, invalidScope: true });
    const step = await server.beginAuthorization(params);
    expect(step.kind === "redirect" && new URL(step.location).searchParams.get("error")).toBe("invalid_scope");
  });

  it("simulates an expired token: issued with expires_in 0 and exp in the past", async () => {
    const { server, clock } = await createTestAuthorizationServer();
    server.setFaults({ expiredToken: true });
    const { body } = await exchange(server);
    expect(body.expires_in).toBe(0);
    const claims = JSON.parse(atob(String(body.access_token).split(".")[1] ?? ""));
    expect(claims.exp).toBeLessThan(Math.floor(clock.now() / 1000));
    expect(server.isAccessTokenRevoked(claims.jti)).toBe(true);
  });

  it("simulates a revoked jti", async () => {
    const { server } = await createTestAuthorizationServer();
    server.setFaults({ revokedJti: true });
    const { body } = await exchange(server);
    expect(server.accessTokenStatus(jtiOf(body.access_token))).toMatchObject({
      state: "revoked",
      reason: "fault-revoked-jti",
    });
  });

  it("simulates a server error: 500 server_error at the token endpoint, error redirect at authorize", async () => {
    const { server } = await createTestAuthorizationServer();
    const params = fhirclientAuthorizeParams({
      clientId: PUBLIC,
      scope: SCOPE,
      challenge: (await createPkce()).challenge,
    });
    server.setFaults({ serverError: true });
    const response = await server.handle(formPost(LAB.token, "grant_type=refresh_token&refresh_token=x"));
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: "server_error" });
    const step = await server.beginAuthorization(params);
    expect(step.kind === "redirect" && new URL(step.location).searchParams.get("error")).toBe("server_error");
    // Discovery keeps working, so the app gets as far as the failure.
    expect((await server.handle(new Request(LAB.smartConfiguration))).status).toBe(200);
    expect(server.setFaults({ serverError: false })).toMatchObject({ serverError: false });
  });

  it("resets to the sample clients, keeping the keys", async () => {
    const { server } = await createTestAuthorizationServer();
    const kid = (await server.publicJwks()).keys[0]?.kid;
    const sampleKey = await server.sampleClientPrivateJwk("lab-backend-service");
    const registered = await server.registerClient({
      clientName: "Mine",
      appType: "public",
      redirectUris: ["https://mine.example/cb"],
    });
    expect(registered.ok).toBe(true);
    expect(await server.deleteClient("lab-confidential-app")).toBe(true);
    server.setFaults({ serverError: true });
    await server.reset();
    expect((await server.listClients()).map((c) => c.clientId)).toEqual([
      "lab-public-app",
      "lab-confidential-app",
      "lab-asymmetric-app",
      "lab-backend-service",
    ]);
    expect(server.getFaults().serverError).toBe(false);
    expect((await server.publicJwks()).keys[0]?.kid).toBe(kid);
    expect(await server.sampleClientPrivateJwk("lab-backend-service")).toEqual(sampleKey);
  });

  it("keeps a deleted sample client deleted (until reset), and revokes its tokens", async () => {
    const { server, reopen } = await createTestAuthorizationServer();
    const { body } = await exchange(server);
    expect(await server.deleteClient(PUBLIC)).toBe(true);
    expect(server.isAccessTokenRevoked(jtiOf(body.access_token))).toBe(true);
    expect(await reopen().getClient(PUBLIC)).toBeUndefined();
    expect(await server.deleteClient(PUBLIC)).toBe(false);
  });

  it("adds the wiring's redirect URIs to existing sample clients", async () => {
    const { storage } = await createTestAuthorizationServer();
    const moved = createAuthorizationServer(
      testDeps(storage, createTestClock(), [], {
        sampleRedirectUris: [REDIRECT_URI, "https://user.github.io/lab/sample-app/callback"],
      }),
    );
    expect((await moved.getClient(PUBLIC))?.redirectUris).toEqual([
      REDIRECT_URI,
      "https://user.github.io/lab/sample-app/callback",
    ]);
  });
});

describe("authorize-post and trace events", () => {
  it("turns a form POST to the authorize URL into a 303 to the authorize page with an interaction id", async () => {
    const { server } = await createTestAuthorizationServer();
    const params = fhirclientAuthorizeParams({
      clientId: PUBLIC,
      scope: SCOPE,
      challenge: (await createPkce()).challenge,
    });
    const response = await server.handle(formPost(LAB.authorize, params.toString()));
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(LAB.authorize);
    const step = await server.resumeAuthorization(location.searchParams.get("interaction_id") ?? "");
    expect(step).toMatchObject({ kind: "interaction", request: { method: "POST" } });
    // The page can hand its whole query to beginAuthorization: an interaction_id resumes.
    expect(await server.beginAuthorization(location.searchParams)).toEqual(step);
  });

  it("sends POSTed errors back to the app, and shows an error page for an unknown client", async () => {
    const { server } = await createTestAuthorizationServer();
    const params = fhirclientAuthorizeParams({
      clientId: PUBLIC,
      scope: SCOPE,
      challenge: "bad",
      overrides: { state: "x" },
    });
    const back = await server.handle(formPost(LAB.authorize, params.toString()));
    expect(back.status).toBe(303);
    expect(new URL(back.headers.get("location") ?? "").searchParams.get("error")).toBe("invalid_request");
    params.set("client_id", "<script>");
    const page = await server.handle(formPost(LAB.authorize, params.toString()));
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain("invalid_client");
    expect(html).not.toContain("<script>");
  });

  it("reports how every endpoint answered and every decision, never a secret", async () => {
    const { server, traces } = await createTestAuthorizationServer();
    const secret = (await server.getClient("lab-confidential-app"))?.clientSecret ?? "";
    await server.handle(
      formPost(LAB.token, {
        grant_type: "refresh_token",
        refresh_token: "x",
        client_secret: secret,
        client_id: "lab-confidential-app",
      }),
    );
    await server.handle(
      formPost(
        LAB.token,
        { grant_type: "refresh_token", refresh_token: "x" },
        { authorization: basicAuthorization("lab-confidential-app", secret) },
      ),
    );
    // The server's own events say how each endpoint answered; the messages themselves (with the secrets marked)
    // are the HTTP adapter's http.exchange events, not the server's.
    const answered = traces.filter((t) => t.kind === "endpoint.answered");
    expect(answered).toHaveLength(2);
    expect(traces.some((t) => t.kind === "http.exchange")).toBe(false);
    expect(JSON.stringify(traces)).not.toContain(secret);
    expect(answered[0]).toMatchObject({
      server: "authorization",
      detail: { endpoint: "token", status: 400, error: { error: "invalid_client" } },
    });
    expect(traces.some((t) => t.kind === "token.rejected")).toBe(true);
    for (const event of traces) expect(typeof event.summary).toBe("string");
  });
});
