import { HTTP_REASON_PHRASES } from "../../protocol/http-reason-phrases.ts";
import {
  type ExplorerBases,
  type ExplorerRequest,
  explorerRequestHeaders,
  resolveExplorerUrl,
  sendsBody,
} from "./explorer-request.ts";

/** One request and its answer as the explorer shows and remembers them. @see https://hl7.org/fhir/R4/http.html */
export interface ExplorerExchange {
  /** Position in the page's history (1, 2, …). */
  id: number;
  /** What the form said, kept so paging and "read" can reuse base and token. */
  request: ExplorerRequest;
  sent: { method: string; url: string; headers: [string, string][]; body: string | null };
  response: {
    status: number;
    statusText: string;
    /** As the Fetch API lists them: lower-case names, sorted. */
    headers: [string, string][];
    bodyText: string;
    /** The parsed body when it is JSON, else undefined. */
    json: unknown;
  };
  durationMs: number;
}

/** A request the explorer refused to send (its URL is outside the lab's FHIR bases). */
class ExplorerRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExplorerRequestError";
  }
}

/** The reason phrase of a status: the response's own, else the standard one (a service worker's Response has none). @see https://www.rfc-editor.org/rfc/rfc9110#section-15 */
function reasonPhrase(status: number, statusText: string): string {
  return statusText.trim() || HTTP_REASON_PHRASES[status] || "";
}

/** The header value of a response, by case-insensitive name. */
export function headerValue(headers: readonly [string, string][], name: string): string | null {
  const wanted = name.toLowerCase();
  return headers.find(([key]) => key.toLowerCase() === wanted)?.[1] ?? null;
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Sends one explorer request with `fetch` (in the page it goes through the lab's service worker) and records
 * both sides. `fetchImpl` and `now` are injected so tests can drive the real FHIR server's `handle()`.
 */
export async function sendExplorerRequest(
  request: ExplorerRequest,
  options: {
    bases: ExplorerBases;
    id: number;
    fetchImpl?: (url: string, init: RequestInit) => Promise<Response>;
    now?: () => number;
  },
): Promise<ExplorerExchange> {
  const resolved = resolveExplorerUrl(options.bases, request.mode, request.path);
  if (!resolved.ok) throw new ExplorerRequestError(resolved.error);
  const fetchImpl = options.fetchImpl ?? ((url, init) => fetch(url, init));
  const now = options.now ?? (() => performance.now());
  const headers = explorerRequestHeaders(request);
  const body = sendsBody(request.method) && request.body.trim() !== "" ? request.body : null;
  const started = now();
  const response = await fetchImpl(resolved.url, {
    method: request.method,
    headers,
    ...(body !== null ? { body } : {}),
    // Every send is a new look at the server's current state.
    cache: "no-store",
  });
  const bodyText = await response.text();
  const durationMs = now() - started;
  return {
    id: options.id,
    request: { ...request, path: resolved.path },
    sent: { method: request.method, url: resolved.url, headers, body },
    response: {
      status: response.status,
      statusText: reasonPhrase(response.status, response.statusText),
      headers: [...response.headers].sort(([a], [b]) => a.localeCompare(b)),
      bodyText,
      json: parseJson(bodyText),
    },
    durationMs,
  };
}
