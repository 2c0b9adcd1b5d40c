/**
 * A plain explanation of a console error the learner's app printed, for the mistakes a newcomer makes with a
 * SMART app (from fhirclient's and the browser's own messages), or null when there is nothing to add.
 */
export function explainAppError(text: string): string | null {
  const rules: [RegExp, string][] = [
    [
      /No 'state' parameter found|No state found|state parameter/i,
      "index.html was opened on its own: it is the redirect URI, and only works when the authorization server sends the browser back to it with code and state. Start from launch.html (Run) instead.",
    ],
    [
      /FHIR is not defined/,
      'The page uses fhirclient but does not load it: keep <script src="../fhir-client.js"></script> before your own scripts.',
    ],
    [
      /SyntaxError/,
      "A syntax error: the script stopped before it ran. The editor marks the line; fix it and run again.",
    ],
    [
      /redirect_uri|redirect URI/i,
      "The redirect URI must match one registered for the app exactly (see OAuth setup). An unregistered one is never redirected to: the authorization server shows the error itself.",
    ],
    [
      /Patient is not available|No patient|patient.*not (available|in context)/i,
      "The token came without a patient. On a standalone launch ask for launch/patient; on an EHR launch list the launch scope yourself (fhirclient adds it only when no scope contains the word launch).",
    ],
    [
      /smart-configuration|discover|Failed to fetch|NetworkError|CORS|Load failed/i,
      "The app could not read the server's SMART configuration: check iss (it must be the FHIR base URL). A server on another origin must also allow this page with CORS headers, or the browser blocks the response.",
    ],
    [
      /Session expired|401|invalid_token/i,
      "The FHIR server refused the access token (401): it expired or was revoked. fhirclient then forgets the session: launch again.",
    ],
    [
      /403|insufficient_scope/i,
      "The token is valid but its scopes do not allow this request (403 insufficient_scope): ask for the scope, and check the granted scope in the token response.",
    ],
    [
      /invalid_scope/i,
      "The authorization server refused the scopes: check their spelling (scopes are case-sensitive) in the OAuth lessons or the scope playground.",
    ],
    [
      /access_denied/i,
      "The user declined on the consent screen (error=access_denied): the app must handle that answer.",
    ],
  ];
  return rules.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}
