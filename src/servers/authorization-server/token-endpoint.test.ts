import { createLocalJWKSet, exportJWK, generateKeyPair, type JSONWebKeySet, jwtVerify, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { JWT_BEARER_CLIENT_ASSERTION_TYPE } from "../../protocol/oauth/client-assertion.ts";
import { isAtobSafeBase64Url } from "../../protocol/oauth/sign-ascii-jwt.ts";
import {
  authorizeToCode,
  basicAuthorization,
  createPkce,
  createTestAuthorizationServer,
  fhirclientAuthorizeParams,
  fhirclientTokenBody,
  formPost,
  LAB,
  REDIRECT_URI,
} from "./authorization-server-test-kit.ts";
import type { AuthorizationServer } from "./create-authorization-server.ts";

const PUBLIC = "lab-public-app";
const CONFIDENTIAL = "lab-confidential-app";
const ASYMMETRIC = "lab-asymmetric-app";
const BACKEND = "lab-backend-service";
const SCOPE = "launch/patient openid fhirUser profile offline_access patient/*.rs";

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

async function jwks(server: AuthorizationServer): Promise<JSONWebKeySet> {
  return (await (await server.handle(new Request(LAB.jwks))).json()) as JSONWebKeySet;
}

async function codeFor(server: AuthorizationServer, clientId = PUBLIC, scope = SCOPE, patientId = "p2") {
  const pkce = await createPkce();
  const { code } = await authorizeToCode(
    server,
    fhirclientAuthorizeParams({ clientId, scope, challenge: pkce.challenge }),
    {
      personaId: "dr-smith",
      patientId,
    },
  );
  return { code, verifier: pkce.verifier };
}

async function exchange(server: AuthorizationServer, clientId = PUBLIC, scope = SCOPE) {
  const { code, verifier } = await codeFor(server, clientId, scope);
  const response = await server.handle(formPost(LAB.token, fhirclientTokenBody(code, verifier, clientId)));
  return { response, body: await json(response), code, verifier };
}

describe("authorization_code grant, driven like fhirclient", () => {
  it("runs the whole standalone flow and issues tokens jose verifies against the JWKS", async () => {
    const { server } = await createTestAuthorizationServer();
    const pkce = await createPkce();
    const params = fhirclientAuthorizeParams({
      clientId: PUBLIC,
      scope: SCOPE,
      challenge: pkce.challenge,
      state: "abc",
    });

    const begun = await server.beginAuthorization(params);
    expect(begun.kind).toBe("interaction");
    if (begun.kind !== "interaction") return;
    expect(begun.needs).toEqual({ signIn: true, patientPicker: false, encounterPicker: false, consent: true });
    const signedIn = await server.signIn(begun.interactionId, "dr-smith");
    if (signedIn.kind !== "interaction") throw new Error("expected interaction");
    expect(signedIn.needs.patientPicker).toBe(true);
    const done = await server.completeAuthorization(begun.interactionId, {
      action: "approve",
      patientId: "p2",
      grantedScopes: signedIn.defaultGrantedScopes,
    });
    expect(done.kind).toBe("redirect");
    if (done.kind !== "redirect") return;
    // fhirclient's ready() reads code and state from location.search.
    const callback = new URL(done.location);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get("state")).toBe("abc");
    const code = callback.searchParams.get("code") ?? "";
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const response = await server.handle(formPost(LAB.token, fhirclientTokenBody(code, pkce.verifier, PUBLIC)));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("pragma")).toBe("no-cache");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const body = await json(response);
    expect(body).toMatchObject({
      token_type: "Bearer",
      expires_in: 300,
      scope: SCOPE,
      patient: "p2",
      need_patient_banner: true,
    });
    expect(typeof body.refresh_token).toBe("string");

    const keySet = createLocalJWKSet(await jwks(server));
    const access = await jwtVerify(String(body.access_token), keySet, {
      issuer: LAB.issuer,
      audience: LAB.fhirBase,
      typ: "at+jwt",
      currentDate: new Date(Date.UTC(2026, 10, 28, 12, 0, 0)),
    });
    expect(access.protectedHeader.alg).toBe("RS256");
    expect(access.payload).toMatchObject({
      sub: "dr-smith",
      client_id: PUBLIC,
      scope: SCOPE,
      patient: "p2",
      fhirUser: `${LAB.fhirBase}/Practitioner/smith`,
    });
    expect(typeof access.payload.jti).toBe("string");

    const idToken = await jwtVerify(String(body.id_token), keySet, {
      issuer: LAB.issuer,
      audience: PUBLIC,
      currentDate: new Date(Date.UTC(2026, 10, 28, 12, 0, 0)),
    });
    expect(idToken.protectedHeader).toMatchObject({ alg: "RS256", typ: "JWT" });
    expect(idToken.payload).toMatchObject({
      sub: "dr-smith",
      fhirUser: `${LAB.fhirBase}/Practitioner/smith`,
      name: "Dr. Jane Smith",
      email: "jane.smith@example.org",
    });
    // fhirclient: JSON.parse(atob(payload)).
    const payload = String(body.id_token).split(".")[1] ?? "";
    expect(isAtobSafeBase64Url(payload)).toBe(true);
    expect(JSON.parse(atob(payload)).fhirUser).toBe(`${LAB.fhirBase}/Practitioner/smith`);
  });

  it("keeps a non-ASCII patient persona's id_token atob-safe and exact", async () => {
    const { server } = await createTestAuthorizationServer();
    const pkce = await createPkce();
    const params = fhirclientAuthorizeParams({
      clientId: PUBLIC,
      scope: "launch/patient openid fhirUser profile patient/*.rs",
      challenge: pkce.challenge,
      overrides: { nonce: "n-0?>~" },
    });
    const { code } = await authorizeToCode(server, params, { personaId: "jose" });
    const body = await json(await server.handle(formPost(LAB.token, fhirclientTokenBody(code, pkce.verifier, PUBLIC))));
    expect(body.patient).toBe("p1");
    for (const jwt of [String(body.id_token), String(body.access_token)]) {
      const payload = jwt.split(".")[1] ?? "";
      expect(isAtobSafeBase64Url(payload)).toBe(true);
    }
    const claims = JSON.parse(atob(String(body.id_token).split(".")[1] ?? ""));
    expect(claims).toMatchObject({
      name: "José Ñúñez ~ <Test>?",
      nonce: "n-0?>~",
      fhirUser: `${LAB.fhirBase}/Patient/p1`,
    });
  });

  it("sends no id_token without openid, and none with openid alone", async () => {
    const { server } = await createTestAuthorizationServer();
    expect((await exchange(server, PUBLIC, "launch/patient patient/*.rs")).body.id_token).toBeUndefined();
    expect((await exchange(server, PUBLIC, "launch/patient openid patient/*.rs")).body.id_token).toBeUndefined();
  });

  it("issues no refresh token without offline_access or online_access", async () => {
    const { server } = await createTestAuthorizationServer();
    const { body } = await exchange(server, PUBLIC, "launch/patient openid fhirUser patient/*.rs");
    expect(body.refresh_token).toBeUndefined();
  });

  it("authenticates a confidential client with HTTP Basic (fhirclient's clientSecret)", async () => {
    const { server } = await createTestAuthorizationServer();
    const client = await server.getClient(CONFIDENTIAL);
    const { code, verifier } = await codeFor(server, CONFIDENTIAL);
    const response = await server.handle(
      formPost(LAB.token, fhirclientTokenBody(code, verifier), {
        authorization: basicAuthorization(CONFIDENTIAL, client?.clientSecret ?? ""),
      }),
    );
    expect(response.status).toBe(200);
  });

  it("authenticates a confidential asymmetric client with an ES384 assertion made from the lab's sample key", async () => {
    const { server } = await createTestAuthorizationServer();
    const { code, verifier } = await codeFor(server, ASYMMETRIC);
    const assertion = (await server.createSampleClientAssertion(ASYMMETRIC)) ?? "";
    const body = `${fhirclientTokenBody(code, verifier)}&client_assertion_type=${encodeURIComponent(JWT_BEARER_CLIENT_ASSERTION_TYPE)}&client_assertion=${encodeURIComponent(assertion)}`;
    const response = await server.handle(formPost(LAB.token, body));
    expect(response.status).toBe(200);
    const jwk = await server.sampleClientPrivateJwk(ASYMMETRIC);
    expect(jwk).toMatchObject({ kty: "EC", crv: "P-384", alg: "ES384" });
    expect(typeof jwk?.kid).toBe("string");
  });
});

