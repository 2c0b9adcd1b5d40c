import { importJWK } from "jose";
import * as client from "openid-client";
import { describe, expect, it } from "vitest";
import { createTestAuthorizationServer, LAB, REDIRECT_URI } from "./authorization-server-test-kit.ts";
import type { AuthorizationServer } from "./create-authorization-server.ts";

/**
 * Interop with the unmodified openid-client (panva's certified OpenID Connect relying party): discovery, the code
 * flow with PKCE, state and nonce checked by the library, refresh, introspection, revocation and client
 * credentials. Requests go straight into the server's `handle()`.
 * @see https://github.com/panva/openid-client
 */
async function configure(server: AuthorizationServer, clientId: string, auth?: client.ClientAuth) {
  const fetchFromServer: client.CustomFetch = (url, init) =>
    server.handle(new Request(url, init as RequestInit)) as ReturnType<client.CustomFetch>;
  const config = await client.discovery(new URL(LAB.issuer), clientId, undefined, auth, {
    [client.customFetch]: fetchFromServer,
    execute: [client.allowInsecureRequests],
  });
  config[client.customFetch] = fetchFromServer;
  return config;
}

describe("openid-client against the lab's authorization server", () => {
  it("runs a SMART standalone launch: code + PKCE + nonce, refresh, introspection by a confidential client, revocation", async () => {
    const { server } = await createTestAuthorizationServer({ now: () => Date.now() });
    const config = await configure(server, "lab-public-app", client.None());
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: "openid fhirUser launch/patient offline_access patient/Observation.rs",
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
      nonce,
      aud: LAB.fhirBase,
    });
    expect(url.origin + url.pathname).toBe(LAB.authorize);

    let step = await server.beginAuthorization(url.searchParams);
    if (step.kind !== "interaction") throw new Error(JSON.stringify(step));
    step = await server.signIn(step.interactionId, "jose");
    if (step.kind !== "interaction") throw new Error(JSON.stringify(step));
    const completion = await server.completeAuthorization(step.interactionId, {
      action: "approve",
      grantedScopes: step.defaultGrantedScopes,
    });
    if (completion.kind !== "redirect") throw new Error(JSON.stringify(completion));

    const tokens = await client.authorizationCodeGrant(config, new URL(completion.location), {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    expect(tokens.patient).toBe("p1");
    expect(tokens.claims()?.fhirUser).toBe(`${LAB.fhirBase}/Patient/p1`);
    expect(tokens.expiresIn()).toBeGreaterThan(0);

    const refreshToken = tokens.refresh_token;
    if (!refreshToken) throw new Error("offline_access was granted: a refresh token is expected");
    const refreshed = await client.refreshTokenGrant(config, refreshToken);
    expect(refreshed.access_token).not.toBe(tokens.access_token);

    const confidential = await server.getClient("lab-confidential-app");
    if (!confidential?.clientSecret) throw new Error("the symmetric sample app has a secret");
    const introspector = await configure(
      server,
      confidential.clientId,
      client.ClientSecretBasic(confidential.clientSecret),
    );
    const active = await client.tokenIntrospection(introspector, refreshed.access_token);
    expect(active.active).toBe(true);
    expect(active.patient).toBe("p1");

    await client.tokenRevocation(config, refreshed.access_token);
    expect(await client.tokenIntrospection(introspector, refreshed.access_token)).toEqual({ active: false });
  });

  it("gets a backend-services token with private_key_jwt, the library left at its default aud (the issuer)", async () => {
    const { server } = await createTestAuthorizationServer({ now: () => Date.now() });
    const jwk = await server.sampleClientPrivateJwk("lab-backend-service");
    if (!jwk?.kid || !jwk.alg) throw new Error("the backend sample has a key with kid and alg");
    const key = (await importJWK(jwk, jwk.alg)) as CryptoKey;
    const config = await configure(server, "lab-backend-service", client.PrivateKeyJwt({ key, kid: jwk.kid }));
    const tokens = await client.clientCredentialsGrant(config, { scope: "system/Patient.rs" });
    expect(tokens.scope).toBe("system/Patient.rs");
  });
});
