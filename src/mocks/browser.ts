import { setupWorker } from "msw/browser";
import type { LabEndpoints } from "../servers/lab-endpoints.ts";
import type { LabServers } from "../servers/request-handler-server.ts";
import { createHandlers } from "./handlers.ts";

/**
 * Registers the lab's service worker, `{BASE}lab-service-worker.js` (msw's worker behind a bypass of the build's
 * assets: public/lab-service-worker.js), with scope `BASE` (the default root URL fails under a GitHub Pages
 * sub-path), and resolves once it intercepts this page's requests. Callers must render only after that: before,
 * requests go to the network (DESIGN.md §3).
 */
export async function startMockWorker(endpoints: LabEndpoints, servers: () => Promise<LabServers>) {
  const worker = setupWorker(...createHandlers(endpoints, servers));
  // msw's start() fires `registration.update()` without awaiting or catching it (mswjs/msw#2006): when the page is
  // reloaded or left while that update check runs, its rejection surfaces as an uncaught error. For the duration of
  // start(), make that check's failure a warning; the next page load checks again.
  const prototype = ServiceWorkerRegistration.prototype;
  const update = prototype.update;
  prototype.update = function updateQuietly(this: ServiceWorkerRegistration) {
    return update.call(this).catch((error: unknown) => {
      console.warn("SMART on FHIR Lab: the mock worker's update check failed; it runs again on the next load.", error);
      return this;
    });
  };
  try {
    await startWorker(worker, endpoints);
  } finally {
    prototype.update = update;
  }
  return worker;
}

function startWorker(worker: ReturnType<typeof setupWorker>, endpoints: LabEndpoints) {
  return worker.start({
    serviceWorker: {
      url: `${endpoints.basePath}lab-service-worker.js`,
      options: { scope: endpoints.basePath },
    },
    // Pass through what no handler claims (lesson chunks, assets): never a catch-all.
    onUnhandledFrame: "bypass",
    quiet: true,
  });
}
