import { StrictMode, startTransition } from "react";
import { createRoot, hydrateRoot, type Root } from "react-dom/client";
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
import { workerStatus } from "./lib/worker-status.ts";
import "./app/app.css";

const appPath = location.pathname.slice(labEndpoints.basePath.length - 1);

/** A page of the learner's workbench app (`{BASE}workbench/app/<project>/<file>`): hosted, not rendered by React. */
const isWorkbenchAppPage = appPath.startsWith("/workbench/app/");

/**
 * Pages whose content needs no server (the landing page, lessons, glossary, cheat sheet): they render at once —
 * over their prerendered HTML — while the worker starts; only their runnable elements wait for it. Every other page
 * (authorize, sample app, tools) talks to the servers from its first render and waits for the worker.
 */
const paintsBeforeWorker =
  appPath === "/" || appPath.startsWith("/labs/") || appPath === "/glossary" || appPath === "/cheat-sheet";

/**
 * The authorization endpoint's page is the authorization server's own UI: it drives the server in this page
 * (`getLab().authorization`) and sends no request to the mock servers, so it needs no worker. Starting none there
 * takes the worker's start off the middle of every launch; the app's redirect URI starts it again.
 */
const isAuthorizePage = /^\/auth\/authorize\/?$/.test(appPath);

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root element");
/**
 * A prerendered page of static content (scripts/prerender.ts) holds the app's HTML, which the app hydrates. A
 * prerendered tool page holds only its heading and a placeholder, and the 404.html shell a boot message: the app
 * renders those afresh, in place of what is there.
 */
const prerendered = paintsBeforeWorker && container.querySelector(".layout") !== null;
let root: Root | null = null;

/** The root to render into: created afresh (over the shell's boot message) unless the page was hydrated. */
function clientRoot(): Root {
  root ??= createRoot(container as Element);
  return root;
}

function renderApp() {
  const app = (
    <StrictMode>
      <App />
    </StrictMode>
  );
  // Hydrating keeps the prerendered nodes (what the learner is already reading, the page's largest paint) and only
  // attaches the app to them; the first render matches the HTML (stores start from their initial state, the tools
  // from "starting"), then the learner's own state (progress, theme) applies.
  // In a transition, React hydrates in short slices between the browser's frames, not in one task that blocks input
  // for the whole page.
  if (prerendered && !root)
    startTransition(() => {
      root = hydrateRoot(container as Element, app, {
        // React recovers by rendering afresh; say so, since it means the build's HTML and the app disagree.
        onRecoverableError: (error, info) =>
          console.error(
            "SMART on FHIR Lab: hydration did not match the page",
            error,
            (error as Error).cause,
            info.componentStack,
          ),
      });
    });
  else clientRoot().render(app);
}

function renderProblem(problem: WorkerProblem) {
  clientRoot().render(
    <StrictMode>
      <ServiceWorkerUnavailablePage problem={problem} />
    </StrictMode>,
  );
}

/**
 * Starts the mock servers' service worker. A page that needs the servers renders only once the worker intercepts
 * its requests: before that, every fetch would go to the static host and fail (DESIGN.md §3, the MSW start race).
 * msw's browser code is its own chunk, loaded in parallel with the page's code.
 */
async function startWorker(): Promise<WorkerProblem | null> {
  const problem = checkServiceWorkerSupport({
    isSecureContext: window.isSecureContext,
    hasServiceWorker: "serviceWorker" in navigator && navigator.serviceWorker != null,
    protocol: location.protocol,
    hostname: location.hostname,
  });
  if (problem) return problem;
  try {
    const { startMockWorker } = await import("./mocks/browser.ts");
    await withStartTimeout(startMockWorker(labEndpoints, getLabServers), 15_000);
    return null;
  } catch (error) {
    console.error("SMART on FHIR Lab: the mock service worker could not start", error);
    return describeStartError(error);
  }
}

async function boot() {
  const routeCode = isWorkbenchAppPage ? Promise.resolve() : preloadRouteCode(appPath);
  // Pages that talk to the mock servers at once (authorize page, sample app, EHR, tools) need them built: build them
  // while the worker starts (their modules were loaded with the route's code) rather than after it, or on the first
  // intercepted request. They read the lab's state from storage and send no request.
  // A failure is reported where the servers are used.
  if (!paintsBeforeWorker) getLab().catch(() => {});
  if (isAuthorizePage) {
    await routeCode;
    renderApp();
    return;
  }
  if (paintsBeforeWorker) {
    // The step's lesson chunk first, so the render replaces the prerendered HTML with the same content, not a
    // "Loading" placeholder.
    await routeCode;
    renderApp();
  }
  const problem = await startWorker();
  if (problem) {
    workerStatus.setState({ state: "failed", message: problem.detail });
    // A lesson keeps its text (its tools say they cannot run); every other page, the landing page included, explains
    // what is wrong and how to fix it.
    if (!paintsBeforeWorker || appPath === "/") renderProblem(problem);
    return;
  }
  if (isWorkbenchAppPage) {
    const [{ hostWorkbenchPage }, lab] = await Promise.all([
      import("./features/workbench/workbench-host.ts"),
      getLab(),
    ]);
    return hostWorkbenchPage(lab);
  }
  await routeCode;
  document.documentElement.dataset.worker = "active";
  performance.mark("smart-lab:worker-active");
  workerStatus.setState({ state: "ready" });
  if (!paintsBeforeWorker) renderApp();
}

void boot();
