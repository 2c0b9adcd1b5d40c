import type { TraceEvent } from "../servers/trace-event.ts";

/** A trace event with a sequence number, so lists have stable keys across reloads. */
export type LoggedTraceEvent = TraceEvent & { seq: number };

/**
 * Whether a stored value is a trace event of the shape its kind promises. The log comes back from sessionStorage,
 * written by this or an older version of the lab, so it is checked, not trusted.
 */
export function isLoggedTraceEvent(value: unknown): value is LoggedTraceEvent {
  if (typeof value !== "object" || value === null) return false;
  const event = value as Record<string, unknown>;
  if (typeof event.seq !== "number" || typeof event.kind !== "string" || typeof event.summary !== "string")
    return false;
  if (typeof event.at !== "number" || (event.server !== "fhir" && event.server !== "authorization")) return false;
  if (event.kind === "http.exchange") {
    const detail = event.detail as Record<string, unknown> | undefined;
    const request = detail?.request as Record<string, unknown> | undefined;
    const response = detail?.response as Record<string, unknown> | undefined;
    return (
      typeof request?.url === "string" &&
      typeof request.headers === "object" &&
      request.headers !== null &&
      typeof response?.status === "number" &&
      typeof response.headers === "object" &&
      response.headers !== null &&
      Array.isArray(detail?.secrets)
    );
  }
  return true;
}