describe("fhirclient's asymmetric client code path (security/browser.js), emulated", () => {
  // fhirclient 2.6.3 imports `clientPrivateJwk` with WebCrypto (key_ops defaulted to ["sign"], extractable only
  // if ext is true), signs `header.payload` itself with SHA-384, and sends iss, sub, aud, jti, exp (+120 s).
  const ALGS = {
    ES384: { name: "ECDSA", namedCurve: "P-384" },
    RS384: {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 4096,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: { name: "SHA-384" },
    },
  } as const;
  const b64url = (text: string) => btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const bytesToB64url = (bytes: Uint8Array) => b64url(String.fromCharCode(...bytes));

  it.each([
    [ASYMMETRIC, "authorization_code"],
    [BACKEND, "client_credentials"],
  ])("imports the lab's private JWK of %s and signs an assertion the server accepts", async (clientId, grant) => {
    const { server, clock } = await createTestAuthorizationServer();
    const jwk = { ...(await server.sampleClientPrivateJwk(clientId)) } as JsonWebKey & {
      alg: "ES384" | "RS384";
      kid: string;
    };
    if (!Array.isArray(jwk.key_ops)) jwk.key_ops = ["sign"];
    const key = await crypto.subtle.importKey("jwk", jwk, ALGS[jwk.alg], jwk.ext === true, jwk.key_ops as KeyUsage[]);
    const header = JSON.stringify({ typ: "JWT", kid: jwk.kid, jku: undefined, alg: jwk.alg });
    const claims = JSON.stringify({
      iss: clientId,
      sub: clientId,
      aud: LAB.token,
      jti: bytesToB64url(crypto.getRandomValues(new Uint8Array(32))),
      exp: Math.floor(clock.now() / 1000) + 120,
    });
    const input = `${b64url(header)}.${b64url(claims)}`;
    const signature = new Uint8Array(
      await crypto.subtle.sign(
        { ...key.algorithm, hash: "SHA-384" } as EcdsaParams,
        key,
        new TextEncoder().encode(input),
      ),
    );
    const assertion = `${input}.${bytesToB64url(signature)}`;
    const auth = `client_assertion_type=${encodeURIComponent(JWT_BEARER_CLIENT_ASSERTION_TYPE)}&client_assertion=${encodeURIComponent(assertion)}`;
    let body: string;
    if (grant === "authorization_code") {
      const { code, verifier } = await codeFor(server, clientId);
      body = `${fhirclientTokenBody(code, verifier)}&${auth}`;
    } else {
      body = `grant_type=client_credentials&scope=system%2FPatient.rs&${auth}`;
    }
    const response = await server.handle(formPost(LAB.token, body));
    expect(response.status).toBe(200);
  });
});

