/** A value in an HTTP message that is a credential: shown masked, revealed on request, never put in a share link. */
export interface SecretValue {
  /** What it is: the parameter, claim or header it was found in ("code", "access_token", "Authorization"). */
  name: string;
  value: string;
}

/** An HTTP message as text: its URL (requests), headers and body. */
export interface MessageText {
  url?: string;
  headers: Readonly<Record<string, string>>;
  body: string | null;
  /**
   * Which API the message belongs to. In a FHIR request, `code` or `token` in the query or a `_search` form is a
   * search parameter (`Observation?code=http://loinc.org|8302-2`), not a credential: only its Authorization header
   * carries one. Default: an OAuth message.
   */
  api?: "oauth" | "fhir";
}

// Parameters and JSON members that carry a credential in OAuth 2.0, OpenID Connect and SMART messages.
const SECRET_NAMES = new Set([
  "access_token",
  "assertion",
  "client_assertion",
  "client_secret",
  "code",
  "code_verifier",
  "id_token",
  "refresh_token",
  "registration_access_token",
  "token",
]);
const SECRET_HEADERS = new Set(["authorization", "cookie", "set-cookie"]);

// RFC 6750 §2.3 lets a client put its token in a FHIR request's query: the one credential a FHIR URL can carry.
const FHIR_PARAM_SECRETS = new Set(["access_token"]);

function fromParams(params: URLSearchParams, out: SecretValue[], names: ReadonlySet<string>): void {
  for (const [name, value] of params) if (names.has(name) && value !== "") out.push({ name, value });
}

// In JSON bodies only the top-level members of OAuth responses (token, registration): "code" or "token" deeper in a
// FHIR resource is a CodeableConcept's code or a search parameter, not a credential.
const SECRET_JSON_MEMBERS = new Set([
  "access_token",
  "client_secret",
  "id_token",
  "refresh_token",
  "registration_access_token",
]);

function fromJson(value: unknown, out: SecretValue[]): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return;
  for (const [name, item] of Object.entries(value)) {
    if (SECRET_JSON_MEMBERS.has(name) && typeof item === "string" && item !== "") out.push({ name, value: item });
  }
}

/**
 * The credentials an HTTP message carries: authorization codes, PKCE verifiers, client secrets and assertions,
 * access, refresh and ID tokens (in the query, a form body or a JSON body) and the Authorization header's
 * credentials (Bearer tokens, Basic `client_id:client_secret`). The Timeline and the visualizers record them —
 * the learner needs to see them — but mask them until asked, and never put them in a link.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.3
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-5.3
 */
export function findSecrets(message: MessageText): SecretValue[] {
  const out: SecretValue[] = [];
  const names = message.api === "fhir" ? FHIR_PARAM_SECRETS : SECRET_NAMES;
  if (message.url) {
    try {
      fromParams(new URL(message.url).searchParams, out, names);
    } catch {
      // Not a URL: nothing to find in it.
    }
  }
  for (const [name, value] of Object.entries(message.headers)) {
    if (!SECRET_HEADERS.has(name.toLowerCase())) continue;
    const credentials = /^\s*(?:Bearer|Basic|DPoP)\s+(.+)$/i.exec(value)?.[1];
    out.push({ name: name.toLowerCase() === "authorization" ? "Authorization" : name, value: credentials ?? value });
  }
  const body = message.body?.trim() ?? "";
  if (body.startsWith("{") || body.startsWith("[")) {
    try {
      fromJson(JSON.parse(body), out);
    } catch {
      // Not JSON after all.
    }
  } else if (body.includes("=") && !/\s/.test(body)) {
    fromParams(new URLSearchParams(body), out, names);
  }
  const seen = new Set<string>();
  return out.filter((secret) => !seen.has(secret.value) && seen.add(secret.value));
}

/** Replaces every occurrence of each secret in `text` with a mask naming it (`•••• code`). */
export function maskSecrets(text: string, secrets: readonly SecretValue[]): string {
  let masked = text;
  // Longest first, so a token that contains a shorter secret is masked whole.
  for (const secret of [...secrets].sort((a, b) => b.value.length - a.value.length)) {
    if (secret.value.length < 4) continue;
    masked = masked.split(secret.value).join(`•••• ${secret.name}`);
    const encoded = encodeURIComponent(secret.value);
    if (encoded !== secret.value) masked = masked.split(encoded).join(`•••• ${secret.name}`);
  }
  return masked;
}
