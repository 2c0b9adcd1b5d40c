import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/app.tsx";
import { preloadRouteCode } from "./app/preload-route-code.ts";
import { ServiceWorkerUnavailablePage } from "./app/service-worker-unavailable-page.tsx";
import { labEndpoints } from "./lib/lab-config.ts";
import { getLab, getLabServers } from "./lib/lab-servers.ts";
import {
  checkServiceWorkerSupport,
  describeStartError,
  type WorkerProblem,
  withStartTimeout,
} from "./lib/service-worker-support.ts";
import { startMockWorker } from "./mocks/browser.ts";
import "./app/app.css";

/** A page of the learner's workbench app (`{BASE}workbench/app/<project>/<file>`): hosted, not rendered by React. */
function isWorkbenchAppPage(pathname: string): boolean {
  return pathname.slice(labEndpoints.basePath.length - 1).startsWith("/workbench/app/");
}

/** The landing page and lessons need no server until the learner acts: keep their start-up light. */
function isLessonRoute(pathname: string): boolean {
  const path = pathname.slice(labEndpoints.basePath.length - 1);
  return path === "/" || path.startsWith("/labs/");
}

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root element");
const root = createRoot(container);

function renderProblem(problem: WorkerProblem) {
  root.render(
    <StrictMode>
      <ServiceWorkerUnavailablePage problem={problem} />
    </StrictMode>,
  );
}

/**
 * Starts the mock servers' service worker and renders the app only once it intercepts this page's requests:
 * before that, every fetch would go to the static host and fail (DESIGN.md §3, the MSW start-up race).
 */
async function boot() {
  const problem = checkServiceWorkerSupport({
    isSecureContext: window.isSecureContext,
    hasServiceWorker: "serviceWorker" in navigator && navigator.serviceWorker != null,
    protocol: location.protocol,
    hostname: location.hostname,
  });
  if (problem) return renderProblem(problem);
  const routeCode = isWorkbenchAppPage(location.pathname)
    ? Promise.resolve()
    : preloadRouteCode(location.pathname.slice(labEndpoints.basePath.length - 1));
  try {
    await withStartTimeout(startMockWorker(labEndpoints, getLabServers), 15_000);
    await routeCode;
  } catch (error) {
    console.error("SMART on FHIR Lab: the mock service worker could not start", error);
    return renderProblem(describeStartError(error));
  }
  if (isWorkbenchAppPage(location.pathname)) {
    const [{ hostWorkbenchPage }, lab] = await Promise.all([
      import("./features/workbench/workbench-host.ts"),
      getLab(),
    ]);
    return hostWorkbenchPage(lab);
  }
  document.documentElement.dataset.worker = "active";
  performance.mark("smart-lab:worker-active");
  // Pages that talk to the mock servers at once (authorize page, sample app, EHR) need them built: start loading
  // and building them now, in parallel with rendering, instead of on the first intercepted request.
  if (!isLessonRoute(location.pathname)) void getLab();
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void boot();
