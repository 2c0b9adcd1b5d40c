import { http } from "msw";
import type { LabEndpoints } from "../servers/lab-endpoints.ts";
import type { LabServers } from "../servers/request-handler-server.ts";
import { routeLabRequest } from "./route-lab-request.ts";

/**
 * The lab's MSW handler, shared by the browser worker and Node tests: one handler that forwards each request
 * `routeLabRequest` claims to its pure server. One, not one per endpoint: msw reads the page's cookies (a
 * synchronous trip to the browser) for every handler it tries, so a list of twelve cost a FHIR read three such
 * trips and a token request eight. No catch-all: what the routing leaves passes through (DESIGN.md §3).
 */
export function createHandlers(endpoints: LabEndpoints, servers: LabServers | (() => Promise<LabServers>)) {
  const resolve = typeof servers === "function" ? servers : () => Promise.resolve(servers);
  return [
    http.all<{ server: keyof LabServers }>(
      // Routed once: the server the routing picks travels to the resolver as the match's parameter.
      ({ request }) => {
        const server = routeLabRequest(endpoints, request);
        return server ? { matches: true, params: { server } } : false;
      },
      async ({ request, params }) => (await resolve())[params.server].handle(request),
    ),
  ];
}
