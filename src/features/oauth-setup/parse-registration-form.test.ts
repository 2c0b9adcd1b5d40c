import { describe, expect, it } from "vitest";
import {
  type ClientRegistrationInput,
  type ClientValidationContext,
  DEFAULT_APP_SCOPE,
  DEFAULT_BACKEND_SCOPE,
  type RegisteredClient,
  validateClientRegistration,
} from "../../servers/authorization-server/registered-client.ts";
import {
  accessLifetimeAdvice,
  emptyRegistrationForm,
  fieldOfRegistrationError,
  formValuesFromClient,
  LIFETIME_BOUNDS,
  parseRegistrationForm,
  withAppType,
} from "./parse-registration-form.ts";

// The server's own rule book, so these tests see the descriptions learners will see.
const context: ClientValidationContext = {
  now: Date.UTC(2026, 10, 28),
  newClientId: () => "generated-id",
  newClientSecret: () => "generated-secret-0123456789",
  isClientIdTaken: (id) => id === "lab-public-app",
  invalidScopes: (scope) => scope.split(" ").filter((s) => s.startsWith("bad")),
  jwksUriProblem: () => "no jwks_uri here",
  source: "lab",
};

async function serverError(input: ClientRegistrationInput) {
  const result = await validateClientRegistration(input, context);
  if (result.ok) throw new Error(`expected a refusal for ${JSON.stringify(input)}`);
  return result.error;
}

const app = { appType: "public", redirectUris: ["https://app.example/cb"] } as const;

describe("parseRegistrationForm", () => {
  it("reads a public app: redirect URIs one per line, defaults kept, empty client id left to the server", () => {
    const values = {
      ...emptyRegistrationForm("public"),
      clientName: "  Growth chart ",
      redirectUris: "https://app.example/cb\r\n\n  https://app.example/other  \n",
      launchUri: "https://app.example/launch",
    };
    expect(parseRegistrationForm(values)).toEqual({
      ok: true,
      input: {
        appType: "public",
        clientName: "Growth chart",
        redirectUris: ["https://app.example/cb", "https://app.example/other"],
        launchUri: "https://app.example/launch",
        scope: DEFAULT_APP_SCOPE,
        accessTokenLifetimeSeconds: 300,
        refreshTokenLifetimeSeconds: 86_400,
      },
    });
  });

  it("sends a chosen client id and normalizes scope whitespace", () => {
    const parsed = parseRegistrationForm({
      ...emptyRegistrationForm(),
      clientId: " my-app ",
      scope: " openid\n  patient/*.rs  ",
    });
    expect(parsed.ok && parsed.input.clientId).toBe("my-app");
    expect(parsed.ok && parsed.input.scope).toBe("openid patient/*.rs");
  });

  it("sends no redirect URIs or launch URL for a backend service, and parses its JWKS", () => {
    const jwks = { keys: [{ kty: "EC", crv: "P-384", x: "x", y: "y", kid: "k1" }] };
    const parsed = parseRegistrationForm({
      ...emptyRegistrationForm("backend-service"),
      redirectUris: "https://ignored.example/cb",
      launchUri: "https://ignored.example/launch",
      jwks: JSON.stringify(jwks),
    });
    expect(parsed).toEqual({
      ok: true,
      input: {
        appType: "backend-service",
        scope: DEFAULT_BACKEND_SCOPE,
        accessTokenLifetimeSeconds: 300,
        refreshTokenLifetimeSeconds: 86_400,
        jwks,
      },
    });
  });

  it("ignores a JWKS for app types that use none", () => {
    const parsed = parseRegistrationForm({ ...emptyRegistrationForm("public"), jwks: "{not json" });
    expect(parsed.ok && "jwks" in parsed.input).toBe(false);
  });

  it("reports what cannot be sent, field by field", () => {
    const parsed = parseRegistrationForm({
      ...emptyRegistrationForm("confidential-asymmetric"),
      accessTokenLifetime: "5 minutes",
      refreshTokenLifetime: "-1",
      jwks: "{ keys: [] }",
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => p.field)).toEqual(["accessTokenLifetime", "refreshTokenLifetime", "jwks"]);
    expect(parsed.problems[2]?.message).toMatch(/^The JWKS is not valid JSON: /);
  });

  it("in edit mode sends neither client id nor app type, and keeps the keys when the JWKS is left empty", () => {
    const client: RegisteredClient = {
      clientId: "lab-asymmetric-app",
      clientName: "Asymmetric",
      appType: "confidential-asymmetric",
      tokenEndpointAuthMethod: "private_key_jwt",
      redirectUris: ["https://a.example/cb", "https://a.example/cb2"],
      launchUri: "https://a.example/launch",
      grantTypes: ["authorization_code", "refresh_token"],
      scope: "openid patient/*.rs",
      jwks: { keys: [{ kty: "EC", kid: "k" }] },
      accessTokenLifetimeSeconds: 120,
      refreshTokenLifetimeSeconds: 3600,
      clientIdIssuedAt: 0,
      clientSecretExpiresAt: 0,
      source: "sample",
    };
    const values = formValuesFromClient(client);
    expect(values.redirectUris).toBe("https://a.example/cb\nhttps://a.example/cb2");
    expect(values.jwks).toBe("");
    expect(parseRegistrationForm({ ...values, accessTokenLifetime: "60" }, "edit")).toEqual({
      ok: true,
      input: {
        clientName: "Asymmetric",
        redirectUris: ["https://a.example/cb", "https://a.example/cb2"],
        launchUri: "https://a.example/launch",
        scope: "openid patient/*.rs",
        accessTokenLifetimeSeconds: 60,
        refreshTokenLifetimeSeconds: 3600,
      },
    });
  });
});

