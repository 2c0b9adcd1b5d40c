import type { RequestHandlerServer } from "../mocks/handlers.ts";
import type { TraceEvent } from "../servers/trace-event.ts";

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

/** One HTTP exchange as the timeline shows it. */
export interface HttpExchangeDetail {
  request: { method: string; url: string; headers: Record<string, string>; body: string | null };
  response: { status: number; statusText: string; headers: Record<string, string>; body: string | null };
  durationMs: number;
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
      const requestBody = await readBody(request);
      const response = await server.handle(request);
      const detail: HttpExchangeDetail = {
        request: {
          method: request.method,
          url: request.url,
          headers: Object.fromEntries(request.headers),
          body: requestBody,
        },
        response: {
          status: response.status,
          statusText: response.statusText,
          headers: Object.fromEntries(response.headers),
          body: await readBody(response),
        },
        durationMs: now() - started,
      };
      const path = new URL(request.url).pathname;
      record({
        server: name,
        kind: "http.exchange",
        at: started,
        summary: `${request.method} ${path} → ${response.status}`,
        detail,
      });
      return response;
    },
  };
}
