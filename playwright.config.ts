import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

/** The e2e build's sub-path, as on GitHub Pages (`npm run build:e2e` builds with it). */
export const E2E_BASE = "/smart-lab/";
const port = Number(process.env.E2E_PORT ?? 4173);

// Playwright downloads no browser here: use the system Chromium (Debian's `chromium` package) or CHROMIUM_PATH.
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(executablePath)) {
  throw new Error(`No Chromium at ${executablePath}. Install Debian's "chromium" package or set CHROMIUM_PATH.`);
}

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  // One retry on CI (2 shared cores): a test that needs it is reported as "flaky" in the output, not hidden.
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}${E2E_BASE}`,
    browserName: "chromium",
    trace: "off",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: `node scripts/serve-pages.ts --dir dist-e2e --base ${E2E_BASE} --port ${port}`,
    url: `http://127.0.0.1:${port}${E2E_BASE}`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
  },
});
