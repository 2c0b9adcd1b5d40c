import { importJWK } from "jose";
import * as oauth from "oauth4webapi";
import { describe, expect, it } from "vitest";
import { createTestAuthorizationServer, LAB, REDIRECT_URI } from "./authorization-server-test-kit.ts";

/**
 * Interop with an unmodified, strict third-party client: panva's oauth4webapi validates discovery, the
 * authorization response, token responses and id_token claims as the RFCs and OpenID Connect require. Its requests
 * go straight into the server's `handle()` (no network); the lab's URLs are http://localhost, hence
 * `allowInsecureRequests`.
 * @see https://github.com/panva/oauth4webapi
 */
async function setUp() {
  const { server } = await createTestAuthorizationServer({ now: () => Date.now() });
  const options = {
    [oauth.customFetch]: (url: string, init?: RequestInit) => server.handle(new Request(url, init)),
    [oauth.allowInsecureRequests]: true,
  };
  const issuer = new URL(LAB.issuer);
  const as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { ...options, algorithm: "oidc" }),
  );
  return { server, options, as };
}

describe("oauth4webapi against the lab's authorization server", () => {
  it("discovers the server through OpenID Connect discovery", async () => {
    const { as } = await setUp();
    expect(as.issuer).toBe(LAB.issuer);
    expect(as.token_endpoint).toBe(LAB.token);
    expect(as.code_challenge_methods_supported).toEqual(["S256"]);
  });

  it("completes an authorization code flow with PKCE and nonce, validates the id_token, refreshes and revokes", async () => {
    const { server, options, as } = await setUp();
    const client: oauth.Client = { client_id: "lab-public-app" };
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const authorize = new URLSearchParams({
      response_type: "code",
      client_id: client.client_id,
      redirect_uri: REDIRECT_URI,
      scope: "openid fhirUser profile launch/patient offline_access patient/*.rs",
      state,
      nonce,
      aud: LAB.fhirBase,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
    });

    // The authorize page's part: sign in as a practitioner, pick a patient, approve.
    let step = await server.beginAuthorization(authorize);
    if (step.kind !== "interaction") throw new Error(JSON.stringify(step));
    step = await server.signIn(step.interactionId, "dr-smith");
    if (step.kind !== "interaction") throw new Error(JSON.stringify(step));
    const completion = await server.completeAuthorization(step.interactionId, {
      action: "approve",
      patientId: "p2",
      grantedScopes: step.defaultGrantedScopes,
    });
    if (completion.kind !== "redirect") throw new Error(JSON.stringify(completion));

    const callback = oauth.validateAuthResponse(as, client, new URL(completion.location), state);
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), callback, REDIRECT_URI, verifier, options),
      { expectedNonce: nonce, requireIdToken: true },
    );
    expect(tokens.token_type).toBe("bearer");
    expect(tokens.patient).toBe("p2");
    const claims = oauth.getValidatedIdTokenClaims(tokens);
    expect(claims?.nonce).toBe(nonce);
    expect(claims?.fhirUser).toBe(`${LAB.fhirBase}/Practitioner/smith`);

    const refreshToken = tokens.refresh_token;
    if (!refreshToken) throw new Error("offline_access was granted: a refresh token is expected");
    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, oauth.None(), refreshToken, options),
    );
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).not.toBe(refreshToken);

    // A confidential client may introspect (RFC 7662) and every client may revoke its own tokens (RFC 7009).
    const confidential = await server.getClient("lab-confidential-app");
    if (!confidential?.clientSecret) throw new Error("the symmetric sample app has a secret");
    const introspector: oauth.Client = { client_id: confidential.clientId };
    const auth = oauth.ClientSecretBasic(confidential.clientSecret);
    const active = await oauth.processIntrospectionResponse(
      as,
      introspector,
      await oauth.introspectionRequest(as, introspector, auth, refreshed.access_token, options),
    );
    expect(active.active).toBe(true);
    expect(active.scope).toContain("patient/*.rs");

    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, oauth.None(), refreshed.access_token, options),
    );
    const inactive = await oauth.processIntrospectionResponse(
      as,
      introspector,
      await oauth.introspectionRequest(as, introspector, auth, refreshed.access_token, options),
    );
    expect(inactive).toEqual({ active: false });
  });

  it("gets a backend-services token with a private_key_jwt assertion it signs itself, left at its defaults", async () => {
    // oauth4webapi addresses its assertion to the issuer identifier (draft-ietf-oauth-rfc7523bis); SMART App
    // Launch 2.2 names the token URL. The server accepts both, so the unmodified library works.
    const { server, options, as } = await setUp();
    const jwk = await server.sampleClientPrivateJwk("lab-backend-service");
    if (!jwk?.kid || !jwk.alg) throw new Error("the backend sample has a key with kid and alg");
    const key = (await importJWK(jwk, jwk.alg)) as CryptoKey;
    const client: oauth.Client = { client_id: "lab-backend-service" };
    const tokens = await oauth.processClientCredentialsResponse(
      as,
      client,
      await oauth.clientCredentialsGrantRequest(
        as,
        client,
        oauth.PrivateKeyJwt({ key, kid: jwk.kid }),
        { scope: "system/Observation.rs" },
        options,
      ),
    );
    expect(tokens.scope).toBe("system/Observation.rs");
    expect(tokens.expires_in).toBeLessThanOrEqual(300);

    // Addressed to the token URL, as SMART writes it, works too; any other audience is refused.
    const byTokenUrl = await oauth.clientCredentialsGrantRequest(
      as,
      client,
      oauth.PrivateKeyJwt(
        { key, kid: jwk.kid },
        {
          [oauth.modifyAssertion]: (_header, payload) => {
            payload.aud = as.token_endpoint;
          },
        },
      ),
      { scope: "system/Observation.rs" },
      options,
    );
    expect((await oauth.processClientCredentialsResponse(as, client, byTokenUrl)).scope).toBe("system/Observation.rs");
    const elsewhere = await oauth.clientCredentialsGrantRequest(
      as,
      client,
      oauth.PrivateKeyJwt(
        { key, kid: jwk.kid },
        {
          [oauth.modifyAssertion]: (_header, payload) => {
            payload.aud = "https://other.example/token";
          },
        },
      ),
      { scope: "system/Observation.rs" },
      options,
    );
    await expect(oauth.processClientCredentialsResponse(as, client, elsewhere)).rejects.toMatchObject({
      error: "invalid_client",
    });
  });

  it("refuses a wrong PKCE verifier the way oauth4webapi expects an OAuth error", async () => {
    const { server, options, as } = await setUp();
    const client: oauth.Client = { client_id: "lab-public-app" };
    const state = oauth.generateRandomState();
    const authorize = new URLSearchParams({
      response_type: "code",
      client_id: client.client_id,
      redirect_uri: REDIRECT_URI,
      scope: "launch/patient patient/Patient.r",
      state,
      aud: LAB.fhirBase,
      code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()),
      code_challenge_method: "S256",
    });
    let step = await server.beginAuthorization(authorize);
    if (step.kind !== "interaction") throw new Error(JSON.stringify(step));
    step = await server.signIn(step.interactionId, "jose");
    if (step.kind !== "interaction") throw new Error(JSON.stringify(step));
    const completion = await server.completeAuthorization(step.interactionId, {
      action: "approve",
      grantedScopes: step.defaultGrantedScopes,
    });
    if (completion.kind !== "redirect") throw new Error(JSON.stringify(completion));
    const callback = oauth.validateAuthResponse(as, client, new URL(completion.location), state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      callback,
      REDIRECT_URI,
      oauth.generateRandomCodeVerifier(),
      options,
    );
    await expect(oauth.processAuthorizationCodeResponse(as, client, response)).rejects.toMatchObject({
      error: "invalid_grant",
    });
  });
});
