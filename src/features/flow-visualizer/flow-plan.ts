/** The three launches the flow view drives. */
export type FlowKind = "standalone" | "ehr" | "backend";

/** Who takes part, as the sequence diagram draws them (left to right). */
export type Actor = "ehr" | "browser" | "app" | "auth" | "fhir";

/** Every step a flow can have, in the order they happen. */
export type StepId =
  | "ehr-launch"
  | "launch-received"
  | "discovery"
  | "pkce"
  | "authorize-request"
  | "login-consent"
  | "authorize-response"
  | "state-check"
  | "client-assertion"
  | "token-request"
  | "fhir-request";

/** One step of a flow, as the lesson and the diagram describe it. */
export interface StepDefinition {
  id: StepId;
  title: string;
  /** A few words for the arrow in the sequence diagram. */
  label: string;
  from: Actor;
  to: Actor;
  /** Through the browser (a redirect or navigation) rather than a direct HTTP call or work inside one actor. */
  via: "http" | "redirect" | "inside" | "user";
  /** What happens and why, in two sentences. */
  explanation: string;
  specUrl: string;
}

const IG = "https://hl7.org/fhir/smart-app-launch/STU2.2";

const STEP: Record<StepId, StepDefinition> = {
  "ehr-launch": {
    id: "ehr-launch",
    label: "open launch URL (iss, launch)",
    title: "The EHR launches the app",
    from: "ehr",
    to: "app",
    via: "redirect",
    explanation:
      "A clinician opened a chart and chose the app. The EHR records the launch context (patient, encounter, user) with its authorization server and opens the app's registered launch URL with iss (its FHIR base) and an opaque launch id.",
    specUrl: `${IG}/app-launch.html#launch-app-ehr-launch`,
  },
  "launch-received": {
    id: "launch-received",
    label: "read iss + launch",
    title: "The app reads iss and launch",
    from: "app",
    to: "app",
    via: "inside",
    explanation:
      "The app takes the FHIR server from iss — and must check it is a server it trusts, or an attacker could point it elsewhere — and keeps launch to send back in its authorization request.",
    specUrl: `${IG}/app-launch.html#launch-app-ehr-launch`,
  },
  discovery: {
    id: "discovery",
    label: "GET smart-configuration",
    title: "Discovery: the app reads the SMART configuration",
    from: "app",
    to: "fhir",
    via: "http",
    explanation:
      "GET [base]/.well-known/smart-configuration tells the app where the authorization and token endpoints are and what the server supports (PKCE S256, scopes, client authentication methods).",
    specUrl: `${IG}/conformance.html#using-well-known`,
  },
  pkce: {
    id: "pkce",
    label: "make verifier + challenge",
    title: "The app makes a PKCE verifier, its challenge, and a state",
    from: "app",
    to: "app",
    via: "inside",
    explanation:
      "The app keeps a random code_verifier secret and sends only its S256 hash, the code_challenge. Whoever later redeems the code must show the verifier, so a stolen code is useless. A random state ties the response to this request.",
    specUrl: "https://www.rfc-editor.org/rfc/rfc7636#section-4",
  },
  "authorize-request": {
    id: "authorize-request",
    label: "302 → /authorize?…",
    title: "The app sends the browser to the authorization endpoint",
    from: "app",
    to: "auth",
    via: "redirect",
    explanation:
      "The app redirects the browser to the authorize URL with its request in the query: who it is, where to come back, what it asks for (scope), which FHIR server the token is for (aud), the state and the PKCE challenge.",
    specUrl: `${IG}/app-launch.html#obtain-authorization-code`,
  },
  "login-consent": {
    id: "login-consent",
    label: "sign in, consent",
    title: "The user signs in and consents",
    from: "browser",
    to: "auth",
    via: "user",
    explanation:
      "On the authorization server's own pages the user signs in, picks a patient when the app asked for one, and approves (or narrows) the scopes. The app sees none of this.",
    specUrl: `${IG}/app-launch.html#obtain-authorization-code`,
  },
  "authorize-response": {
    id: "authorize-response",
    label: "302 → redirect_uri?code",
    title: "The authorization server redirects back with a code",
    from: "auth",
    to: "app",
    via: "redirect",
    explanation:
      "The browser returns to the app's registered redirect_uri with a one-time authorization code (valid for 60 seconds here) and the state the app sent.",
    specUrl: "https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2",
  },
  "state-check": {
    id: "state-check",
    label: "check state",
    title: "The app checks state",
    from: "app",
    to: "app",
    via: "inside",
    explanation:
      "The state must be exactly the one the app sent. A response with another state was not started by this app (cross-site request forgery): the app refuses it and never redeems its code.",
    specUrl: "https://www.rfc-editor.org/rfc/rfc6749#section-10.12",
  },
  "client-assertion": {
    id: "client-assertion",
    label: "sign assertion JWT",
    title: "The service signs a client assertion",
    from: "app",
    to: "app",
    via: "inside",
    explanation:
      "A backend service has no user and no browser. It proves who it is with a short-lived JWT signed by its private key: iss and sub are its client_id, aud the token URL, exp at most five minutes ahead, and a jti never used before.",
    specUrl: `${IG}/backend-services.html#authorize`,
  },
  "token-request": {
    id: "token-request",
    label: "POST /token",
    title: "The app exchanges the code for tokens",
    from: "app",
    to: "auth",
    via: "http",
    explanation:
      "A direct POST to the token endpoint: the code, the same redirect_uri, and the code_verifier. The server hashes the verifier and compares it with the challenge it stored with the code; only then does it issue the access token (and the launch context).",
    specUrl: `${IG}/app-launch.html#obtain-access-token`,
  },
  "fhir-request": {
    id: "fhir-request",
    label: "GET FHIR + Bearer",
    title: "The app calls the FHIR API with the access token",
    from: "app",
    to: "fhir",
    via: "http",
    explanation:
      "Every FHIR request carries Authorization: Bearer <access token>. The FHIR server checks the token (signature, issuer, audience, expiry, revocation) and lets through only what its scopes and context allow.",
    specUrl: `${IG}/app-launch.html#access-protected-resources`,
  },
};

