/** A recorded request, as the snippets reproduce it. */
export interface SnippetRequest {
  method: string;
  url: string;
  headers: Readonly<Record<string, string>>;
  body: string | null;
}

// Headers the browser sets by itself: a snippet that repeats them would be wrong or refused by fetch().
const BROWSER_HEADERS = new Set([
  "accept-encoding",
  "connection",
  "content-length",
  "host",
  "origin",
  "referer",
  "user-agent",
  "sec-fetch-dest",
  "sec-fetch-mode",
  "sec-fetch-site",
  "sec-ch-ua",
  "sec-ch-ua-mobile",
  "sec-ch-ua-platform",
]);

function sentHeaders(request: SnippetRequest): [string, string][] {
  return Object.entries(request.headers).filter(([name]) => !BROWSER_HEADERS.has(name.toLowerCase()));
}

/** POSIX shell single-quoting: `'` becomes `'\''`. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/** The request as a `curl` command line, every header and the exact body. */
export function curlCommand(request: SnippetRequest): string {
  const lines = [`curl -X ${request.method} ${shellQuote(request.url)}`];
  for (const [name, value] of sentHeaders(request)) lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  if (request.body !== null && request.body !== "") lines.push(`--data-raw ${shellQuote(request.body)}`);
  return lines.join(" \\\n  ");
}

/** The request as a `fetch()` call that logs the status and body (pastable into this tab's console). */
export function fetchSnippet(request: SnippetRequest): string {
  const init: Record<string, unknown> = { method: request.method };
  const headers = Object.fromEntries(sentHeaders(request));
  if (Object.keys(headers).length > 0) init.headers = headers;
  if (request.body !== null && request.body !== "") init.body = request.body;
  return [
    `const response = await fetch(${JSON.stringify(request.url)}, ${JSON.stringify(init, null, 2)});`,
    "console.log(response.status, await response.text());",
  ].join("\n");
}
