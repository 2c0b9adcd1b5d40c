/**
 * One HTTP exchange as `HttpExchangeView` shows it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-6
 */
interface HttpExchange {
  request: { method: string; url: string; headers: Record<string, string>; body: string | null };
  response: { status: number; statusText: string; headers: Record<string, string>; body: string | null };
}

/**
 * The exchange, and the `client_id` the server assigned when it answered 201 Created.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2.1
 */
export interface RegistrationExchange extends HttpExchange {
  clientId: string | null;
}

/**
 * Example client metadata for the dynamic registration panel: a public SMART app that comes back to the given
 * redirect URI, as the lesson's RFC 7591 example.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#register-app-with-ehr
 */
export function exampleRegistrationMetadata(redirectUri: string, launchUri: string): string {
  const metadata = {
    client_name: "My dynamically registered app",
    redirect_uris: [redirectUri],
    launch_uri: launchUri,
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
    scope: "openid fhirUser launch launch/patient patient/*.rs offline_access",
  };
  return JSON.stringify(metadata, null, 2);
}

/**
 * POSTs client metadata to an RFC 7591 registration endpoint exactly as typed (malformed JSON included, so the
 * learner sees the server's `invalid_client_metadata`) and records the exchange. `fetch` is passed in: the page
 * gives the browser's, where the lab's service worker answers; tests give a stub.
 *
 */
export async function sendRegistrationRequest(
  fetchFn: (url: string, init: RequestInit) => Promise<Response>,
  endpoint: string,
  body: string,
): Promise<RegistrationExchange> {
  const headers = { "content-type": "application/json", accept: "application/json" };
  const response = await fetchFn(endpoint, { method: "POST", headers, body });
  const text = await response.text();
  let clientId: string | null = null;
  if (response.status === 201) {
    try {
      const parsed = JSON.parse(text) as { client_id?: unknown };
      if (typeof parsed.client_id === "string") clientId = parsed.client_id;
    } catch {
      // A 201 without a JSON body is the server's bug to show, not ours to hide: the exchange says it all.
    }
  }
  return {
    request: { method: "POST", url: endpoint, headers, body },
    response: {
      status: response.status,
      statusText: response.statusText || statusText(response.status),
      headers: Object.fromEntries(response.headers),
      body: text === "" ? null : text,
    },
    clientId,
  };
}

// A service worker's Response may carry no status text; the view still reads "HTTP 201 Created".
function statusText(status: number): string {
  const texts: Record<number, string> = {
    200: "OK",
    201: "Created",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    500: "Internal Server Error",
  };
  return texts[status] ?? "";
}
