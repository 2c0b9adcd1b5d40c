import { describe, expect, it } from "vitest";
import {
  authorizeToCode,
  basicAuthorization,
  createPkce,
  createTestAuthorizationServer,
  fhirclientAuthorizeParams,
  fhirclientTokenBody,
  formPost,
  LAB,
} from "./authorization-server-test-kit.ts";
import type { AuthorizationServer } from "./create-authorization-server.ts";

const PUBLIC = "lab-public-app";
const CONFIDENTIAL = "lab-confidential-app";
const SCOPE = "launch/patient openid fhirUser offline_access patient/*.rs";

async function tokens(server: AuthorizationServer, clientId = PUBLIC) {
  const pkce = await createPkce();
  const { code } = await authorizeToCode(
    server,
    fhirclientAuthorizeParams({ clientId, scope: SCOPE, challenge: pkce.challenge }),
    {
      personaId: "jose",
    },
  );
  const secret = (await server.getClient(CONFIDENTIAL))?.clientSecret ?? "";
  const response = await server.handle(
    clientId === CONFIDENTIAL
      ? formPost(LAB.token, fhirclientTokenBody(code, pkce.verifier), {
          authorization: basicAuthorization(CONFIDENTIAL, secret),
        })
      : formPost(LAB.token, fhirclientTokenBody(code, pkce.verifier, clientId)),
  );
  return (await response.json()) as { access_token: string; refresh_token: string; id_token: string };
}

