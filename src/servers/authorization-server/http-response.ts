import { errorDescriptionText, type OAuthError } from "../../protocol/oauth/oauth-error.ts";
import { textResponse } from "../text-response.ts";

/**
 * CORS headers on every answer: SMART asks servers that support browser apps to open discovery to any origin and
 * the token endpoint to the apps' origins; the lab's apps come from anywhere a learner runs them.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#considerations-for-cross-origin-resource-sharing-cors-support
 */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "www-authenticate, location",
};

/**
 * Answers a CORS preflight for the server's endpoints.
 *
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 */
export function preflightResponse(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...CORS_HEADERS,
      "access-control-allow-methods": "GET, POST, OPTIONS",
      "access-control-allow-headers": "authorization, content-type, accept",
      "access-control-max-age": "600",
    },
  });
}

/**
 * A JSON answer. Token-bearing answers must not be cached: `Cache-Control: no-store` and `Pragma: no-cache`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export function jsonResponse(
  body: unknown,
  status = 200,
  options: { cache?: "no-store" | "public"; headers?: Record<string, string> } = {},
): Response {
  const cache: Record<string, string> =
    options.cache === "public"
      ? { "cache-control": "public, max-age=60" }
      : { "cache-control": "no-store", pragma: "no-cache" };
  return textResponse(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...cache, ...CORS_HEADERS, ...options.headers },
  });
}

/**
 * How the request authenticated, which decides the status and challenge of an error.
 *
 */
export interface ErrorResponseOptions {
  /** The client sent `Authorization: Basic`: `invalid_client` becomes 401 with a Basic challenge. */
  basicAuthUsed?: boolean;
  /** Challenges to send with a 401 that is not about a Basic attempt (introspection without credentials). */
  challenges?: readonly string[];
  realm?: string;
  /** An HTTP status that says more than the error code's own (413 for a body over the size limit). */
  status?: number;
}

/**
 * The one place an {@link OAuthError} becomes HTTP: `{error, error_description}` with the status its code calls for.
 * `invalid_client` is 401 with `WWW-Authenticate: Basic` when Basic was used (RFC 6749 requires it) and 400
 * otherwise (a 401 must carry a challenge); bearer token errors are 401/403 with a Bearer challenge (RFC 6750);
 * `server_error` is 500, `temporarily_unavailable` 503, everything else 400.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export function oauthErrorResponse(error: OAuthError, options: ErrorResponseOptions = {}): Response {
  const realm = options.realm ?? "smart-lab";
  const body = { error: error.error, error_description: error.description };
  if (options.status !== undefined) return jsonResponse(body, options.status);
  const bearer = (code: string) =>
    `Bearer realm="${realm}", error="${code}", error_description="${errorDescriptionText(error.description)}"`;
  switch (error.error) {
    case "invalid_client":
      if (options.basicAuthUsed) {
        return jsonResponse(body, 401, { headers: { "www-authenticate": `Basic realm="${realm}"` } });
      }
      if (options.challenges && options.challenges.length > 0) {
        return jsonResponse(body, 401, { headers: { "www-authenticate": options.challenges.join(", ") } });
      }
      return jsonResponse(body, 400);
    case "invalid_token":
      return jsonResponse(body, 401, { headers: { "www-authenticate": bearer("invalid_token") } });
    case "insufficient_scope":
      return jsonResponse(body, 403, { headers: { "www-authenticate": bearer("insufficient_scope") } });
    case "server_error":
      return jsonResponse(body, 500);
    case "temporarily_unavailable":
      return jsonResponse(body, 503);
    default:
      return jsonResponse(body, 400);
  }
}

/**
 * A 405 for a method the endpoint does not take.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6
 */
export function methodNotAllowed(allowed: readonly string[]): Response {
  return jsonResponse(
    { error: "invalid_request", error_description: `Use ${allowed.join(" or ")} for this endpoint.` },
    405,
    { headers: { allow: [...allowed, "OPTIONS"].join(", ") } },
  );
}
