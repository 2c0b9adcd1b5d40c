/** Where a claim is defined. */
type ClaimSource = "RFC 7519" | "OpenID Connect" | "SMART" | "RFC 9068" | "RFC 7515";

interface ClaimDefinition {
  meaning: string;
  source: ClaimSource;
  specUrl: string;
  /** A NumericDate (seconds since 1970): shown as a local time and relative to now. */
  time?: boolean;
}

const RFC7519 = "https://www.rfc-editor.org/rfc/rfc7519#section-4.1";
const OIDC = "https://openid.net/specs/openid-connect-core-1_0.html";
const IG = "https://hl7.org/fhir/smart-app-launch/STU2.2";

/** The claims the inspector explains: JWT's registered claims, OpenID Connect's and SMART's. */
const CLAIMS: Readonly<Record<string, ClaimDefinition>> = {
  iss: {
    meaning: "Issuer: who made and signed the token (here, the lab's authorization server).",
    source: "RFC 7519",
    specUrl: `${RFC7519}.1`,
  },
  sub: {
    meaning: "Subject: whom the token is about (the signed-in user, or the client itself).",
    source: "RFC 7519",
    specUrl: `${RFC7519}.2`,
  },
  aud: {
    meaning:
      "Audience: who must accept it — the FHIR base URL for an access token, the client_id for an ID token. A recipient not named must refuse it.",
    source: "RFC 7519",
    specUrl: `${RFC7519}.3`,
  },
  exp: {
    meaning: "Expiration time: after it the token must be refused.",
    source: "RFC 7519",
    specUrl: `${RFC7519}.4`,
    time: true,
  },
  nbf: {
    meaning: "Not before: the token must be refused before this time.",
    source: "RFC 7519",
    specUrl: `${RFC7519}.5`,
    time: true,
  },
  iat: { meaning: "Issued at: when the token was made.", source: "RFC 7519", specUrl: `${RFC7519}.6`, time: true },
  jti: {
    meaning: "JWT ID: unique per token, so a server can revoke it or refuse it being used twice.",
    source: "RFC 7519",
    specUrl: `${RFC7519}.7`,
  },
  azp: {
    meaning: "Authorized party: the client the ID token was issued to.",
    source: "OpenID Connect",
    specUrl: `${OIDC}#IDToken`,
  },
  nonce: {
    meaning: "The value the app sent in the authorization request; the app checks it against replay of an ID token.",
    source: "OpenID Connect",
    specUrl: `${OIDC}#IDToken`,
  },
  auth_time: {
    meaning: "When the user authenticated.",
    source: "OpenID Connect",
    specUrl: `${OIDC}#IDToken`,
    time: true,
  },
  at_hash: {
    meaning: "Hash of the access token issued with this ID token.",
    source: "OpenID Connect",
    specUrl: `${OIDC}#CodeIDToken`,
  },
  name: {
    meaning: "The user's full name (profile claim).",
    source: "OpenID Connect",
    specUrl: `${OIDC}#StandardClaims`,
  },
  email: {
    meaning: "The user's e-mail address (email claim).",
    source: "OpenID Connect",
    specUrl: `${OIDC}#StandardClaims`,
  },
  fhirUser: {
    meaning:
      "The user as a FHIR resource: Patient, Practitioner, PractitionerRole, RelatedPerson or Person, as a URL (possibly relative to the FHIR base).",
    source: "SMART",
    specUrl: `${IG}/scopes-and-launch-context.html#fhiruser`,
  },
  scope: {
    meaning: "The scopes granted, space-separated (may be fewer than requested).",
    source: "SMART",
    specUrl: `${IG}/scopes-and-launch-context.html`,
  },
  client_id: {
    meaning: "The client the token was issued to.",
    source: "RFC 9068",
    specUrl: "https://www.rfc-editor.org/rfc/rfc9068#section-2.2",
  },
  patient: {
    meaning: "Launch context: the id of the patient in context (patient/ scopes reach this patient's compartment).",
    source: "SMART",
    specUrl: `${IG}/scopes-and-launch-context.html#launch-context-arrives-with-your-access_token`,
  },
  encounter: {
    meaning: "Launch context: the id of the encounter in context.",
    source: "SMART",
    specUrl: `${IG}/scopes-and-launch-context.html#launch-context-arrives-with-your-access_token`,
  },
  fhirContext: {
    meaning: "Launch context: further FHIR resources in context (references, optionally with a role).",
    source: "SMART",
    specUrl: `${IG}/scopes-and-launch-context.html#fhircontext`,
  },
  need_patient_banner: {
    meaning: "Launch context: false means the app may leave out its patient banner (the EHR shows one).",
    source: "SMART",
    specUrl: `${IG}/scopes-and-launch-context.html#launch-context-arrives-with-your-access_token`,
  },
  smart_style_url: {
    meaning: "Launch context: a stylesheet the app may use to look like the EHR.",
    source: "SMART",
    specUrl: `${IG}/scopes-and-launch-context.html#launch-context-arrives-with-your-access_token`,
  },
  tenant: {
    meaning: "Launch context: which tenant (organization) of a multi-tenant server.",
    source: "SMART",
    specUrl: `${IG}/scopes-and-launch-context.html#launch-context-arrives-with-your-access_token`,
  },
};

