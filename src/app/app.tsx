import { MDXProvider } from "@mdx-js/react";
import { QueryClientProvider } from "@tanstack/react-query";
import { BrowserRouter } from "react-router";
import { basePath } from "../lib/lab-config.ts";
import { queryClient } from "../lib/query-client.ts";
import { AppRoutes } from "./app-routes.tsx";
import { lessonComponents } from "./lesson-components.tsx";
import { ThemeController } from "./theme-controller.tsx";

/** Providers and router: the router's basename is the Vite base, so every route works under `/<repo>/`. */
export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <MDXProvider components={lessonComponents}>
        <BrowserRouter basename={basePath}>
          <ThemeController />
          <AppRoutes />
        </BrowserRouter>
      </MDXProvider>
    </QueryClientProvider>
  );
}
