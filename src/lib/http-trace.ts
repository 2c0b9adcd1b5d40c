import { findSecrets } from "../protocol/oauth/find-secrets.ts";
import type { RequestHandlerServer } from "../servers/request-handler-server.ts";
import type { HttpExchangeDetail, TraceEvent } from "../servers/trace-event.ts";

/** Bodies longer than this are cut in the timeline (enough for a page of results; the full body stays in the network panel). */
const BODY_LIMIT = 8_000;

async function readBody(message: Request | Response): Promise<string | null> {
  try {
    const text = await message.clone().text();
    if (text === "") return null;
    return text.length > BODY_LIMIT
      ? `${text.slice(0, BODY_LIMIT)}\n… (${text.length - BODY_LIMIT} more characters)`
      : text;
  } catch {
    return null;
  }
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
  const requestRecord = {
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    body: await readBody(request),
  };
  const responseRecord = {
    status: response.status,
    statusText: response.statusText,
    headers: Object.fromEntries(response.headers),
    body: await readBody(response),
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
      // The body must be read before the server consumes it.
      const copy = request.clone();
      const response = await server.handle(request);
      const detail = await captureExchange(copy, response, now() - started, name === "fhir" ? "fhir" : "oauth");
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