async function introspect(server: AuthorizationServer, token: string, auth: Record<string, string>) {
  const response = await server.handle(formPost(LAB.introspect, { token }, auth));
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

async function confidentialAuth(server: AuthorizationServer) {
  return {
    authorization: basicAuthorization(CONFIDENTIAL, (await server.getClient(CONFIDENTIAL))?.clientSecret ?? ""),
  };
}

describe("introspection (RFC 7662 + SMART token introspection)", () => {
  it("describes an active access token with the fields SMART requires, for a caller with a Bearer token", async () => {
    const { server, clock } = await createTestAuthorizationServer();
    const { access_token } = await tokens(server);
    const result = await introspect(server, access_token, { authorization: `Bearer ${access_token}` });
    expect(result.status).toBe(200);
    expect(result.headers.get("cache-control")).toBe("no-store");
    const now = Math.floor(clock.now() / 1000);
    expect(result.body).toEqual({
      active: true,
      scope: SCOPE,
      client_id: PUBLIC,
      exp: now + 300,
      iat: now,
      sub: "jose",
      iss: LAB.issuer,
      aud: LAB.fhirBase,
      jti: expect.any(String),
      token_type: "Bearer",
      fhirUser: `${LAB.fhirBase}/Patient/p1`,
      patient: "p1",
      need_patient_banner: true,
    });
  });

  it("describes a refresh token for a confidential client", async () => {
    const { server } = await createTestAuthorizationServer();
    const { refresh_token } = await tokens(server);
    const result = await introspect(server, refresh_token, await confidentialAuth(server));
    expect(result.body).toMatchObject({ active: true, client_id: PUBLIC, scope: SCOPE, sub: "jose", patient: "p1" });
  });

  it.each([
    ["garbage", async () => "not-a-token"],
    ["an id_token", async (server: AuthorizationServer) => (await tokens(server)).id_token],
  ])("answers exactly {active:false} for %s", async (_name, make) => {
    const { server } = await createTestAuthorizationServer();
    const token = await make(server);
    expect((await introspect(server, token, await confidentialAuth(server))).body).toEqual({ active: false });
  });

  it("answers {active:false} for expired, revoked, expired-now and rotated tokens", async () => {
    const { server, clock } = await createTestAuthorizationServer();
    const auth = await confidentialAuth(server);
    const a = await tokens(server);
    server.expireTokensNow();
    expect((await introspect(server, a.access_token, auth)).body).toEqual({ active: false });

    const b = await tokens(server);
    await server.handle(formPost(LAB.revoke, { token: b.access_token, client_id: PUBLIC }));
    expect((await introspect(server, b.access_token, auth)).body).toEqual({ active: false });

    const c = await tokens(server);
    await server.handle(formPost(LAB.token, { grant_type: "refresh_token", refresh_token: c.refresh_token }));
    expect((await introspect(server, c.refresh_token, auth)).body).toEqual({ active: false });

    const d = await tokens(server);
    clock.advance(301_000);
    expect((await introspect(server, d.access_token, auth)).body).toEqual({ active: false });
  });

  it("requires authentication: 401 with challenges, and a public client's client_id is not enough", async () => {
    const { server } = await createTestAuthorizationServer();
    const { access_token } = await tokens(server);
    const anonymous = await introspect(server, access_token, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/Bearer realm=.*Basic realm=/);
    const publicClient = await server.handle(formPost(LAB.introspect, { token: access_token, client_id: PUBLIC }));
    expect(publicClient.status).toBe(401);
    const badBearer = await introspect(server, access_token, { authorization: "Bearer nope" });
    expect(badBearer.status).toBe(401);
    expect(badBearer.body.error).toBe("invalid_token");
    expect(badBearer.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
  });

  it("requires the token parameter", async () => {
    const { server } = await createTestAuthorizationServer();
    const response = await server.handle(formPost(LAB.introspect, {}, await confidentialAuth(server)));
    expect(await response.json()).toMatchObject({ error: "invalid_request" });
  });
});

describe("revocation (RFC 7009)", () => {
  it("revokes a refresh token and the access tokens of its grant", async () => {
    const { server } = await createTestAuthorizationServer();
    const { access_token, refresh_token } = await tokens(server);
    const response = await server.handle(
      formPost(LAB.revoke, { token: refresh_token, token_type_hint: "refresh_token", client_id: PUBLIC }),
    );
    expect(response.status).toBe(200);
    const jti = JSON.parse(atob(access_token.split(".")[1] ?? "")).jti;
    expect(server.accessTokenStatus(jti)).toMatchObject({ state: "revoked", reason: "revoked-by-client" });
    const refresh = await server.handle(formPost(LAB.token, { grant_type: "refresh_token", refresh_token }));
    expect(await refresh.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("revokes an access token by jti, even with a wrong hint", async () => {
    const { server } = await createTestAuthorizationServer();
    const { access_token } = await tokens(server);
    const response = await server.handle(
      formPost(LAB.revoke, { token: access_token, token_type_hint: "refresh_token", client_id: PUBLIC }),
    );
    expect(response.status).toBe(200);
    const jti = JSON.parse(atob(access_token.split(".")[1] ?? "")).jti;
    expect(server.isAccessTokenRevoked(jti)).toBe(true);
  });

  it("answers 200 for unknown tokens", async () => {
    const { server } = await createTestAuthorizationServer();
    const response = await server.handle(formPost(LAB.revoke, { token: "unknown", client_id: PUBLIC }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });

  it("refuses to revoke another client's token, and requires the client to identify itself", async () => {
    const { server } = await createTestAuthorizationServer();
    const { refresh_token } = await tokens(server);
    const other = await server.handle(formPost(LAB.revoke, { token: refresh_token }, await confidentialAuth(server)));
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ error: "unauthorized_client" });
    const anonymous = await server.handle(formPost(LAB.revoke, { token: refresh_token }));
    expect(await anonymous.json()).toMatchObject({ error: "invalid_client" });
    const missing = await server.handle(formPost(LAB.revoke, { client_id: PUBLIC }));
    expect(await missing.json()).toMatchObject({ error: "invalid_request" });
  });

  it("lets a confidential client revoke its own tokens only with its credentials", async () => {
    const { server } = await createTestAuthorizationServer();
    const { refresh_token } = await tokens(server, CONFIDENTIAL);
    const unauthenticated = await server.handle(
      formPost(LAB.revoke, { token: refresh_token, client_id: CONFIDENTIAL }),
    );
    expect(await unauthenticated.json()).toMatchObject({ error: "invalid_client" });
    const ok = await server.handle(formPost(LAB.revoke, { token: refresh_token }, await confidentialAuth(server)));
    expect(ok.status).toBe(200);
  });
});

describe("userinfo (OpenID Connect)", () => {
  it("returns sub and fhirUser for a token with openid", async () => {
    const { server } = await createTestAuthorizationServer();
    const { access_token } = await tokens(server);
    const response = await server.handle(
      new Request(`${LAB.issuer}/userinfo`, { headers: { authorization: `Bearer ${access_token}` } }),
    );
    expect(await response.json()).toEqual({ sub: "jose", fhirUser: `${LAB.fhirBase}/Patient/p1` });
  });

  it("answers 401 invalid_token without a valid token", async () => {
    const { server } = await createTestAuthorizationServer();
    const response = await server.handle(new Request(`${LAB.issuer}/userinfo`));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer /);
  });
});
