import { deriveLabEndpoints } from "../servers/lab-endpoints.ts";

/** The app's base path from Vite (`BASE_PATH` at build time): "/" locally, "/<repo>/" on GitHub Pages. */
export const basePath = import.meta.env.BASE_URL;

/** The endpoint map for this page's origin and base path (DESIGN.md §2). */
export const labEndpoints = deriveLabEndpoints(window.location.origin, basePath);
