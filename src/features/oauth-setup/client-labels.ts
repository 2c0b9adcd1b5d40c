import type {
  AppType,
  RegisteredClient,
  TokenEndpointAuthMethod,
} from "../../servers/authorization-server/registered-client.ts";

/**
 * The four SMART client types in the order the registration slide lists them, each with the words the page uses.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html#client-types
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#register-app-with-ehr
 */
export const APP_TYPES: readonly { value: AppType; label: string; summary: string }[] = [
  {
    value: "public",
    label: "Public",
    summary:
      "Runs entirely in the browser or on a device and cannot keep a secret: no client authentication, PKCE alone protects the code (token_endpoint_auth_method none).",
  },
  {
    value: "confidential-symmetric",
    label: "Confidential, symmetric (client secret)",
    summary:
      "Has a back end that keeps a shared secret and sends it with HTTP Basic at the token endpoint (client_secret_basic). The server generates the secret.",
  },
  {
    value: "confidential-asymmetric",
    label: "Confidential, asymmetric (private key JWT)",
    summary:
      "Signs a short-lived JWT with its private key instead of sending a secret (private_key_jwt); you register only the public key (JWKS).",
  },
  {
    value: "backend-service",
    label: "Backend service (client credentials)",
    summary:
      "A server with no user and no browser: gets system/ tokens with the client_credentials grant and a private key JWT. No redirect URI, no launch.",
  },
];

/**
 * The page's name for an app type ("Confidential, symmetric (client secret)").
 *
 */
export function appTypeLabel(appType: AppType): string {
  return APP_TYPES.find((type) => type.value === appType)?.label ?? appType;
}

/**
 * What a token endpoint authentication method means, in one short phrase.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 */
export function authMethodDescription(method: TokenEndpointAuthMethod): string {
  switch (method) {
    case "none":
      return "no client authentication (public client, PKCE)";
    case "client_secret_basic":
      return "client id and secret in an HTTP Basic header";
    case "client_secret_post":
      return "client id and secret as form parameters";
    case "private_key_jwt":
      return "a JWT assertion signed with the app's private key";
  }
}

/**
 * Who created a registration, as the list shows it.
 *
 */
export function sourceLabel(source: RegisteredClient["source"]): string {
  switch (source) {
    case "sample":
      return "Sample app (pre-registered)";
    case "lab":
      return "Registered on this page";
    case "registration-endpoint":
      return "RFC 7591 dynamic registration";
  }
}

/**
 * Whether the learner made this client (so the page offers Delete): everything but the pre-registered samples.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7592#section-2.3
 */
export function isLearnerClient(client: RegisteredClient): boolean {
  return client.source !== "sample";
}

/**
 * A lifetime in seconds as "300 s (5 minutes)", so the number the server stores and its meaning are both visible.
 *
 */
export function describeLifetime(seconds: number): string {
  return `${seconds} s (${humanDuration(seconds)})`;
}

/**
 * A duration in words, largest sensible unit first: "1 day", "2 hours 30 minutes", "45 seconds".
 *
 */
export function humanDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "unknown";
  const units: [number, string][] = [
    [86_400, "day"],
    [3600, "hour"],
    [60, "minute"],
    [1, "second"],
  ];
  const parts: string[] = [];
  let rest = Math.floor(seconds);
  for (const [size, name] of units) {
    const count = Math.floor(rest / size);
    if (count > 0 && parts.length < 2) {
      parts.push(`${count} ${name}${count === 1 ? "" : "s"}`);
      rest -= count * size;
    } else if (parts.length > 0) {
      // Two units at most ("1 day 2 hours"): enough precision to read aloud.
      break;
    }
  }
  return parts.length > 0 ? parts.join(" ") : "0 seconds";
}

/**
 * The scopes of a space-separated scope string, in order, without duplicates.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3
 */
export function scopeList(scope: string): string[] {
  return [...new Set(scope.split(/\s+/).filter((s) => s !== ""))];
}

/**
 * The key ids of a client's registered public keys, for the list ("kid-1, kid-2"), or why it has none.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#registering-a-client-communicating-public-keys
 */
export function describePublicKeys(client: RegisteredClient): string | null {
  if (client.jwks) {
    const kids = client.jwks.keys.map((key) => `${key.kid ?? "(no kid)"}${key.kty ? ` ${key.kty}` : ""}`);
    return `${kids.length} key${kids.length === 1 ? "" : "s"}: ${kids.join(", ")}`;
  }
  if (client.jwksUri) return `fetched from ${client.jwksUri}`;
  return null;
}
