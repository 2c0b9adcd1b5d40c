import type { LabEndpoints } from "../servers/lab-endpoints.ts";
import type { LabServers } from "../servers/request-handler-server.ts";

/** What the routing needs of a request (a Fetch API Request has all three). */
interface RoutedRequest {
  method: string;
  url: string;
  mode?: RequestMode;
}

/**
 * Which mock server answers a request, or null for the static host. The one routing table of the lab's endpoints
 * (DESIGN.md §2), matched on origin and path (never the query), in the order below:
 * - a GET navigation, whatever its address, is the static host's: a cold load never reaches msw, so a page load
 *   gets the same answer warm or cold (the lab's worker, public/lab-service-worker.js, never hands one to msw);
 * - the SMART configuration lives under the FHIR base but is the authorization server's document;
 * - the secured and the open FHIR base, and everything under them;
 * - the authorization server's endpoints, and its issuer's `/.well-known/*`. A GET of the authorize endpoint is
 *   deliberately the static host's: it is a page of the app, served on a cold load too. A form POST to it (SMART
 *   `authorize-post`) is a navigation the worker sees from a lab page; the server answers it with a 303 to that page;
 * - the workbench's files that its pages load (`workbench/app/<project>/<file>`: scripts, styles). A page of its
 *   is a navigation: the static host's app page hosts the learner's HTML on a cold load and a reload alike.
 */
export function routeLabRequest(endpoints: LabEndpoints, request: RoutedRequest): keyof LabServers | null {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return null;
  }
  if (request.method === "GET" && request.mode === "navigate") return null;
  const at = `${url.origin}${url.pathname}`;
  const within = (base: string) => at === base || at.startsWith(`${base}/`);
  if (at === endpoints.smartConfiguration) return "authorization";
  if (within(endpoints.fhirBase)) return "fhir";
  if (within(endpoints.openFhirBase)) return "openFhir";
  const { token, register, introspect, revoke, jwks } = endpoints;
  if ([token, register, introspect, revoke, jwks].includes(at)) return "authorization";
  if (at === endpoints.authorize) return request.method === "POST" ? "authorization" : null;
  if (at.startsWith(`${endpoints.issuer}/.well-known/`)) return "authorization";
  const workbenchFile = at.startsWith(`${endpoints.appUrl}workbench/app/`)
    ? at.slice(`${endpoints.appUrl}workbench/app/`.length).split("/")
    : [];
  if (workbenchFile.length === 2 && workbenchFile.every((part) => part !== "") && request.method === "GET")
    return "workbench";
  return null;
}
