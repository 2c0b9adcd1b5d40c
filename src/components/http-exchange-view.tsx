import { useId, useState } from "react";
import { useNavigate } from "react-router";
import { copyToClipboard } from "../lib/copy-to-clipboard.ts";
import { curlCommand, fetchSnippet } from "../lib/http-snippets.ts";
import { handOffJwt } from "../lib/jwt-handoff.ts";
import { inspectJwt } from "../protocol/jwt/inspect-jwt.ts";
import { maskSecrets, type SecretValue } from "../protocol/oauth/find-secrets.ts";
import { ShowSecretsButton } from "./show-secrets-button.tsx";

interface HttpMessageProps {
  startLine: string;
  headers: Record<string, string>;
  body: string | null;
  mask: (text: string) => string;
}

/** Pretty-prints a JSON body; other bodies (forms, text) are shown as they are. */
export function formatBody(body: string | null): string {
  if (body === null) return "";
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function HttpMessage({ startLine, headers, body, mask }: HttpMessageProps) {
  const headerLines = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join("\n");
  return (
    // Focusable: a long message scrolls, and keyboard users must be able to scroll it (axe scrollable-region-focusable).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
    <pre className="http-message" tabIndex={0}>
      <code>
        <strong>{mask(startLine)}</strong>
        {headerLines ? `\n${mask(headerLines)}` : ""}
        {body ? `\n\n${mask(formatBody(body))}` : ""}
      </code>
    </pre>
  );
}

interface Props {
  request: { method: string; url: string; headers: Record<string, string>; body: string | null };
  response: { status: number; statusText: string; headers: Record<string, string>; body: string | null };
  /** Credentials in the exchange: masked until the learner shows them. */
  secrets?: readonly SecretValue[];
  /** Offer "Copy as curl" / "Copy as fetch()" for the request. */
  copyable?: boolean;
}

/**
 * A request and its response, as they crossed the wire, in HTTP message form. Credentials are masked
 * (`•••• access_token`) until "Show secrets"; the copy buttons copy the real request.
 */
export function HttpExchangeView({ request, response, secrets = [], copyable = false }: Props) {
  const [shown, setShown] = useState(false);
  const [status, setStatus] = useState("");
  const statusId = useId();
  const mask = (text: string) => (shown ? text : maskSecrets(text, secrets));
  const copy = async (text: string, what: string) => setStatus(await copyToClipboard(text, what));
  const navigate = useNavigate();
  // Tokens and assertions that are JWTs open in the JWT inspector (handed over in session storage, not in the URL).
  const jwts = secrets.filter((secret) => inspectJwt(secret.value).ok);
  return (
    <div className="http-exchange">
      {secrets.length > 0 || copyable || jwts.length > 0 ? (
        <div className="http-exchange-tools">
          {secrets.length > 0 ? (
            <ShowSecretsButton shown={shown} count={secrets.length} onToggle={() => setShown((on) => !on)} />
          ) : null}
          {copyable ? (
            <>
              <button
                type="button"
                className="button button-small"
                onClick={() => copy(curlCommand(request), "curl command")}
                aria-describedby={statusId}
              >
                Copy as curl
              </button>
              <button
                type="button"
                className="button button-small"
                onClick={() => copy(fetchSnippet(request), "fetch() call")}
                aria-describedby={statusId}
              >
                Copy as fetch()
              </button>
            </>
          ) : null}
          {jwts.map((secret) => (
            <button
              key={secret.value}
              type="button"
              className="button button-small"
              onClick={() => {
                handOffJwt(secret.value);
                navigate("/jwt");
              }}
            >
              Inspect the {secret.name === "Authorization" ? "bearer token" : secret.name}
            </button>
          ))}
          <span id={statusId} role="status" className="form-help">
            {status}
          </span>
        </div>
      ) : null}
      <p className="http-exchange-label">Request</p>
      <HttpMessage
        startLine={`${request.method} ${request.url}`}
        headers={request.headers}
        body={request.body}
        mask={mask}
      />
      <p className="http-exchange-label">Response</p>
      <HttpMessage
        startLine={`HTTP ${response.status} ${response.statusText}`.trim()}
        headers={response.headers}
        body={response.body}
        mask={mask}
      />
    </div>
  );
}
