import { fileURLToPath } from "node:url";
import mdx from "@mdx-js/rollup";
import react from "@vitejs/plugin-react";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkMdxFrontmatter from "remark-mdx-frontmatter";
import { defineConfig } from "vite";
import { normalizeBasePath } from "./scripts/base-path.ts";
import { githubPagesFiles } from "./scripts/vite-plugin-github-pages.ts";
import { labCatalog } from "./scripts/vite-plugin-lab-catalog.ts";
import { labEngineChunk } from "./scripts/vite-plugin-lab-engine-chunk.ts";
import { workbenchAssets } from "./scripts/vite-plugin-workbench-assets.ts";

// The site lives under a sub-path on GitHub Pages (`/<repo>/`); every URL in the app derives from this.
const base = normalizeBasePath(process.env.BASE_PATH);

export default defineConfig({
  base,
  plugins: [
    {
      enforce: "pre",
      ...mdx({
        remarkPlugins: [remarkFrontmatter, remarkMdxFrontmatter, remarkGfm],
        providerImportSource: "@mdx-js/react",
      }),
    },
    react({ include: /\.(mdx|tsx|ts)$/ }),
    labCatalog({ labsDir: fileURLToPath(new URL("./labs", import.meta.url)) }),
    githubPagesFiles(),
    labEngineChunk(),
    workbenchAssets(),
  ],
  define: {
    // fhirclient then uses the browser's own fetch instead of bundling cross-fetch (DESIGN.md §3).
    FHIRCLIENT_PURE: "true",
  },
  resolve: {
    alias: {
      tldts: fileURLToPath(new URL("./src/lib/tldts-shim.ts", import.meta.url)),
    },
  },
  build: {
    target: "es2023",
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
  },
});
