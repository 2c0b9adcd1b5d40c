import { setupWorker } from "msw/browser";
import type { LabEndpoints } from "../servers/lab-endpoints.ts";
import { createHandlers, type LabServers } from "./handlers.ts";

/**
 * Registers the mock service worker at `{BASE}mockServiceWorker.js` with scope `BASE` (the default root URL fails
 * under a GitHub Pages sub-path) and resolves once it intercepts this page's requests. Callers must render only
 * after that: before, requests go to the network (DESIGN.md §3).
 */
export async function startMockWorker(endpoints: LabEndpoints, servers: () => Promise<LabServers>) {
  const worker = setupWorker(...createHandlers(endpoints, servers));
  await worker.start({
    serviceWorker: {
      url: `${endpoints.basePath}mockServiceWorker.js`,
      options: { scope: endpoints.basePath },
    },
    // Pass through what no handler claims (lesson chunks, assets): never a catch-all.
    onUnhandledFrame: "bypass",
    quiet: true,
  });
  return worker;
}
