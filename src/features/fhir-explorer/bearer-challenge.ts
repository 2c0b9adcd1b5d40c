/** A parsed `WWW-Authenticate` challenge: its scheme and auth-params. @see https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1 */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses the first challenge of a `WWW-Authenticate` value (`Bearer realm="…", error="invalid_token"`): quoted
 * strings with `\` escapes and bare tokens, parameter names lower-cased. Returns null for an empty value.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function parseAuthChallenge(value: string): AuthChallenge | null {
  const match = /^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*/.exec(value);
  if (!match?.[1]) return null;
  const params: Record<string, string> = {};
  const pattern = /\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/gy;
  pattern.lastIndex = match[0].length;
  for (let param = pattern.exec(value); param; param = pattern.exec(value)) {
    const name = param[1]?.toLowerCase();
    if (!name) break;
    params[name] = param[2] !== undefined ? param[2].replace(/\\(.)/g, "$1") : (param[3] ?? "");
  }
  return { scheme: match[1], params };
}

/**
 * What a Bearer challenge tells the client, in a sentence for the learner: no `error` means the request carried
 * no token at all (RFC 6750 §3.1); `invalid_token` that the token was rejected; `insufficient_scope` that it
 * was valid but its scopes do not allow the request.
 */
export function explainBearerChallenge(challenge: AuthChallenge | null, status: number): string {
  if (!challenge) {
    return status === 401
      ? "The server refused the request but sent no WWW-Authenticate challenge."
      : "The server refused the request.";
  }
  const description = challenge.params.error_description;
  switch (challenge.params.error) {
    case undefined:
      return "The request carried no access token. Paste one in the Access token field (a SMART app gets one from the token endpoint) and send again.";
    case "invalid_token":
      return `The access token was rejected${description ? `: ${description}` : "."} Get a fresh token and send again.`;
    case "insufficient_scope":
      return `The token is valid, but its scopes do not allow this request${description ? `: ${description}` : "."}`;
    case "invalid_request":
      return `The request is malformed${description ? `: ${description}` : "."}`;
    default:
      return `${challenge.params.error}${description ? `: ${description}` : ""}`;
  }
}
