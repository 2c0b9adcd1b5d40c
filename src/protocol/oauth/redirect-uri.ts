// RFC 3986 §2: a URI holds only unreserved and reserved characters and %-escapes; anything else (spaces, tabs, CR,
// LF, NUL, non-ASCII) makes it not a URI at all, whatever a lenient WHATWG parser would make of it.
const URI_CHARACTERS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;

/**
 * Why a redirect URI cannot be registered, or null when it can: it must be an RFC 3986 absolute URI — nothing
 * but URI characters and well-formed %-escapes, exactly as stored and later compared — with the http(s) scheme,
 * a host and no fragment. (The lab's apps are web pages, so custom schemes for native apps are not accepted.)
 *
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-4.3
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1.2
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 */
export function redirectUriProblem(uri: string): string | null {
  if (!URI_CHARACTERS.test(uri)) return `${JSON.stringify(uri)} is not an RFC 3986 URI: ${firstNonUriCharacter(uri)}.`;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(uri)) return `${uri} is not an absolute URL.`;
  if (!/^https?:\/\/[^/?#]/i.test(uri)) return `${uri} must be an absolute http or https URI with a host.`;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `${uri} is not an absolute URL.`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return `${uri} must use http or https.`;
  if (uri.includes("#")) return `${uri} must not contain a fragment (#).`;
  return null;
}

/**
 * Whether a redirect URI from an authorization or token request is one of the registered ones. Comparison is exact
 * string equality (no normalisation, so a registered query string must match exactly), the strictest reading of
 * RFC 6749 and what the OAuth security BCP requires.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.1.3
 */
export function isRegisteredRedirectUri(uri: string, registered: readonly string[]): boolean {
  return registered.includes(uri);
}

/**
 * Adds response parameters to a redirect URI's query, keeping any query the registered URI already has.
 *
 */
export function buildRedirectLocation(redirectUri: string, parameters: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined) query.append(name, value);
  }
  // Appending by hand leaves the registered query byte-for-byte as registered (URL.searchParams would re-encode it).
  const separator = !redirectUri.includes("?") ? "?" : /[?&]$/.test(redirectUri) ? "" : "&";
  return `${redirectUri}${separator}${query}`;
}

function firstNonUriCharacter(uri: string): string {
  for (let index = 0; index < uri.length; index++) {
    const char = uri[index] ?? "";
    if (char === "%") {
      if (/^%[0-9A-Fa-f]{2}/.test(uri.slice(index))) continue;
      return "it contains a broken %-escape (a % must be followed by two hex digits)";
    }
    if (URI_CHARACTERS.test(char)) continue;
    const code = (uri.codePointAt(index) ?? 0).toString(16).toUpperCase().padStart(4, "0");
    return `it contains the character ${JSON.stringify(String.fromCodePoint(uri.codePointAt(index) ?? 0))} (U+${code}); percent-encode it`;
  }
  return "it is malformed";
}
