import { MDXProvider } from "@mdx-js/react";
import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { BrowserRouter } from "react-router";
import { basePath } from "../lib/lab-config.ts";
import { queryClient } from "../lib/query-client.ts";
import { AppRoutes } from "./app-routes.tsx";
import { lessonComponents } from "./lesson-components.tsx";
import { ThemeController } from "./theme-controller.tsx";

/** The providers every rendering of the app shares: in the browser and when a page is prerendered at build time. */
export function AppProviders({ client, children }: { client: QueryClient; children: ReactNode }) {
  return (
    <QueryClientProvider client={client}>
      <MDXProvider components={lessonComponents}>{children}</MDXProvider>
    </QueryClientProvider>
  );
}

/** Providers and router: the router's basename is the Vite base, so every route works under `/<repo>/`. */
export function App() {
  return (
    <AppProviders client={queryClient}>
      <BrowserRouter basename={basePath}>
        <ThemeController />
        <AppRoutes />
      </BrowserRouter>
    </AppProviders>
  );
}
