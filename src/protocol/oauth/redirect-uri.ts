/**
 * Why a redirect URI cannot be registered, or null when it can: it must be an absolute http(s) URL without a
 * fragment. (The lab's apps are web pages, so custom schemes for native apps are not accepted.)
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1.2
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 */
export function redirectUriProblem(uri: string): string | null {
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
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1.2.3
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.1.3
 */
export function isRegisteredRedirectUri(uri: string, registered: readonly string[]): boolean {
  return registered.includes(uri);
}

/**
 * Adds response parameters to a redirect URI's query, keeping any query the registered URI already has.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1.2
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
