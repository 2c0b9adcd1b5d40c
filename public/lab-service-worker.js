/**
 * The lab's service worker: msw's mock service worker (public/mockServiceWorker.js, as `msw init` writes it),
 * imported unchanged behind two rules of the lab's own. msw hands every request it sees to a page (which decides
 * whether a handler answers it, reading the page's cookies on the way) before going to the network. Two kinds of
 * GET are never mocked, so they skip that round trip and go straight to the network and the browser's cache:
 * - the build's content-hashed files under `assets/`. On a page that loads its tools' code after the worker
 *   starts, that round trip was most of msw's cost on the main thread;
 * - navigations. Every page of the lab is the static host's (the authorize endpoint is an app page), and a cold
 *   load never reaches msw anyway. msw would ask the page being left, busy unloading, which took 10-15 ms of each
 *   redirect of a launch. A form POST to the authorize endpoint (SMART's authorize-post) is not a GET: msw still
 *   sees it, and its server answers it.
 * Where the browser has the static routing API (Chromium), the same two rules are installed as routes, so the
 * browser does not even start or ask the worker for them; elsewhere the fetch listener below applies them.
 * @see https://w3c.github.io/ServiceWorker/#dom-installevent-addroutes
 */
const assets = new URL("./assets/", self.location.href).href;

self.addEventListener("fetch", (event) => {
  const { method, mode, url } = event.request;
  // Not calling respondWith leaves the request to the browser; stopping the event keeps it from msw's listener.
  if (method === "GET" && (mode === "navigate" || url.startsWith(assets))) event.stopImmediatePropagation();
});

self.addEventListener("install", (event) => {
  if (typeof event.addRoutes !== "function") return;
  const network = (condition) => ({ condition: { requestMethod: "GET", ...condition }, source: "network" });
  event.waitUntil(
    event
      .addRoutes([
        network({ requestMode: "navigate" }),
        network({ urlPattern: { pathname: `${new URL(assets).pathname}*` } }),
      ])
      // A browser that refuses a rule still has the fetch listener's: installing must not fail over an optimisation.
      .catch(() => {}),
  );
});

importScripts("./mockServiceWorker.js");