describe("withAppType", () => {
  it("switches untouched default scopes with the type, keeps edited ones", () => {
    const fresh = emptyRegistrationForm("public");
    expect(withAppType(fresh, "backend-service").scope).toBe(DEFAULT_BACKEND_SCOPE);
    const edited = { ...fresh, scope: "openid patient/Patient.r" };
    expect(withAppType(edited, "backend-service").scope).toBe("openid patient/Patient.r");
  });
});

describe("LIFETIME_BOUNDS", () => {
  it("matches what the server accepts", async () => {
    const accepts = async (input: ClientRegistrationInput) => (await validateClientRegistration(input, context)).ok;
    const { access, refresh } = LIFETIME_BOUNDS;
    expect(await accepts({ ...app, accessTokenLifetimeSeconds: access.min })).toBe(true);
    expect(await accepts({ ...app, accessTokenLifetimeSeconds: access.max })).toBe(true);
    expect(await accepts({ ...app, accessTokenLifetimeSeconds: access.min - 1 })).toBe(false);
    expect(await accepts({ ...app, accessTokenLifetimeSeconds: access.max + 1 })).toBe(false);
    expect(await accepts({ ...app, refreshTokenLifetimeSeconds: refresh.min })).toBe(true);
    expect(await accepts({ ...app, refreshTokenLifetimeSeconds: refresh.max })).toBe(true);
    expect(await accepts({ ...app, refreshTokenLifetimeSeconds: refresh.min - 1 })).toBe(false);
    expect(await accepts({ ...app, refreshTokenLifetimeSeconds: refresh.max + 1 })).toBe(false);
  });
});

describe("fieldOfRegistrationError", () => {
  it.each<[string, ClientRegistrationInput, string | undefined]>([
    ["a relative redirect URI", { appType: "public", redirectUris: ["/callback"] }, "redirectUris"],
    ["no redirect URI", { appType: "public" }, "redirectUris"],
    ["a malformed client id", { ...app, clientId: "a b" }, "clientId"],
    ["a taken client id", { ...app, clientId: "lab-public-app" }, "clientId"],
    ["an empty name", { ...app, clientName: "  " }, "clientName"],
    ["a bad launch URL", { ...app, launchUri: "launch" }, "launchUri"],
    ["a missing JWKS", { appType: "backend-service" }, "jwks"],
    ["a JWKS without keys", { appType: "backend-service", jwks: { keys: [] } }, "jwks"],
    ["a long access token", { ...app, accessTokenLifetimeSeconds: 7200 }, "accessTokenLifetime"],
    ["a short refresh token", { ...app, refreshTokenLifetimeSeconds: 1 }, "refreshTokenLifetime"],
    ["an invalid scope", { ...app, scope: "openid bad/scope" }, "scope"],
    ["an empty scope", { ...app, scope: "" }, "scope"],
  ])("points %s at its field", async (_name, input, field) => {
    expect(fieldOfRegistrationError(await serverError(input))).toBe(field);
  });

  it("names no field for an error it cannot place", () => {
    expect(fieldOfRegistrationError({ error: "server_error", description: "The server failed." })).toBeUndefined();
  });
});

describe("accessLifetimeAdvice", () => {
  it("warns above ten minutes only", () => {
    expect(accessLifetimeAdvice("600")).toBeNull();
    expect(accessLifetimeAdvice("abc")).toBeNull();
    expect(accessLifetimeAdvice("3600")).toMatch(/more than 10 minutes/);
  });
});
