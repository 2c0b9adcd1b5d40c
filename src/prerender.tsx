import catalog from "virtual:lab-catalog";
import glossary from "virtual:lab-glossary";
import { QueryClient } from "@tanstack/react-query";
import { prerender } from "react-dom/static";
import { Route, Routes, StaticRouter } from "react-router";
import { AppProviders } from "./app/app.tsx";
import { AppLayout } from "./app/app-layout.tsx";
import { cheatSheetPage, glossaryPage } from "./app/app-pages.ts";
import { AppRoutes } from "./app/app-routes.tsx";
import { ToolPageStarting } from "./app/tool-page-starting.tsx";
import { glossaryQuery } from "./features/glossary/glossary-queries.ts";
import { preloadLesson } from "./features/labs/lesson-modules.ts";
import { LAB_TOOLS } from "./lib/app-paths.ts";
import { PrerenderContext } from "./lib/worker-status.ts";

/** A page to prerender: its app path and its document title. */
export interface PrerenderPage {
  path: string;
  title: string;
  /**
   * "after-paint" for a page whose content is static (its scripts wait for its first paint, then hydrate it);
   * "at-once" for a tool page, prerendered as its heading and a placeholder, whose scripts load at once and
   * render the page in its place once the worker has started.
   */
  scripts: "after-paint" | "at-once";
}

/** A tool the build prerenders as its heading and a placeholder (the sidebar's tools that name a heading). */
const prerenderedTools = LAB_TOOLS.flatMap((tool) =>
  tool.heading ? [{ path: tool.path, heading: tool.heading }] : [],
);

/**
 * Every page whose content is static (the landing page, each lesson step, the glossary and the cheat sheet), and
 * the tool pages that can answer 200 with their heading before their code runs.
 */
export function prerenderPages(): PrerenderPage[] {
  const staticPages = [
    { path: "/", title: "SMART on FHIR Lab" },
    ...catalog.flatMap((session) =>
      session.steps.map((step) => ({
        path: `/labs/${session.slug}/${step.slug}`,
        title: `${step.title} · ${session.title} · SMART on FHIR Lab`,
      })),
    ),
    { path: "/glossary", title: "Glossary · SMART on FHIR Lab" },
    { path: "/cheat-sheet", title: "Cheat sheet · SMART on FHIR Lab" },
  ];
  return [
    ...staticPages.map((page) => ({ ...page, scripts: "after-paint" as const })),
    ...prerenderedTools.map((tool) => ({
      path: tool.path,
      title: `${tool.heading} · SMART on FHIR Lab`,
      scripts: "at-once" as const,
    })),
  ];
}

/**
 * The HTML of one page as the app renders it, its lesson loaded before the render. The
 * tools that need a browser render their placeholders; the browser's first render replaces this HTML with the same
 * content and brings them to life.
 */
export async function renderPage(path: string, basename: string): Promise<string> {
  // Everything the page shows loaded first, so nothing suspends: the HTML then holds the content itself, not a
  // fallback with the content in a hidden block that only a script would swap in.
  await Promise.all([glossaryPage.preload(), cheatSheetPage.preload()]);
  const [sessionSlug, stepSlug] = path.startsWith("/labs/") ? path.slice("/labs/".length).split("/") : [];
  const file = catalog
    .find((session) => session.slug === sessionSlug)
    ?.steps.find((step) => step.slug === stepSlug)?.file;
  if (file) await preloadLesson(file);
  const client = new QueryClient();
  client.setQueryData(glossaryQuery().queryKey, glossary);
  const tool = prerenderedTools.find((candidate) => candidate.path === path);
  const { prelude } = await prerender(
    <PrerenderContext.Provider value={true}>
      <AppProviders client={client}>
        <StaticRouter basename={basename} location={`${basename.replace(/\/$/, "")}${path}`}>
          {tool ? (
            <Routes>
              <Route element={<AppLayout />}>
                <Route path="*" element={<ToolPageStarting heading={tool.heading} />} />
              </Route>
            </Routes>
          ) : (
            <AppRoutes />
          )}
        </StaticRouter>
      </AppProviders>
    </PrerenderContext.Provider>,
    // React moves a boundary larger than this out of place (a hidden block a script swaps in); a lesson is
    // larger than the default 12.8 kB, and the page has to read without scripts.
    { progressiveChunkSize: Number.POSITIVE_INFINITY },
  );
  const html = await new Response(prelude).text();
  // Each query the render built holds a garbage-collection timer (five minutes) that would keep Node running.
  client.clear();
  return html;
}
