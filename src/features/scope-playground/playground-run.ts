import { base64url, importJWK } from "jose";
import { decodeScopeDecisions, type ScopeDecisionView } from "../../protocol/fhir/decode-scope-decisions.ts";
import { signClientAssertion } from "../../protocol/oauth/client-assertion.ts";
import { calculateS256CodeChallenge, generateCodeVerifier } from "../../protocol/oauth/pkce.ts";
import { parseScopes } from "../../protocol/scopes/parse-scopes.ts";
import type { AuthorizationServer } from "../../servers/authorization-server/create-authorization-server.ts";
import type { ScopeOffer } from "../../servers/authorization-server/scope-policy.ts";
import type { LabEndpoints } from "../../servers/lab-endpoints.ts";
import type { PlaygroundInput } from "./playground-input.ts";

/** What the playground needs, injected: the page passes fetch and the lab's servers, the benchmark Node's. */
export interface PlaygroundDeps {
  fetch(request: Request): Promise<Response>;
  authorization(): Promise<
    Pick<AuthorizationServer, "beginAuthorization" | "signIn" | "completeAuthorization" | "sampleClientPrivateJwk">
  >;
  endpoints: LabEndpoints;
  randomBytes(n: number): Uint8Array;
  now(): number;
}

/** The token the playground got for its scopes and context, and how the grant differs from the request. */
export type PlaygroundToken =
  | {
      ok: true;
      accessToken: string;
      /** The token response as the app would receive it. */
      response: Record<string, unknown>;
      /** The scope string sent to the authorization server. */
      requested: string;
      /** Scopes the playground added so the context exists (launch/patient for the chosen patient …). */
      added: string[];
      /** The server's offer for each requested scope (granted as is, narrowed, dropped), with its reason. */
      offers: ScopeOffer[];
      granted: string;
    }
  | { ok: false; stage: "authorize" | "token"; error: string; description: string; offers?: ScopeOffer[] };

/** The app the playground's user-facing tokens are issued to (a public client, PKCE only). */
export const PLAYGROUND_CLIENT = "lab-flow-app";

/** The token endpoint's refusal, as the playground shows it (RFC 6749 §5.2 error and description). */
function tokenRefused(status: number, body: Record<string, unknown>, offers?: ScopeOffer[]): PlaygroundToken {
  return {
    ok: false,
    stage: "token",
    error: String(body.error ?? status),
    description: String(body.error_description ?? ""),
    ...(offers ? { offers } : {}),
  };
}

function launchScopesFor(input: PlaygroundInput): string[] {
  const parsed = parseScopes(input.scopes);
  const present = new Set(parsed.scopes.map((scope) => scope.text));
  const wants = (scope: string) => !present.has(scope);
  const added: string[] = [];
  if (input.patient && wants("launch/patient")) added.push("launch/patient");
  if (input.encounter && wants("launch/encounter")) added.push("launch/encounter");
  return added;
}

/**
 * Gets a real token for the playground's scopes and context from the lab's authorization server. A marked lab
 * shortcut: the authorization runs on the server exactly as the authorize page runs it — request validation,
 * scope negotiation, sign-in as the persona, the patient picker, approval of everything grantable — but without the
 * browser redirects; the code is then exchanged at the token endpoint over HTTP (in the Timeline), with PKCE. A
 * backend service signs a client assertion and asks with `client_credentials`.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#obtain-authorization-code
 */