describe("per-client settings", () => {
  it("authenticates a client_secret_post client with the secret in the body", async () => {
    const { server } = await createTestAuthorizationServer();
    const registered = await server.registerClient({
      clientName: "Post app",
      tokenEndpointAuthMethod: "client_secret_post",
      redirectUris: [REDIRECT_URI],
    });
    if (!registered.ok) throw new Error(registered.error.description);
    const { clientId, clientSecret } = registered.value;
    const { code, verifier } = await codeFor(server, clientId);
    const response = await server.handle(
      formPost(LAB.token, `${fhirclientTokenBody(code, verifier, clientId)}&client_secret=${clientSecret ?? ""}`),
    );
    expect(response.status).toBe(200);
    const wrong = await server.handle(
      formPost(LAB.token, `${fhirclientTokenBody(code, verifier, clientId)}&client_secret=wrong-secret`),
    );
    expect(await json(wrong)).toMatchObject({ error: "invalid_client" });
  });

  it("uses the client's access and refresh token lifetimes", async () => {
    const { server, clock } = await createTestAuthorizationServer();
    await server.updateClient(PUBLIC, { accessTokenLifetimeSeconds: 30, refreshTokenLifetimeSeconds: 120 });
    const { body } = await exchange(server);
    expect(body.expires_in).toBe(30);
    clock.advance(121_000);
    const refresh = await server.handle(
      formPost(LAB.token, { grant_type: "refresh_token", refresh_token: String(body.refresh_token) }),
    );
    expect(await json(refresh)).toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringMatching(/expired/),
    });
  });

  it("caps a backend service's token at 300 s whatever its registration says", async () => {
    const { server } = await createTestAuthorizationServer();
    await server.updateClient(BACKEND, { accessTokenLifetimeSeconds: 3600 });
    const assertion = (await server.createSampleClientAssertion(BACKEND)) ?? "";
    const response = await server.handle(
      formPost(LAB.token, {
        grant_type: "client_credentials",
        scope: "system/Patient.rs",
        client_assertion_type: JWT_BEARER_CLIENT_ASSERTION_TYPE,
        client_assertion: assertion,
      }),
    );
    expect((await json(response)).expires_in).toBe(300);
  });
});

