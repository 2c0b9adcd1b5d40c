/**
 * What "expire now" did, as one sentence for the status line: how many tokens, of which kind, and whose.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#refresh-access-token
 */
export function describeTokenExpiry(
  count: number,
  options: { includeRefreshTokens?: boolean; clientId?: string } = {},
): string {
  const whose = options.clientId !== undefined ? ` of ${options.clientId}` : "";
  const kind = options.includeRefreshTokens ? "token" : "access token";
  const noun = `${kind}${count === 1 ? "" : "s"}`;
  if (count === 0) {
    return `Expired 0 ${noun}${whose}: none was active. Launch an app first, then expire its tokens.`;
  }
  const detail = options.includeRefreshTokens ? " (access and refresh tokens)" : "";
  return `Expired ${count} ${noun}${whose}${detail}.`;
}
