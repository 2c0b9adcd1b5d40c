import { describe, expect, it } from "vitest";
import {
  type ClientRegistrationInput,
  type ClientValidationContext,
  deriveAppType,
  validateClientRegistration,
} from "./registered-client.ts";

const context: ClientValidationContext = {
  now: Date.UTC(2026, 10, 28),
  newClientId: () => "generated-id",
  newClientSecret: () => "generated-secret-0123456789",
  isClientIdTaken: (id) => id === "taken",
  invalidScopes: (scope) => scope.split(" ").filter((s) => s.startsWith("Bad")),
  jwksUriProblem: () => "no jwks_uri here",
  source: "lab",
};

async function validate(input: ClientRegistrationInput) {
  return validateClientRegistration(input, context);
}

describe("validateClientRegistration", () => {
  it("fills in defaults for a public app", async () => {
    const result = await validate({ appType: "public", redirectUris: ["https://a.example/cb"] });
    expect(result).toEqual({
      ok: true,
      value: {
        clientId: "generated-id",
        clientName: "generated-id",
        appType: "public",
        tokenEndpointAuthMethod: "none",
        redirectUris: ["https://a.example/cb"],
        grantTypes: ["authorization_code", "refresh_token"],
        scope:
          "openid fhirUser profile launch launch/patient launch/encounter offline_access online_access patient/*.cruds user/*.cruds",
        accessTokenLifetimeSeconds: 300,
        refreshTokenLifetimeSeconds: 86_400,
        clientIdIssuedAt: Math.floor(context.now / 1000),
        clientSecretExpiresAt: 0,
        source: "lab",
      },
    });
  });

  it("generates a secret for a symmetric client, keeps a chosen one", async () => {
    const generated = await validate({ appType: "confidential-symmetric", redirectUris: ["https://a.example/cb"] });
    expect(generated.ok && generated.value.clientSecret).toBe("generated-secret-0123456789");
    const chosen = await validate({
      tokenEndpointAuthMethod: "client_secret_post",
      redirectUris: ["https://a.example/cb"],
      clientSecret: "my-own-secret",
    });
    expect(chosen.ok && chosen.value.clientSecret).toBe("my-own-secret");
  });

  it.each<[string, ClientRegistrationInput, string, RegExp]>([
    [
      "a taken client id",
      { clientId: "taken", appType: "public", redirectUris: ["https://a.example/cb"] },
      "invalid_client_metadata",
      /already registered/,
    ],
    [
      "a client id with spaces",
      { clientId: "my app", appType: "public", redirectUris: ["https://a.example/cb"] },
      "invalid_client_metadata",
      /client_id/,
    ],
    [
      "an access token lifetime above one hour",
      { appType: "public", redirectUris: ["https://a.example/cb"], accessTokenLifetimeSeconds: 7200 },
      "invalid_client_metadata",
      /one hour/,
    ],
    [
      "a fractional lifetime",
      { appType: "public", redirectUris: ["https://a.example/cb"], accessTokenLifetimeSeconds: 1.5 },
      "invalid_client_metadata",
      /lifetime/,
    ],
    [
      "a short refresh lifetime",
      { appType: "public", redirectUris: ["https://a.example/cb"], refreshTokenLifetimeSeconds: 1 },
      "invalid_client_metadata",
      /refresh/,
    ],
    [
      "an invalid scope",
      { appType: "public", redirectUris: ["https://a.example/cb"], scope: "openid Bad/scope" },
      "invalid_client_metadata",
      /Bad\/scope/,
    ],
    [
      "an empty scope",
      { appType: "public", redirectUris: ["https://a.example/cb"], scope: "  " },
      "invalid_client_metadata",
      /at least one/,
    ],
    [
      "a bad launch URL",
      { appType: "public", redirectUris: ["https://a.example/cb"], launchUri: "launch.html" },
      "invalid_client_metadata",
      /launch_uri/,
    ],
    [
      "a short secret",
      { appType: "confidential-symmetric", redirectUris: ["https://a.example/cb"], clientSecret: "short" },
      "invalid_client_metadata",
      /client_secret/,
    ],
    [
      "a jwks_uri the lab cannot fetch",
      { appType: "backend-service", jwksUri: "https://a.example/jwks" },
      "invalid_client_metadata",
      /no jwks_uri here/,
    ],
    [
      "a backend service without keys",
      { appType: "backend-service" },
      "invalid_client_metadata",
      /private_key_jwt needs/,
    ],
    ["a code-flow client without redirect URIs", { appType: "public" }, "invalid_redirect_uri", /redirect_uris/],
  ])("refuses %s", async (_name, input, error, description) => {
    const result = await validate(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.error).toBe(error);
      expect(result.error.description).toMatch(description);
    }
  });

  it("merges an update over the existing registration and validates again", async () => {
    const created = await validate({
      appType: "confidential-symmetric",
      redirectUris: ["https://a.example/cb"],
      clientName: "A",
    });
    if (!created.ok) throw new Error("setup");
    const updated = await validateClientRegistration(
      { clientName: "B", accessTokenLifetimeSeconds: 60 },
      context,
      created.value,
    );
    expect(updated.ok && updated.value).toMatchObject({
      clientId: "generated-id",
      clientName: "B",
      clientSecret: "generated-secret-0123456789",
      accessTokenLifetimeSeconds: 60,
      redirectUris: ["https://a.example/cb"],
    });
  });
});

describe("deriveAppType", () => {
  it("names the four SMART client types", () => {
    expect(deriveAppType("none", ["authorization_code"])).toBe("public");
    expect(deriveAppType("client_secret_basic", ["authorization_code"])).toBe("confidential-symmetric");
    expect(deriveAppType("private_key_jwt", ["authorization_code", "refresh_token"])).toBe("confidential-asymmetric");
    expect(deriveAppType("private_key_jwt", ["client_credentials"])).toBe("backend-service");
  });
});