describe("authorization_code grant: rejections (RFC 6749 §5.2)", () => {
  it("rejects a reused code with invalid_grant and revokes the tokens issued from it", async () => {
    const { server } = await createTestAuthorizationServer();
    const { code, verifier, body } = await exchange(server);
    const jti = JSON.parse(atob(String(body.access_token).split(".")[1] ?? "")).jti;
    expect(server.isAccessTokenRevoked(jti)).toBe(false);

    const replay = await server.handle(formPost(LAB.token, fhirclientTokenBody(code, verifier, PUBLIC)));
    expect(replay.status).toBe(400);
    expect(await json(replay)).toMatchObject({ error: "invalid_grant" });
    expect(server.isAccessTokenRevoked(jti)).toBe(true);
    const refresh = await server.handle(
      formPost(LAB.token, { grant_type: "refresh_token", refresh_token: String(body.refresh_token) }),
    );
    expect(await json(refresh)).toMatchObject({ error: "invalid_grant" });
  });

  it("rejects an expired code (60 s)", async () => {
    const { server, clock } = await createTestAuthorizationServer();
    const { code, verifier } = await codeFor(server);
    clock.advance(61_000);
    const response = await server.handle(formPost(LAB.token, fhirclientTokenBody(code, verifier, PUBLIC)));
    expect(await json(response)).toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringMatching(/expired/),
    });
  });

  it.each([
    [
      "a wrong code_verifier",
      (code: string) => fhirclientTokenBody(code, "x".repeat(43), PUBLIC),
      "invalid_grant",
      /PKCE/,
    ],
    [
      "no code_verifier",
      (code: string) =>
        `code=${code}&grant_type=authorization_code&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&client_id=${PUBLIC}`,
      "invalid_request",
      /code_verifier/,
    ],
    [
      "another redirect_uri",
      (code: string, v: string) =>
        fhirclientTokenBody(code, v, PUBLIC).replace(
          encodeURIComponent(REDIRECT_URI),
          encodeURIComponent(`${REDIRECT_URI}/x`),
        ),
      "invalid_grant",
      /redirect_uri/,
    ],
    [
      "no redirect_uri",
      (code: string, v: string) => `code=${code}&grant_type=authorization_code&client_id=${PUBLIC}&code_verifier=${v}`,
      "invalid_request",
      /redirect_uri/,
    ],
    [
      "no code",
      (_code: string, v: string) =>
        `grant_type=authorization_code&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&client_id=${PUBLIC}&code_verifier=${v}`,
      "invalid_request",
      /code is missing/,
    ],
    [
      "an unknown code",
      (_code: string, v: string) => fhirclientTokenBody("nope", v, PUBLIC),
      "invalid_grant",
      /unknown/,
    ],
    [
      "no client_id (public client)",
      (code: string, v: string) => fhirclientTokenBody(code, v),
      "invalid_request",
      /client_id/,
    ],
    [
      "a repeated parameter",
      (code: string, v: string) => `${fhirclientTokenBody(code, v, PUBLIC)}&code=${code}`,
      "invalid_request",
      /repeated/,
    ],
  ])("rejects %s", async (_name, build, error, description) => {
    const { server } = await createTestAuthorizationServer();
    const { code, verifier } = await codeFor(server);
    const response = await server.handle(formPost(LAB.token, build(code, verifier)));
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({ error, error_description: expect.stringMatching(description) });
  });

  it("rejects a code issued to another client with invalid_grant", async () => {
    const { server } = await createTestAuthorizationServer();
    const { code, verifier } = await codeFor(server, PUBLIC);
    const client = await server.getClient(CONFIDENTIAL);
    const response = await server.handle(
      formPost(LAB.token, fhirclientTokenBody(code, verifier), {
        authorization: basicAuthorization(CONFIDENTIAL, client?.clientSecret ?? ""),
      }),
    );
    expect(await json(response)).toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringMatching(/another client/),
    });
  });

  it("answers a wrong Basic secret with 401 invalid_client and a Basic challenge", async () => {
    const { server } = await createTestAuthorizationServer();
    const { code, verifier } = await codeFor(server, CONFIDENTIAL);
    const response = await server.handle(
      formPost(LAB.token, fhirclientTokenBody(code, verifier), {
        authorization: basicAuthorization(CONFIDENTIAL, "wrong-secret"),
      }),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
    expect(await json(response)).toMatchObject({ error: "invalid_client" });
  });

  it.each([
    [
      "a confidential client that does not authenticate",
      CONFIDENTIAL,
      (code: string, v: string) => fhirclientTokenBody(code, v, CONFIDENTIAL),
      /must authenticate/,
    ],
    [
      "a secret sent in the body by a client_secret_basic client",
      CONFIDENTIAL,
      (code: string, v: string, secret: string) =>
        `${fhirclientTokenBody(code, v, CONFIDENTIAL)}&client_secret=${secret}`,
      /registered for client_secret_basic/,
    ],
    [
      "an unknown client",
      PUBLIC,
      (code: string, v: string) => fhirclientTokenBody(code, v, "who-is-this"),
      /Unknown client_id/,
    ],
  ])("answers %s with 400 invalid_client", async (_name, clientId, build, description) => {
    const { server } = await createTestAuthorizationServer();
    const { code, verifier } = await codeFor(server, clientId);
    const secret = (await server.getClient(CONFIDENTIAL))?.clientSecret ?? "";
    const response = await server.handle(formPost(LAB.token, build(code, verifier, secret)));
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({
      error: "invalid_client",
      error_description: expect.stringMatching(description),
    });
  });

  it("rejects two authentication methods at once with invalid_request", async () => {
    const { server } = await createTestAuthorizationServer();
    const { code, verifier } = await codeFor(server, CONFIDENTIAL);
    const secret = (await server.getClient(CONFIDENTIAL))?.clientSecret ?? "";
    const response = await server.handle(
      formPost(LAB.token, `${fhirclientTokenBody(code, verifier, CONFIDENTIAL)}&client_secret=${secret}`, {
        authorization: basicAuthorization(CONFIDENTIAL, secret),
      }),
    );
    expect(await json(response)).toMatchObject({ error: "invalid_request" });
  });

  it.each([
    ["no grant_type", "code=x", "invalid_request"],
    ["an unknown grant_type", "grant_type=password&username=a&password=b", "unsupported_grant_type"],
  ])("rejects %s", async (_name, body, error) => {
    const { server } = await createTestAuthorizationServer();
    expect(await json(await server.handle(formPost(LAB.token, body)))).toMatchObject({ error });
  });

  it("rejects a JSON body: the token endpoint takes forms", async () => {
    const { server } = await createTestAuthorizationServer();
    const response = await server.handle(
      new Request(LAB.token, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
    );
    expect(await json(response)).toMatchObject({ error: "invalid_request" });
  });

  it("answers GET with 405", async () => {
    const { server } = await createTestAuthorizationServer();
    expect((await server.handle(new Request(LAB.token))).status).toBe(405);
  });
});

