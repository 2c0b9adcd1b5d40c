interface HttpMessageProps {
  startLine: string;
  headers: Record<string, string>;
  body: string | null;
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

function HttpMessage({ startLine, headers, body }: HttpMessageProps) {
  const headerLines = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join("\n");
  return (
    <pre className="http-message">
      <code>
        <strong>{startLine}</strong>
        {headerLines ? `\n${headerLines}` : ""}
        {body ? `\n\n${formatBody(body)}` : ""}
      </code>
    </pre>
  );
}

interface Props {
  request: { method: string; url: string; headers: Record<string, string>; body: string | null };
  response: { status: number; statusText: string; headers: Record<string, string>; body: string | null };
}

/** A request and its response, as they crossed the wire, in HTTP message form. */
export function HttpExchangeView({ request, response }: Props) {
  return (
    <div className="http-exchange">
      <h4 className="http-exchange-label">Request</h4>
      <HttpMessage startLine={`${request.method} ${request.url}`} headers={request.headers} body={request.body} />
      <h4 className="http-exchange-label">Response</h4>
      <HttpMessage
        startLine={`HTTP ${response.status} ${response.statusText}`.trim()}
        headers={response.headers}
        body={response.body}
      />
    </div>
  );
}