export async function obtainPlaygroundToken(input: PlaygroundInput, deps: PlaygroundDeps): Promise<PlaygroundToken> {
  const server = await deps.authorization();
  const { endpoints } = deps;
  const post = async (form: Record<string, string>) => {
    const response = await deps.fetch(
      new Request(endpoints.token, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: new URLSearchParams(form).toString(),
      }),
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  if (input.actor.kind === "backend") {
    const jwk = await server.sampleClientPrivateJwk("lab-backend-service");
    if (!jwk?.kid || jwk.alg !== "RS384") throw new Error("The backend sample client has no RS384 key.");
    const assertion = await signClientAssertion({
      clientId: "lab-backend-service",
      tokenEndpoint: endpoints.token,
      privateKey: (await importJWK(jwk, "RS384")) as CryptoKey,
      alg: "RS384",
      kid: jwk.kid,
      jti: base64url.encode(deps.randomBytes(16)),
      now: deps.now(),
    });
    const { status, body } = await post({
      grant_type: "client_credentials",
      scope: input.scopes,
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion,
    });
    if (status !== 200 || typeof body.access_token !== "string") return tokenRefused(status, body);
    return {
      ok: true,
      accessToken: body.access_token,
      response: body,
      requested: input.scopes,
      added: [],
      offers: [],
      granted: String(body.scope ?? ""),
    };
  }

  const added = launchScopesFor(input);
  const requested = [input.scopes.trim(), ...added].filter((part) => part !== "").join(" ");
  const verifier = generateCodeVerifier(deps.randomBytes);
  const redirectUri = `${endpoints.appUrl}flow/callback`;
  const params = new URLSearchParams({
    response_type: "code",
    client_id: PLAYGROUND_CLIENT,
    scope: requested,
    redirect_uri: redirectUri,
    aud: endpoints.fhirBase,
    state: base64url.encode(deps.randomBytes(12)),
    code_challenge: await calculateS256CodeChallenge(verifier),
    code_challenge_method: "S256",
  });
  let step = await server.beginAuthorization(params);
  if (step.kind === "redirect") {
    const location = new URL(step.location).searchParams;
    return {
      ok: false,
      stage: "authorize",
      error: location.get("error") ?? "error",
      description: location.get("error_description") ?? "",
    };
  }
  if (step.kind === "error-page")
    return { ok: false, stage: "authorize", error: step.error, description: step.description };
  if (step.needs.signIn) {
    step = await server.signIn(step.interactionId, input.actor.personaId);
    if (step.kind !== "interaction")
      return { ok: false, stage: "authorize", error: "sign-in", description: "The persona could not sign in." };
  }
  const offers = step.scopes;
  const completion = await server.completeAuthorization(step.interactionId, {
    action: "approve",
    personaId: input.actor.personaId,
    grantedScopes: step.defaultGrantedScopes,
    labShortcut: "scope playground",
    ...(input.patient ? { patientId: input.patient } : {}),
    ...(input.encounter ? { encounterId: input.encounter } : {}),
  });
  if (completion.kind !== "redirect") {
    return {
      ok: false,
      stage: "authorize",
      error: "invalid_decision",
      description: completion.description,
      offers,
    };
  }
  const code = new URL(completion.location).searchParams.get("code");
  if (!code)
    return { ok: false, stage: "authorize", error: "no_code", description: "The approval returned no code.", offers };
  const { status, body } = await post({
    grant_type: "authorization_code",
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
    client_id: PLAYGROUND_CLIENT,
  });
  if (status !== 200 || typeof body.access_token !== "string") return tokenRefused(status, body, offers);
  return {
    ok: true,
    accessToken: body.access_token,
    response: body,
    requested,
    added,
    offers,
    granted: String(body.scope ?? ""),
  };
}

/** The query as sent: `{patient}` filled in, and a page large enough to list every match. */
export function playgroundQueryUrl(input: PlaygroundInput, fhirBase: string): string {
  const query = input.query
    .trim()
    .replace(/^\/+/, "")
    .replaceAll("{patient}", input.patient ?? "");
  const [path = "", search = ""] = query.split("?", 2);
  const params = new URLSearchParams(search);
  // Every match, not a page of them: the point is to see everything the scopes let through or hide.
  if (!path.includes("/") && !params.has("_count")) params.set("_count", "500");
  const rest = params.toString();
  return `${fhirBase}/${path}${rest ? `?${rest}` : ""}`;
}

/** One run of the playground: the FHIR answer and the server's explanation of it. */
export interface PlaygroundAnswer {
  url: string;
  status: number;
  /** `WWW-Authenticate` of a 401/403. */
  challenge: string | null;
  body: unknown;
  view: ScopeDecisionView | null;
}

/** Sends the playground's query with the token, asking the lab to explain what it hid (X-Lab-Explain). */
export async function runPlaygroundQuery(
  input: PlaygroundInput,
  accessToken: string,
  deps: Pick<PlaygroundDeps, "fetch" | "endpoints">,
): Promise<PlaygroundAnswer> {
  const url = playgroundQueryUrl(input, deps.endpoints.fhirBase);
  const response = await deps.fetch(
    new Request(url, {
      headers: {
        accept: "application/fhir+json",
        authorization: `Bearer ${accessToken}`,
        "x-lab-explain": "scope-decisions",
      },
    }),
  );
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === "" ? null : JSON.parse(text);
  } catch {
    // Not JSON: shown as text.
  }
  const headers = [...response.headers] as [string, string][];
  return {
    url,
    status: response.status,
    challenge: response.headers.get("www-authenticate"),
    body,
    view: decodeScopeDecisions(headers, body),
  };
}
