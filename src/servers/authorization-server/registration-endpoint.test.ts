import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { JWT_BEARER_CLIENT_ASSERTION_TYPE } from "../../protocol/oauth/client-assertion.ts";
import { createTestAuthorizationServer, formPost, LAB } from "./authorization-server-test-kit.ts";
import type { AuthorizationServer } from "./create-authorization-server.ts";

function register(server: AuthorizationServer, metadata: unknown, contentType = "application/json") {
  return server.handle(
    new Request(LAB.register, {
      method: "POST",
      headers: { "content-type": contentType },
      body: typeof metadata === "string" ? metadata : JSON.stringify(metadata),
    }),
  );
}

let publicJwk: JWK;
let privateKey: CryptoKey;
beforeAll(async () => {
  const pair = await generateKeyPair("ES384");
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: "my-key" };
});

describe("dynamic client registration (RFC 7591)", () => {
  it("registers a public SPA and answers 201 with client_id and the registered metadata", async () => {
    const { server, clock } = await createTestAuthorizationServer();
    const response = await register(server, {
      client_name: "My SPA",
      redirect_uris: ["https://spa.example/callback"],
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code"],
      response_types: ["code"],
      scope: "launch/patient openid fhirUser patient/*.rs",
      software_id: "ignored-but-harmless",
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      client_name: "My SPA",
      redirect_uris: ["https://spa.example/callback"],
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      scope: "launch/patient openid fhirUser patient/*.rs",
      client_id_issued_at: Math.floor(clock.now() / 1000),
    });
    expect(body.client_secret).toBeUndefined();
    expect(typeof body.client_id).toBe("string");
    expect((await server.getClient(String(body.client_id)))?.appType).toBe("public");
  });

  it("issues a secret (that never expires) to a symmetric client; client_secret_basic is the default", async () => {
    const { server } = await createTestAuthorizationServer();
    const body = (await (
      await register(server, { client_name: "Web app", redirect_uris: ["https://web.example/cb"] })
    ).json()) as Record<string, unknown>;
    expect(body.token_endpoint_auth_method).toBe("client_secret_basic");
    expect(String(body.client_secret).length).toBeGreaterThanOrEqual(43);
    expect(body.client_secret_expires_at).toBe(0);
  });

  it("registers a backend service with inline jwks that can then get a token", async () => {
    const { server } = await createTestAuthorizationServer();
    const body = (await (
      await register(server, {
        client_name: "Nightly export",
        token_endpoint_auth_method: "private_key_jwt",
        grant_types: ["client_credentials"],
        scope: "system/Patient.rs",
        jwks: { keys: [publicJwk] },
      })
    ).json()) as Record<string, unknown>;
    const clientId = String(body.client_id);
    expect(body.response_types).toEqual([]);
    const now = Math.floor(Date.UTC(2026, 10, 28, 12, 0, 0) / 1000);
    const assertion = await new SignJWT({ jti: "1" })
      .setProtectedHeader({ alg: "ES384", kid: "my-key", typ: "JWT" })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(LAB.token)
      .setExpirationTime(now + 60)
      .sign(privateKey);
    const token = await server.handle(
      formPost(LAB.token, {
        grant_type: "client_credentials",
        scope: "system/Patient.rs",
        client_assertion_type: JWT_BEARER_CLIENT_ASSERTION_TYPE,
        client_assertion: assertion,
      }),
    );
    expect(token.status).toBe(200);
    expect((await server.getClient(clientId))?.appType).toBe("backend-service");
  });

  it.each([
    ["no redirect_uris for the code flow", { client_name: "x" }, "invalid_redirect_uri"],
    ["a relative redirect URI", { redirect_uris: ["/cb"] }, "invalid_redirect_uri"],
    ["a redirect URI with a fragment", { redirect_uris: ["https://a.example/cb#x"] }, "invalid_redirect_uri"],
    ["redirect_uris that is not an array", { redirect_uris: "https://a.example/cb" }, "invalid_redirect_uri"],
    [
      "an unknown auth method",
      { redirect_uris: ["https://a.example/cb"], token_endpoint_auth_method: "tls_client_auth" },
      "invalid_client_metadata",
    ],
    [
      "an unsupported grant type",
      { redirect_uris: ["https://a.example/cb"], grant_types: ["password"] },
      "invalid_client_metadata",
    ],
    [
      "response_types token",
      { redirect_uris: ["https://a.example/cb"], response_types: ["token"] },
      "invalid_client_metadata",
    ],
    [
      "private_key_jwt without keys",
      { redirect_uris: ["https://a.example/cb"], token_endpoint_auth_method: "private_key_jwt" },
      "invalid_client_metadata",
    ],
    [
      "a jwks_uri (the lab is offline)",
      {
        redirect_uris: ["https://a.example/cb"],
        token_endpoint_auth_method: "private_key_jwt",
        jwks_uri: "https://a.example/jwks",
      },
      "invalid_client_metadata",
    ],
    [
      "client_credentials for a public client",
      { token_endpoint_auth_method: "none", grant_types: ["client_credentials"] },
      "invalid_client_metadata",
    ],
    [
      "an invalid scope",
      { redirect_uris: ["https://a.example/cb"], scope: "Patient/*.read" },
      "invalid_client_metadata",
    ],
    [
      "a private key in jwks",
      {
        token_endpoint_auth_method: "private_key_jwt",
        grant_types: ["client_credentials"],
        jwks: { keys: [{ kty: "EC", crv: "P-384", x: "a", y: "b", d: "c", kid: "k" }] },
      },
      "invalid_client_metadata",
    ],
  ])("refuses %s with 400 %s", async (_name, metadata, error) => {
    const { server } = await createTestAuthorizationServer();
    const response = await register(server, metadata);
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.error).toBe(error);
    expect(String(body.error_description).length).toBeGreaterThan(10);
  });

  it("refuses jwks and jwks_uri together", async () => {
    const { server } = await createTestAuthorizationServer({ fetchJwks: async () => ({ keys: [] }) });
    const response = await register(server, {
      token_endpoint_auth_method: "private_key_jwt",
      grant_types: ["client_credentials"],
      jwks: { keys: [publicJwk] },
      jwks_uri: `${LAB.appUrl}jwks.json`,
    });
    expect(await response.json()).toMatchObject({ error: "invalid_client_metadata" });
  });

  it("accepts a same-origin jwks_uri when the wiring can fetch it, and dereferences it at the token endpoint", async () => {
    const fetched: string[] = [];
    const { server } = await createTestAuthorizationServer({
      fetchJwks: async (url) => {
        fetched.push(url);
        return { keys: [publicJwk] };
      },
    });
    const offOrigin = await register(server, {
      token_endpoint_auth_method: "private_key_jwt",
      grant_types: ["client_credentials"],
      scope: "system/*.rs",
      jwks_uri: "https://elsewhere.example/jwks.json",
    });
    expect(await offOrigin.json()).toMatchObject({ error: "invalid_client_metadata" });
    const body = (await (
      await register(server, {
        token_endpoint_auth_method: "private_key_jwt",
        grant_types: ["client_credentials"],
        scope: "system/*.rs",
        jwks_uri: `${LAB.appUrl}jwks.json`,
      })
    ).json()) as Record<string, unknown>;
    const clientId = String(body.client_id);
    const now = Math.floor(Date.UTC(2026, 10, 28, 12, 0, 0) / 1000);
    const assertion = await new SignJWT({ jti: "2" })
      .setProtectedHeader({ alg: "ES384", kid: "my-key", typ: "JWT", jku: `${LAB.appUrl}jwks.json` })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(LAB.token)
      .setExpirationTime(now + 60)
      .sign(privateKey);
    const token = await server.handle(
      formPost(LAB.token, {
        grant_type: "client_credentials",
        scope: "system/Patient.rs",
        client_assertion_type: JWT_BEARER_CLIENT_ASSERTION_TYPE,
        client_assertion: assertion,
      }),
    );
    expect(token.status).toBe(200);
    expect(fetched).toEqual([`${LAB.appUrl}jwks.json`]);
  });

  it("refuses non-JSON bodies and non-object JSON", async () => {
    const { server } = await createTestAuthorizationServer();
    expect(await (await register(server, "redirect_uris=x", "application/x-www-form-urlencoded")).json()).toMatchObject(
      {
        error: "invalid_client_metadata",
      },
    );
    expect(await (await register(server, "[1,2]")).json()).toMatchObject({ error: "invalid_client_metadata" });
    expect(await (await register(server, "{nope")).json()).toMatchObject({ error: "invalid_client_metadata" });
  });
});
