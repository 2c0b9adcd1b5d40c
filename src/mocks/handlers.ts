import { http } from "msw";
import type { LabEndpoints } from "../servers/lab-endpoints.ts";
import type { LabServers } from "../servers/request-handler-server.ts";

/**
 * The one list of MSW handlers, shared by the browser worker and Node tests: each is a one-line adapter that
 * forwards the request to a pure server. No catch-all: unmatched requests pass through (DESIGN.md §3).
 * A GET of the authorize endpoint is deliberately not handled: it is a page of the app, served on a cold load
 * too. A form POST to it (SMART `authorize-post`) is a navigation MSW sees from a lab page; the server answers it
 * with a 303 to that page.
 */
export function createHandlers(endpoints: LabEndpoints, servers: LabServers | (() => Promise<LabServers>)) {
  const resolve = typeof servers === "function" ? servers : () => Promise.resolve(servers);
  return [
    // The SMART configuration lives under the FHIR base but is the authorization server's document: routed here,
    // before the FHIR base's own handler (MSW runs the first handler that matches).
    http.all(endpoints.smartConfiguration, async ({ request }) => (await resolve()).authorization.handle(request)),
    http.all(`${endpoints.fhirBase}`, async ({ request }) => (await resolve()).fhir.handle(request)),
    http.all(`${endpoints.fhirBase}/*`, async ({ request }) => (await resolve()).fhir.handle(request)),
    http.all(`${endpoints.openFhirBase}`, async ({ request }) => (await resolve()).openFhir.handle(request)),
    http.all(`${endpoints.openFhirBase}/*`, async ({ request }) => (await resolve()).openFhir.handle(request)),
    ...[endpoints.token, endpoints.register, endpoints.introspect, endpoints.revoke, endpoints.jwks].map((url) =>
      http.all(url, async ({ request }) => (await resolve()).authorization.handle(request)),
    ),
    http.post(endpoints.authorize, async ({ request }) => (await resolve()).authorization.handle(request)),
    http.all(`${endpoints.issuer}/.well-known/*`, async ({ request }) =>
      (await resolve()).authorization.handle(request),
    ),
    // The workbench's files that its pages load (scripts, styles). A navigation to one of its pages is left to the
    // static host, whose app page hosts the learner's HTML on a cold load and a reload alike.
    http.get(`${endpoints.appUrl}workbench/app/:project/:file`, async ({ request }) =>
      request.mode === "navigate" ? undefined : (await resolve()).workbench.handle(request),
    ),
  ];
}
