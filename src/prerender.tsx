import catalog from "virtual:lab-catalog";
import glossary from "virtual:lab-glossary";
import { QueryClient } from "@tanstack/react-query";
import { prerender } from "react-dom/static";
import { StaticRouter } from "react-router";
import { AppProviders } from "./app/app.tsx";
import { cheatSheetPage, glossaryPage } from "./app/app-pages.ts";
import { AppRoutes } from "./app/app-routes.tsx";
import { glossaryQuery } from "./features/glossary/glossary-queries.ts";
import { preloadLesson } from "./features/labs/lesson-modules.ts";
import { PrerenderContext } from "./lib/worker-status.ts";

/** A page to prerender: its app path and its document title. */
export interface PrerenderPage {
  path: string;
  title: string;
}

/** Every page whose content is static: the landing page, each lesson step, the glossary and the cheat sheet. */
export function prerenderPages(): PrerenderPage[] {
  return [
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
  const { prelude } = await prerender(
    <PrerenderContext.Provider value={true}>
      <AppProviders client={client}>
        <StaticRouter basename={basename} location={`${basename.replace(/\/$/, "")}${path}`}>
          <AppRoutes />
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