describe("refresh_token grant", () => {
  it("rotates: the new refresh token works, the old one is rejected and its reuse revokes the grant", async () => {
    const { server, clock } = await createTestAuthorizationServer();
    const first = await exchange(server);
    clock.advance(1000);
    // fhirclient's refresh body: grant_type and refresh_token only, no client_id for a public app.
    const refresh1 = await server.handle(
      formPost(
        LAB.token,
        `grant_type=refresh_token&refresh_token=${encodeURIComponent(String(first.body.refresh_token))}`,
      ),
    );
    expect(refresh1.status).toBe(200);
    const second = await json(refresh1);
    expect(second).toMatchObject({ token_type: "Bearer", scope: SCOPE, patient: "p2", expires_in: 300 });
    expect(second.refresh_token).not.toBe(first.body.refresh_token);
    expect(second.id_token).toBeUndefined();

    const replay = await server.handle(
      formPost(LAB.token, { grant_type: "refresh_token", refresh_token: String(first.body.refresh_token) }),
    );
    expect(await json(replay)).toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringMatching(/already used/),
    });
    const afterReplay = await server.handle(
      formPost(LAB.token, { grant_type: "refresh_token", refresh_token: String(second.refresh_token) }),
    );
    expect(await json(afterReplay)).toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringMatching(/revoked/),
    });
    const secondJti = JSON.parse(atob(String(second.access_token).split(".")[1] ?? "")).jti;
    expect(server.isAccessTokenRevoked(secondJti)).toBe(true);
  });

  it("accepts a narrower scope and refuses a broader one with invalid_scope", async () => {
    const { server } = await createTestAuthorizationServer();
    const { body } = await exchange(server);
    const narrower = await json(
      await server.handle(
        formPost(LAB.token, {
          grant_type: "refresh_token",
          refresh_token: String(body.refresh_token),
          scope: "patient/Observation.rs offline_access",
        }),
      ),
    );
    expect(narrower.scope).toBe("patient/Observation.rs offline_access");
    const broader = await json(
      await server.handle(
        formPost(LAB.token, {
          grant_type: "refresh_token",
          refresh_token: String(narrower.refresh_token),
          scope: "patient/*.cruds",
        }),
      ),
    );
    expect(broader).toMatchObject({ error: "invalid_scope" });
  });

  it("keeps the full grant in the rotated refresh token after a narrowed refresh", async () => {
    const { server } = await createTestAuthorizationServer();
    const { body } = await exchange(server);
    const narrowed = await json(
      await server.handle(
        formPost(LAB.token, {
          grant_type: "refresh_token",
          refresh_token: String(body.refresh_token),
          scope: "patient/Patient.r",
        }),
      ),
    );
    const full = await json(
      await server.handle(
        formPost(LAB.token, { grant_type: "refresh_token", refresh_token: String(narrowed.refresh_token) }),
      ),
    );
    expect(full.scope).toBe(SCOPE);
  });

  it("binds the refresh token to its client", async () => {
    const { server } = await createTestAuthorizationServer();
    const { body } = await exchange(server);
    const secret = (await server.getClient(CONFIDENTIAL))?.clientSecret ?? "";
    const response = await server.handle(
      formPost(
        LAB.token,
        { grant_type: "refresh_token", refresh_token: String(body.refresh_token) },
        {
          authorization: basicAuthorization(CONFIDENTIAL, secret),
        },
      ),
    );
    expect(await json(response)).toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringMatching(/another client/),
    });
  });

  it("requires a confidential client to authenticate when refreshing", async () => {
    const { server } = await createTestAuthorizationServer();
    const { code, verifier } = await codeFor(server, CONFIDENTIAL);
    const secret = (await server.getClient(CONFIDENTIAL))?.clientSecret ?? "";
    const auth = { authorization: basicAuthorization(CONFIDENTIAL, secret) };
    const body = await json(await server.handle(formPost(LAB.token, fhirclientTokenBody(code, verifier), auth)));
    const unauthenticated = await server.handle(
      formPost(LAB.token, { grant_type: "refresh_token", refresh_token: String(body.refresh_token) }),
    );
    expect(await json(unauthenticated)).toMatchObject({ error: "invalid_client" });
    const authenticated = await server.handle(
      formPost(LAB.token, { grant_type: "refresh_token", refresh_token: String(body.refresh_token) }, auth),
    );
    expect(authenticated.status).toBe(200);
  });

  it("rejects an expired refresh token", async () => {
    const { server, clock } = await createTestAuthorizationServer();
    const { body } = await exchange(server);
    clock.advance(86_400_000 + 1);
    const response = await server.handle(
      formPost(LAB.token, { grant_type: "refresh_token", refresh_token: String(body.refresh_token) }),
    );
    expect(await json(response)).toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringMatching(/expired/),
    });
  });

  it("ends online_access refresh tokens with the sign-in session", async () => {
    const { server } = await createTestAuthorizationServer();
    const { body } = await exchange(server, PUBLIC, "launch/patient openid fhirUser online_access patient/*.rs");
    expect(typeof body.refresh_token).toBe("string");
    server.signOut();
    const response = await server.handle(
      formPost(LAB.token, { grant_type: "refresh_token", refresh_token: String(body.refresh_token) }),
    );
    expect(await json(response)).toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringMatching(/session/),
    });
  });
});

