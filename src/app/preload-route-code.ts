import catalog from "virtual:lab-catalog";
import { glossaryQuery } from "../features/glossary/glossary-queries.ts";
import { preloadLesson } from "../features/labs/lesson-modules.ts";
import { queryClient } from "../lib/query-client.ts";
import {
  authorizePage,
  cheatSheetPage,
  ehrSimulatorPage,
  fhirExplorerPage,
  flowCallbackPage,
  flowPage,
  glossaryPage,
  jwtInspectorPage,
  oauthSetupPage,
  presenterPage,
  sampleAppPages,
  scopePlaygroundPage,
  workbenchPage,
} from "./app-pages.ts";

/**
 * Loads the code a page needs while the mock service worker starts, so the first render neither suspends nor
 * waits. Requests made before the worker has activated this page go straight to the static host; later ones each
 * wait for a round trip through the page's busy main thread (MSW asks the page whether to mock every request).
 * The OAuth flow is a chain of cold page loads, so this is most of the time between a redirect and the next screen.
 *
 * @param appPath the path below the base ("/auth/authorize", "/sample-app/callback" …)
 * @returns settles when the code is loaded (never rejects: a failed load is retried, and reported, by the route)
 */
export function preloadRouteCode(appPath: string): Promise<unknown> {
  const servers = () => import("../lib/create-lab.ts");
  const loads: Promise<unknown>[] = [];
  if (appPath.startsWith("/auth/authorize")) {
    loads.push(authorizePage.preload(), servers());
  } else if (appPath.startsWith("/sample-app")) {
    loads.push(
      sampleAppPages.preload(),
      import("../lib/fhir-client.ts").then((m) => m.loadFhirClient()),
      servers(),
    );
  } else if (/^\/ehr(\/|$)/.test(appPath)) {
    loads.push(ehrSimulatorPage.preload(), servers());
  } else if (/^\/oauth-setup(\/|$)/.test(appPath)) {
    loads.push(oauthSetupPage.preload(), servers());
  } else if (/^\/fhir-explorer(\/|$)/.test(appPath)) {
    loads.push(fhirExplorerPage.preload(), servers());
  } else if (/^\/flow(\/|$)/.test(appPath)) {
    // The callback and launch pages share one chunk, and hand over to the flow page at once.
    loads.push(flowCallbackPage.preload(), flowPage.preload(), servers());
  } else if (/^\/scopes(\/|$)/.test(appPath)) {
    loads.push(scopePlaygroundPage.preload(), servers());
  } else if (/^\/jwt(\/|$)/.test(appPath)) {
    loads.push(jwtInspectorPage.preload(), servers());
  } else if (/^\/workbench\/?$/.test(appPath)) {
    loads.push(workbenchPage.preload(), servers());
  } else if (appPath.startsWith("/labs/")) {
    const [sessionSlug, stepSlug] = appPath.slice("/labs/".length).split("/");
    const step = catalog.find((session) => session.slug === sessionSlug)?.steps.find((s) => s.slug === stepSlug);
    const lesson = step ? preloadLesson(step.file) : null;
    // A lesson's terms carry their definitions in the prerendered HTML: hydration needs the glossary to match it.
    if (lesson) loads.push(lesson, queryClient.prefetchQuery(glossaryQuery()));
  } else if (/^\/cheat-sheet\/?$/.test(appPath)) {
    loads.push(cheatSheetPage.preload(), queryClient.prefetchQuery(glossaryQuery()));
  } else if (/^\/presenter\/?$/.test(appPath)) {
    loads.push(presenterPage.preload());
  } else if (/^\/glossary(\/|$)/.test(appPath)) {
    loads.push(glossaryPage.preload(), queryClient.prefetchQuery(glossaryQuery()));
  }
  return Promise.allSettled(loads);
}
