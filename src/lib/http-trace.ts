import { findSecrets } from "../protocol/oauth/find-secrets.ts";
import type { RequestHandlerServer } from "../servers/request-handler-server.ts";
import { responseText } from "../servers/text-response.ts";
import type { HttpExchangeDetail, TraceEvent } from "../servers/trace-event.ts";

/** Bodies longer than this are cut in the timeline (enough for a page of results; the full body stays in the network panel). */
const BODY_LIMIT = 8_000;

/** A body as the timeline shows it: text, cut at the limit; null when there is none. */
function timelineBody(text: string): string | null {
  if (text === "") return null;
  return text.length > BODY_LIMIT
    ? `${text.slice(0, BODY_LIMIT)}\n… (${text.length - BODY_LIMIT} more characters)`
    : text;
}

/** Reads a message the caller gives away (a clone, or one it has no further use for). */
async function readOwnBody(message: Request | Response): Promise<string | null> {
  try {
    return timelineBody(await message.text());
  } catch {
    return null;
  }
}

function exchangeDetail(
  request: Request,
  requestBody: string | null,
  response: Response,
  responseBody: string | null,
  durationMs: number,
  api: "oauth" | "fhir",
): HttpExchangeDetail {
  const requestRecord = {
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    body: requestBody,
  };
  const responseRecord = {
    status: response.status,
    statusText: response.statusText,
    headers: Object.fromEntries(response.headers),
    body: responseBody,
  };
  const secrets = [...findSecrets({ ...requestRecord, api }), ...findSecrets({ ...responseRecord, api })];
  const seen = new Set<string>();
  return {
    request: requestRecord,
    response: responseRecord,
    durationMs,
    secrets: secrets.filter((secret) => !seen.has(secret.value) && seen.add(secret.value)),
  };
}

/**
 * Records one exchange as it crossed the wire — both messages as text, and the credentials they carry marked as
 * secrets (the one redaction policy: recorded, masked until asked, never in a link). Reads clones, so the caller
 * still has both bodies.
 */
export async function captureExchange(
  request: Request,
  response: Response,
  durationMs: number,
  api: "oauth" | "fhir" = "oauth",
): Promise<HttpExchangeDetail> {
  const [requestBody, responseBody] = await Promise.all([readOwnBody(request.clone()), readOwnBody(response.clone())]);
  return exchangeDetail(request, requestBody, response, responseBody, durationMs, api);
}

/** Statuses whose response has no body: a Response built with one, even empty, is a TypeError. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * The server's response read once, for the timeline, and the same response again for the client. Cheaper than a
 * clone, which tees the body into two streams, on the path of every request a page's app sends. Bytes, not text,
 * are handed on, so a binary body arrives unchanged.
 */
async function readResponse(response: Response): Promise<{ body: string | null; response: Response }> {
  let bytes: ArrayBuffer;
  try {
    bytes = await response.arrayBuffer();
  } catch {
    // An unreadable body (a server's stream that failed) reaches the client as it is, and the timeline without it.
    return { body: null, response };
  }
  return {
    body: timelineBody(new TextDecoder().decode(bytes)),
    response: new Response(NULL_BODY_STATUSES.has(response.status) ? null : bytes, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    }),
  };
}

/**
 * Wraps a pure server so every request and response it handles is reported as an `http.exchange` trace event:
 * the timeline then shows each exchange exactly as it crossed the (mock) wire, whatever the server reports itself.
 */
export function traceExchanges(
  server: RequestHandlerServer,
  name: TraceEvent["server"],
  record: (event: TraceEvent) => void,
  now: () => number = () => Date.now(),
): RequestHandlerServer {
  return {
    async handle(request) {
      const started = now();
      // The body must be read before the server consumes it; a GET has none to read.
      const copy = request.body === null ? null : request.clone();
      const served = await server.handle(request);
      const durationMs = now() - started;
      // A text the server built the answer from is shown as it is, and the answer goes on untouched.
      const text = responseText(served);
      const [requestBody, { body: responseBody, response }] = await Promise.all([
        copy === null ? null : readOwnBody(copy),
        text === undefined ? readResponse(served) : { body: timelineBody(text), response: served },
      ]);
      const detail = exchangeDetail(
        request,
        requestBody,
        response,
        responseBody,
        durationMs,
        name === "fhir" ? "fhir" : "oauth",
      );
      record({
        server: name,
        kind: "http.exchange",
        at: started,
        summary: `${request.method} ${new URL(request.url).pathname} → ${response.status}`,
        detail,
      });
      return response;
    },
  };
}
