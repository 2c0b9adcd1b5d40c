import { findSecrets } from "../../protocol/oauth/find-secrets.ts";
import { explainScope } from "../../protocol/scopes/explain-scope.ts";

const IG = "https://hl7.org/fhir/smart-app-launch/STU2.2";

/** What each parameter of an authorization request, callback or launch URL is for. */
const PARAMETERS: Readonly<Record<string, { meaning: string; specUrl: string }>> = {
  response_type: {
    meaning: "code: the app asks for an authorization code (the only response type SMART uses).",
    specUrl: `${IG}/app-launch.html#obtain-authorization-code`,
  },
  client_id: {
    meaning: "Who the app is: the id the authorization server issued when the app was registered.",
    specUrl: "https://www.rfc-editor.org/rfc/rfc6749#section-2.2",
  },
  redirect_uri: {
    meaning:
      "Where to send the browser back. It must be exactly one the app registered, or the server shows an error itself and never redirects.",
    specUrl: "https://www.rfc-editor.org/rfc/rfc6749#section-3.1.2",
  },
  scope: {
    meaning: "What the app asks to be allowed, space-separated; the server may grant less.",
    specUrl: `${IG}/scopes-and-launch-context.html`,
  },
  state: {
    meaning:
      "A random value the app makes and checks on the way back, so it only accepts responses to its own requests (CSRF protection).",
    specUrl: "https://www.rfc-editor.org/rfc/rfc6749#section-10.12",
  },
  aud: {
    meaning:
      "The FHIR server the token is for. The authorization server refuses one it does not serve, so a token cannot be obtained for a counterfeit server.",
    specUrl: `${IG}/app-launch.html#obtain-authorization-code`,
  },
  code_challenge: {
    meaning: "BASE64URL(SHA256(code_verifier)): the app's PKCE commitment; the verifier itself stays in the app.",
    specUrl: "https://www.rfc-editor.org/rfc/rfc7636#section-4.2",
  },
  code_challenge_method: {
    meaning: "S256, the only method SMART allows (servers must not accept plain).",
    specUrl: `${IG}/app-launch.html#considerations-for-pkce-support`,
  },
  launch: {
    meaning:
      "The EHR's opaque launch id, passed back so the authorization server can attach the EHR's context (patient, encounter) to the token.",
    specUrl: `${IG}/app-launch.html#launch-app-ehr-launch`,
  },
  iss: {
    meaning: "The EHR's FHIR base URL: where the app runs discovery, and the aud it will ask a token for.",
    specUrl: `${IG}/app-launch.html#launch-app-ehr-launch`,
  },
  code: {
    meaning: "The one-time authorization code. Only the holder of the PKCE verifier can redeem it, within 60 seconds.",
    specUrl: "https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2",
  },
  error: {
    meaning: "Why the authorization failed (access_denied, invalid_request, invalid_scope …).",
    specUrl: "https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1",
  },
  error_description: {
    meaning: "The server's sentence about the error, for the developer.",
    specUrl: "https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1",
  },
  nonce: {
    meaning: "OpenID Connect: a value the app checks in the id_token, against replay.",
    specUrl: "https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest",
  },
};

/** One query parameter of a URL, explained. */
interface ExplainedParameter {
  name: string;
  value: string;
  meaning: string;
  specUrl: string | null;
  /** A credential: shown masked until the learner asks. */
  secret: boolean;
  /** For `scope`: each scope and what it grants, in consent-screen words. */
  scopes?: { scope: string; title: string; valid: boolean }[];
}

/** A URL split for the browser frame: everything before the query, then each parameter on its own line. */
export interface ExplainedUrl {
  base: string;
  parameters: ExplainedParameter[];
}

/** Splits a URL into its base and its explained query parameters (in their order). */
export function explainUrl(href: string): ExplainedUrl {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return { base: href, parameters: [] };
  }
  const secrets = new Set(findSecrets({ url: href, headers: {}, body: null }).map((secret) => secret.value));
  const parameters = [...url.searchParams].map(([name, value]): ExplainedParameter => {
    const known = Object.hasOwn(PARAMETERS, name) ? PARAMETERS[name] : undefined;
    const parameter: ExplainedParameter = {
      name,
      value,
      meaning: known?.meaning ?? "Not a parameter the OAuth or SMART specifications define here.",
      specUrl: known?.specUrl ?? null,
      secret: secrets.has(value),
    };
    if (name === "scope") {
      parameter.scopes = value
        .split(" ")
        .filter((scope) => scope !== "")
        .map((scope) => {
          const explanation = explainScope(scope);
          return { scope, title: explanation.title, valid: explanation.valid };
        });
    }
    return parameter;
  });
  return { base: `${url.origin}${url.pathname}`, parameters };
}