const BACKEND_TOKEN: StepDefinition = {
  ...STEP["token-request"],
  title: "The service asks for a token (client_credentials)",
  label: "POST /token (client_credentials)",
  explanation:
    "A direct POST to the token endpoint with grant_type=client_credentials, the system/ scopes it needs and its signed assertion. The server checks the signature against the service's registered public key, the claims, and that the jti is new.",
  specUrl: `${IG}/backend-services.html#issue-access-token`,
};

/** The steps of each flow, in order. */
export function flowPlan(kind: FlowKind): readonly StepDefinition[] {
  switch (kind) {
    case "standalone":
      return [
        "discovery",
        "pkce",
        "authorize-request",
        "login-consent",
        "authorize-response",
        "state-check",
        "token-request",
        "fhir-request",
      ].map((id) => STEP[id as StepId]);
    case "ehr":
      // The EHR's launch, then the same authorization as a standalone launch.
      return [STEP["ehr-launch"], STEP["launch-received"], ...flowPlan("standalone")];
    case "backend":
      return [STEP.discovery, STEP["client-assertion"], BACKEND_TOKEN, STEP["fhir-request"]];
  }
}

/** The actors a flow's diagram shows, left to right. */
export function flowActors(kind: FlowKind): readonly Actor[] {
  if (kind === "backend") return ["app", "auth", "fhir"];
  if (kind === "ehr") return ["ehr", "browser", "app", "auth", "fhir"];
  return ["browser", "app", "auth", "fhir"];
}

/** How the diagram names each actor. */
export const ACTOR_LABELS: Readonly<Record<Actor, string>> = {
  ehr: "EHR",
  browser: "Browser",
  app: "App",
  auth: "Authorization server",
  fhir: "FHIR server",
};

/** Flow names for headings and pickers. */
export const FLOW_LABELS: Readonly<Record<FlowKind, string>> = {
  standalone: "Standalone patient launch",
  ehr: "EHR launch",
  backend: "Backend services (client_credentials)",
};
