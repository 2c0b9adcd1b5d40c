/**
 * The lab's service worker: msw's mock service worker (public/mockServiceWorker.js, as `msw init` writes it),
 * imported unchanged behind one rule of the lab's own. msw hands every request it sees to the page (which decides
 * whether a handler answers it, reading the page's cookies on the way) before going to the network; the build's
 * content-hashed files under `assets/` are never mocked, so they skip that round trip and go straight to the
 * network and the browser's cache. On a page that loads its tools' code after the worker starts, that round trip
 * was most of msw's cost on the main thread.
 */
const assets = new URL("./assets/", self.location.href).href;

self.addEventListener("fetch", (event) => {
  // Not calling respondWith leaves the request to the browser; stopping the event keeps it from msw's listener.
  if (event.request.method === "GET" && event.request.url.startsWith(assets)) event.stopImmediatePropagation();
});

importScripts("./mockServiceWorker.js");