describe("client_credentials grant (SMART Backend Services)", () => {
  async function backendAssertion(
    server: AuthorizationServer,
    overrides: Record<string, unknown> = {},
    jti: string = crypto.randomUUID(),
  ) {
    const jwk = await server.sampleClientPrivateJwk(BACKEND);
    if (!jwk) throw new Error("no key");
    const { importJWK } = await import("jose");
    const key = await importJWK(jwk, "RS384");
    const now = Math.floor(Date.UTC(2026, 10, 28, 12, 0, 0) / 1000);
    const claims = { iss: BACKEND, sub: BACKEND, aud: LAB.token, exp: now + 240, jti, ...overrides };
    return new SignJWT(claims).setProtectedHeader({ alg: "RS384", kid: String(jwk.kid), typ: "JWT" }).sign(key);
  }
  const body = (assertion: string, scope = "system/Patient.rs system/Observation.rs") => ({
    grant_type: "client_credentials",
    scope,
    client_assertion_type: JWT_BEARER_CLIENT_ASSERTION_TYPE,
    client_assertion: assertion,
  });

  it("issues a 5-minute token for system scopes with a jose-signed RS384 assertion, without refresh token", async () => {
    const { server } = await createTestAuthorizationServer();
    const response = await server.handle(formPost(LAB.token, body(await backendAssertion(server))));
    expect(response.status).toBe(200);
    const token = await json(response);
    expect(token).toMatchObject({
      token_type: "Bearer",
      expires_in: 300,
      scope: "system/Patient.rs system/Observation.rs",
    });
    expect(token.refresh_token).toBeUndefined();
    expect(token.id_token).toBeUndefined();
    const { payload } = await jwtVerify(String(token.access_token), createLocalJWKSet(await jwks(server)), {
      audience: LAB.fhirBase,
      currentDate: new Date(Date.UTC(2026, 10, 28, 12, 0, 0)),
    });
    expect(payload).toMatchObject({ sub: BACKEND, client_id: BACKEND });
  });

  it("rejects a replayed assertion jti with invalid_client", async () => {
    const { server } = await createTestAuthorizationServer();
    const assertion = await backendAssertion(server, {}, "same-jti");
    expect((await server.handle(formPost(LAB.token, body(assertion)))).status).toBe(200);
    const replay = await server.handle(formPost(LAB.token, body(assertion)));
    expect(replay.status).toBe(400);
    expect(await json(replay)).toMatchObject({
      error: "invalid_client",
      error_description: expect.stringMatching(/already used/),
    });
    // The replay is remembered across page loads too.
    const again = await server.handle(formPost(LAB.token, body(await backendAssertion(server, {}, "same-jti"))));
    expect(await json(again)).toMatchObject({ error: "invalid_client" });
  });

  it("refuses scopes beyond the pre-authorized ones with invalid_scope", async () => {
    const { server } = await createTestAuthorizationServer();
    const response = await server.handle(
      formPost(LAB.token, body(await backendAssertion(server), "system/Patient.cruds")),
    );
    expect(await json(response)).toMatchObject({ error: "invalid_scope" });
    const patientScope = await server.handle(formPost(LAB.token, body(await backendAssertion(server), "patient/*.rs")));
    expect(await json(patientScope)).toMatchObject({ error: "invalid_scope" });
  });

  it("requires a scope", async () => {
    const { server } = await createTestAuthorizationServer();
    const { scope: _omit, ...withoutScope } = body(await backendAssertion(server));
    expect(await json(await server.handle(formPost(LAB.token, withoutScope)))).toMatchObject({
      error: "invalid_scope",
    });
  });

  it("accepts the issuer as the assertion's aud (draft-ietf-oauth-rfc7523bis) as well as the token URL (SMART)", async () => {
    const { server } = await createTestAuthorizationServer();
    const byIssuer = await backendAssertion(server, { aud: LAB.issuer });
    expect((await server.handle(formPost(LAB.token, body(byIssuer)))).status).toBe(200);
    const asList = await backendAssertion(server, { aud: [LAB.issuer] });
    expect((await server.handle(formPost(LAB.token, body(asList)))).status).toBe(200);
  });

  it("rejects an assertion with a wrong or injected audience or a too-distant exp with invalid_client", async () => {
    const { server } = await createTestAuthorizationServer();
    for (const aud of [LAB.fhirBase, `${LAB.issuer}/`, "https://other.example/token"]) {
      const wrongAud = await backendAssertion(server, { aud });
      expect(await json(await server.handle(formPost(LAB.token, body(wrongAud)))), aud).toMatchObject({
        error: "invalid_client",
        error_description: expect.stringMatching(/aud must be the token endpoint .* or the issuer/),
      });
    }
    // The audience-injection attack: one assertion naming this server and another.
    const injected = await backendAssertion(server, { aud: [LAB.token, "https://other.example/token"] });
    expect(await json(await server.handle(formPost(LAB.token, body(injected))))).toMatchObject({
      error: "invalid_client",
      error_description: expect.stringMatching(/must be one value/),
    });
    const farExp = await backendAssertion(server, { exp: Math.floor(Date.UTC(2026, 10, 28, 12, 0, 0) / 1000) + 3600 });
    expect(await json(await server.handle(formPost(LAB.token, body(farExp))))).toMatchObject({
      error: "invalid_client",
      error_description: expect.stringMatching(/at most 300 s/),
    });
  });

  it("rejects an assertion signed by a key that is not registered", async () => {
    const { server } = await createTestAuthorizationServer();
    const other = await generateKeyPair("RS384");
    const jwk = await server.sampleClientPrivateJwk(BACKEND);
    const assertion = await new SignJWT({ jti: "x" })
      .setProtectedHeader({ alg: "RS384", kid: String(jwk?.kid) })
      .setIssuer(BACKEND)
      .setSubject(BACKEND)
      .setAudience(LAB.token)
      .setExpirationTime(Math.floor(Date.UTC(2026, 10, 28, 12, 0, 0) / 1000) + 60)
      .sign(other.privateKey);
    expect(await json(await server.handle(formPost(LAB.token, body(assertion))))).toMatchObject({
      error: "invalid_client",
    });
    expect((await exportJWK(other.publicKey)).kty).toBe("RSA");
  });

  it("refuses client_credentials to public and code-flow clients with unauthorized_client", async () => {
    const { server } = await createTestAuthorizationServer();
    const publicResponse = await server.handle(
      formPost(LAB.token, { grant_type: "client_credentials", client_id: PUBLIC, scope: "system/*.rs" }),
    );
    expect(await json(publicResponse)).toMatchObject({ error: "unauthorized_client" });
    const secret = (await server.getClient(CONFIDENTIAL))?.clientSecret ?? "";
    const confidential = await server.handle(
      formPost(
        LAB.token,
        { grant_type: "client_credentials", scope: "system/*.rs" },
        { authorization: basicAuthorization(CONFIDENTIAL, secret) },
      ),
    );
    expect(await json(confidential)).toMatchObject({ error: "unauthorized_client" });
  });

  it("refuses an unauthenticated client_credentials request", async () => {
    const { server } = await createTestAuthorizationServer();
    const response = await server.handle(
      formPost(LAB.token, { grant_type: "client_credentials", scope: "system/*.rs" }),
    );
    expect(await json(response)).toMatchObject({ error: "invalid_client" });
  });
});
