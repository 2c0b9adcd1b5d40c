/**
 * The standard reason phrases of the statuses the lab's servers send. A Response built in a service worker or by
 * `Response.json()` has an empty `statusText`, and a FHIR transaction-response states each entry's status as a
 * line ("201 Created").
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15
 */
export const HTTP_REASON_PHRASES: Readonly<Record<number, string>> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  304: "Not Modified",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  409: "Conflict",
  410: "Gone",
  412: "Precondition Failed",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  500: "Internal Server Error",
};

/** "201 Created": a status with its standard reason phrase. */
export function httpStatusLine(status: number): string {
  return `${status} ${HTTP_REASON_PHRASES[status] ?? ""}`.trim();
}
