import {
  JWT_BEARER_CLIENT_ASSERTION_TYPE,
  readClientAssertionIssuer,
  verifyClientAssertion,
} from "../../protocol/oauth/client-assertion.ts";
import { type OAuthParameters, parseBasicCredentials } from "../../protocol/oauth/form-parameters.ts";
import { type OAuthResult, oauthFailure, succeed } from "../../protocol/oauth/oauth-error.ts";
import { timingSafeEqual } from "../../protocol/oauth/pkce.ts";
import { resolveClientJwks } from "./client-registry.ts";
import type { RegisteredClient, TokenEndpointAuthMethod } from "./registered-client.ts";
import type { ServerContext } from "./server-context.ts";

/**
 * Who is calling an endpoint: a client that proved its identity with its registered method (`none` for a public
 * client that only named itself), or nobody identified at all.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3
 */
export type ClientAuthentication =
  | { kind: "client"; client: RegisteredClient; method: TokenEndpointAuthMethod }
  | { kind: "unidentified" };

/**
 * Authenticates the client of a token, introspection or revocation request: exactly one of HTTP Basic,
 * `client_secret` in the body, or a JWT `client_assertion`, or just `client_id` for a public client. The method
 * must be the one the client registered. Every failure is `invalid_client`, except using two methods at once
 * (`invalid_request`).
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#signature-verification
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-symmetric.html
 */
export async function authenticateClient(
  ctx: ServerContext,
  request: Request,
  params: OAuthParameters,
  endpointUrl: string,
): Promise<OAuthResult<ClientAuthentication>> {
  const basic = parseBasicCredentials(request.headers.get("authorization"));
  const secretInBody = params.get("client_secret");
  const assertion = params.get("client_assertion");
  const assertionType = params.get("client_assertion_type");
  const presented = [
    basic !== null,
    secretInBody !== undefined,
    assertion !== undefined || assertionType !== undefined,
  ];
  if (presented.filter(Boolean).length > 1) {
    return oauthFailure("invalid_request", "Use exactly one client authentication method (RFC 6749 section 2.3).");
  }
  const bodyClientId = params.get("client_id");

  let clientId: string | undefined;
  let method: TokenEndpointAuthMethod;
  if (basic !== null) {
    if (!basic.ok) return basic;
    clientId = basic.value.clientId;
    method = "client_secret_basic";
  } else if (secretInBody !== undefined) {
    if (bodyClientId === undefined) return oauthFailure("invalid_client", "client_secret was sent without client_id.");
    clientId = bodyClientId;
    method = "client_secret_post";
  } else if (assertion !== undefined || assertionType !== undefined) {
    if (assertionType === undefined)
      return oauthFailure("invalid_request", "client_assertion_type is required with client_assertion.");
    if (assertionType !== JWT_BEARER_CLIENT_ASSERTION_TYPE) {
      return oauthFailure("invalid_client", `client_assertion_type must be ${JWT_BEARER_CLIENT_ASSERTION_TYPE}.`);
    }
    if (assertion === undefined)
      return oauthFailure("invalid_request", "client_assertion is required with client_assertion_type.");
    const issuer = readClientAssertionIssuer(assertion);
    if (!issuer.ok) return issuer;
    clientId = issuer.value;
    method = "private_key_jwt";
  } else {
    clientId = bodyClientId;
    method = "none";
  }
  if (bodyClientId !== undefined && bodyClientId !== clientId) {
    return oauthFailure("invalid_client", "client_id in the body does not match the authenticated client.");
  }
  if (clientId === undefined) return succeed({ kind: "unidentified" });

  const client = ctx.state.clients.get(clientId);
  if (!client) return oauthFailure("invalid_client", `Unknown client_id ${clientId}.`);
  if (ctx.faults().invalidClient) {
    return oauthFailure("invalid_client", `Client ${clientId} was rejected (simulated fault: invalid client).`);
  }
  if (client.tokenEndpointAuthMethod !== method) {
    return oauthFailure("invalid_client", describeMethodMismatch(client, method));
  }

  switch (method) {
    case "client_secret_basic":
    case "client_secret_post": {
      const secret = method === "client_secret_basic" && basic?.ok ? basic.value.clientSecret : (secretInBody ?? "");
      if (client.clientSecret === undefined || !timingSafeEqual(secret, client.clientSecret)) {
        return oauthFailure("invalid_client", `Wrong client_secret for client ${clientId}.`);
      }
      return succeed({ kind: "client", client, method });
    }
    case "private_key_jwt": {
      const keys = await resolveClientJwks(ctx, client);
      if (!keys.ok) return keys;
      const verified = await verifyClientAssertion({
        assertion: assertion ?? "",
        clientId,
        tokenEndpoint: ctx.deps.endpoints.token,
        issuer: ctx.issuer,
        otherAudiences: endpointUrl === ctx.deps.endpoints.token ? [] : [endpointUrl],
        jwks: keys.value,
        registeredJwksUri: client.jwksUri,
        now: ctx.now(),
      });
      if (!verified.ok) return verified;
      // Each assertion is single-use: remember its jti until it expires (IG: "check that the jti value has not
      // been previously encountered for the given iss within the maximum allowed authentication JWT lifetime").
      const replayKey = `${clientId} ${verified.value.jti}`;
      if (ctx.state.usedAssertions.get(replayKey)) {
        return oauthFailure(
          "invalid_client",
          `The client_assertion jti ${verified.value.jti} was already used; sign a new assertion per request.`,
        );
      }
      ctx.state.usedAssertions.put(replayKey, { exp: verified.value.exp });
      return succeed({ kind: "client", client, method });
    }
    case "none":
      return succeed({ kind: "client", client, method });
  }
}

function describeMethodMismatch(client: RegisteredClient, presented: TokenEndpointAuthMethod): string {
  const registered = client.tokenEndpointAuthMethod;
  if (presented === "none") {
    return `Client ${client.clientId} is confidential (registered for ${registered}) and must authenticate.`;
  }
  if (registered === "none") {
    return `Client ${client.clientId} is a public client (token_endpoint_auth_method none) but sent ${presented} credentials.`;
  }
  return `Client ${client.clientId} is registered for ${registered} but authenticated with ${presented}.`;
}