const HEADER: Readonly<Record<string, ClaimDefinition>> = {
  alg: {
    meaning: "The signing algorithm (RS256, ES384 …); none means unsigned, which must be refused.",
    source: "RFC 7515",
    specUrl: "https://www.rfc-editor.org/rfc/rfc7515#section-4.1.1",
  },
  kid: {
    meaning: "Key ID: which key of the issuer's JWKS signed it; a verifier looks it up there.",
    source: "RFC 7515",
    specUrl: "https://www.rfc-editor.org/rfc/rfc7515#section-4.1.4",
  },
  typ: {
    meaning: "Media type of the token (JWT, or at+jwt for an RFC 9068 access token).",
    source: "RFC 7515",
    specUrl: "https://www.rfc-editor.org/rfc/rfc7515#section-4.1.9",
  },
  jku: {
    meaning: "A URL of the JWKS with the key; a verifier must only use one it trusts.",
    source: "RFC 7515",
    specUrl: "https://www.rfc-editor.org/rfc/rfc7515#section-4.1.2",
  },
  cty: {
    meaning: "Content type of the payload.",
    source: "RFC 7515",
    specUrl: "https://www.rfc-editor.org/rfc/rfc7515#section-4.1.10",
  },
};

/** A time claim as a learner reads it. */
interface ClaimTime {
  /** Epoch milliseconds. */
  at: number;
  /** "in 4 min", "2 h ago". */
  relative: string;
  /** For `exp`: whether the token is already expired; for `nbf`: whether it is not valid yet. */
  outOfRange: boolean;
}

/** One claim (or header parameter), explained. Unknown claims are listed too, marked as such. */
export interface ClaimRow {
  name: string;
  value: unknown;
  known: boolean;
  meaning: string;
  source: ClaimSource | null;
  specUrl: string | null;
  time?: ClaimTime;
}

/** "4 min", "2 h", "3 d", "12 s": the rough size of a duration in milliseconds. */
function roughDuration(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

/** A time relative to now: "in 4 min", "2 h ago". */
export function relativeTime(at: number, now: number): string {
  return at >= now ? `in ${roughDuration(at - now)}` : `${roughDuration(now - at)} ago`;
}

/** How a token stands in time, in the inspector's words: "expires in 4 min", "expired 2 h ago", or null without exp. */
export function expirySentence(payload: Record<string, unknown>, now: number): string | null {
  if (typeof payload.exp !== "number") return null;
  const at = payload.exp * 1000;
  return at > now ? `expires in ${roughDuration(at - now)}` : `expired ${roughDuration(now - at)} ago`;
}

function row(catalog: Readonly<Record<string, ClaimDefinition>>, name: string, value: unknown, now: number): ClaimRow {
  const definition = Object.hasOwn(catalog, name) ? catalog[name] : undefined;
  if (!definition)
    return {
      name,
      value,
      known: false,
      meaning: "Not a claim the JWT, OpenID Connect or SMART specifications define.",
      source: null,
      specUrl: null,
    };
  const described: ClaimRow = {
    name,
    value,
    known: true,
    meaning: definition.meaning,
    source: definition.source,
    specUrl: definition.specUrl,
  };
  if (definition.time && typeof value === "number") {
    const at = value * 1000;
    described.time = {
      at,
      relative: relativeTime(at, now),
      outOfRange: name === "exp" ? at <= now : name === "nbf" ? at > now : false,
    };
  }
  return described;
}

/** Every claim of a payload, in its order, explained. */
export function describeClaims(payload: Record<string, unknown>, now: number): ClaimRow[] {
  return Object.entries(payload).map(([name, value]) => row(CLAIMS, name, value, now));
}

/** Every header parameter, explained. */
export function describeHeader(header: Record<string, unknown>): ClaimRow[] {
  return Object.entries(header).map(([name, value]) => row(HEADER, name, value, 0));
}
