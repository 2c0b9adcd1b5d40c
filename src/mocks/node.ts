import { setupServer } from "msw/node";
import type { LabEndpoints } from "../servers/lab-endpoints.ts";
import type { LabServers } from "../servers/request-handler-server.ts";
import { createHandlers } from "./handlers.ts";

/**
 * The lab's servers behind `fetch` in Node: the same handler list the service worker runs, through msw's
 * `setupServer` (as mswjs/examples do), for tests that use real clients against the real routing.
 */
export function setupLabServer(endpoints: LabEndpoints, servers: LabServers) {
  return setupServer(...createHandlers(endpoints, servers));
}
