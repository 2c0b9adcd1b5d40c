import { describe, expect, it } from "vitest";
import type { RegisteredClient } from "../../servers/authorization-server/registered-client.ts";
import {
  APP_TYPES,
  appTypeLabel,
  authMethodDescription,
  describeLifetime,
  describePublicKeys,
  humanDuration,
  isLearnerClient,
  scopeList,
  sourceLabel,
} from "./client-labels.ts";

const client: RegisteredClient = {
  clientId: "c",
  clientName: "C",
  appType: "public",
  tokenEndpointAuthMethod: "none",
  redirectUris: [],
  grantTypes: ["authorization_code", "refresh_token"],
  scope: "openid",
  accessTokenLifetimeSeconds: 300,
  refreshTokenLifetimeSeconds: 86_400,
  clientIdIssuedAt: 0,
  clientSecretExpiresAt: 0,
  source: "lab",
};

describe("labels", () => {
  it("names the four client types of the slide", () => {
    expect(APP_TYPES.map((t) => t.value)).toEqual([
      "public",
      "confidential-symmetric",
      "confidential-asymmetric",
      "backend-service",
    ]);
    expect(appTypeLabel("backend-service")).toBe("Backend service (client credentials)");
    expect(authMethodDescription("private_key_jwt")).toMatch(/signed with the app's private key/);
  });

  it("tells sample apps from the learner's", () => {
    expect(sourceLabel("registration-endpoint")).toBe("RFC 7591 dynamic registration");
    expect(isLearnerClient(client)).toBe(true);
    expect(isLearnerClient({ ...client, source: "sample" })).toBe(false);
  });
});

describe("humanDuration", () => {
  it.each([
    [0, "0 seconds"],
    [1, "1 second"],
    [300, "5 minutes"],
    [3661, "1 hour 1 minute"],
    [86_400, "1 day"],
    [7_776_000, "90 days"],
    [-1, "unknown"],
  ])("%i s is %s", (seconds, text) => {
    expect(humanDuration(seconds)).toBe(text);
  });

  it("shows the stored number beside its meaning", () => {
    expect(describeLifetime(300)).toBe("300 s (5 minutes)");
  });
});

describe("scopeList and describePublicKeys", () => {
  it("splits scopes once each", () => {
    expect(scopeList(" openid  fhirUser openid ")).toEqual(["openid", "fhirUser"]);
  });

  it("lists key ids, a JWKS URL, or nothing", () => {
    expect(describePublicKeys({ ...client, jwks: { keys: [{ kid: "a", kty: "EC" }, { kty: "RSA" }] } })).toBe(
      "2 keys: a EC, (no kid) RSA",
    );
    expect(describePublicKeys({ ...client, jwksUri: "https://a.example/jwks" })).toBe(
      "fetched from https://a.example/jwks",
    );
    expect(describePublicKeys(client)).toBeNull();
  });
});
