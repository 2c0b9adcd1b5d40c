import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Locator, type Page } from "@playwright/test";

/** Everything the browser asked for during a test, and what broke, checked when the test ends. */
interface LabRecorder {
  /** URLs of every request from the page, its workers and the service worker. */
  requests: string[];
  /** Uncaught exceptions thrown in the page. */
  pageErrors: Error[];
}

/**
 * Waits until the lab rendered behind an active mock service worker. Longer than the app's own 15 s start timeout:
 * a start that hangs then shows the "cannot start" page and fails here with that page, not with a bare timeout.
 */
export async function waitForLab(page: Page) {
  await expect(page.locator("html[data-worker='active']")).toHaveCount(1, { timeout: 20_000 });
}

/** Scrolls to each of a lesson's tools, which load only as the reader nears them. */
export async function reachLessonTools(page: Page) {
  // Tools show "Starting the lab's servers…" until the page re-renders with the worker ready; only then do the
  // ones out of view show their "loads as you reach it" placeholder.
  await expect(page.locator(".lesson-tool").getByText(/^Starting the lab's servers/)).toHaveCount(0, {
    timeout: 20_000,
  });
  const waiting = page.getByText(/loads as you reach it\.$/);
  for (let i = 0; i < 20 && (await waiting.count()) > 0; i++)
    // The tool may mount, replacing the placeholder, while the page scrolls to it.
    await waiting
      .first()
      .scrollIntoViewIfNeeded({ timeout: 2000 })
      .catch(() => {});
  await expect(waiting).toHaveCount(0);
}

/** Presses a key on a control the way a keyboard user does: focus it, then press (Enter by default). */
export async function press(locator: Locator, key = "Enter") {
  await locator.focus();
  await locator.press(key);
}

/** Where tests save what they draw (git-ignored), for a person to open and look at. */
const SCREENSHOTS = "e2e-screenshots";

/**
 * Saves `e2e-screenshots/<name>.png` of a page (or one element). A whole page is taken from the top, then the scroll
 * is put back: Chromium draws the sticky header and agenda where the viewport is, so a whole page taken scrolled
 * down shows them across its middle, over the content.
 */
export async function saveScreenshot(target: Page | Locator, name: string, options: { fullPage?: boolean } = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = `${SCREENSHOTS}/${name}.png`;
  if (!("goto" in target) || !options.fullPage) {
    await target.screenshot({ path });
    return;
  }
  const scrolled = await target.evaluate(() => window.scrollY);
  await target.evaluate(() => window.scrollTo(0, 0));
  await target.screenshot({ path, fullPage: true });
  await target.evaluate((y) => window.scrollTo(0, y), scrolled);
}

/** Fails with the list of axe violations (rule and elements) on the page as it is now. */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/**
 * The lab's test: records every request (including the service worker's own fetches) and fails the test if one
 * leaves the page's origin (the lab must work offline) or if the page throws.
 */
export const test = base.extend<{ recorder: LabRecorder }>({
  recorder: [
    async ({ context, baseURL }, use) => {
      const recorder: LabRecorder = { requests: [], pageErrors: [] };
      const origin = new URL(baseURL ?? "http://127.0.0.1").origin;
      context.on("request", (request) => {
        recorder.requests.push(request.url());
      });
      context.on("page", (page) => page.on("pageerror", (error) => recorder.pageErrors.push(error)));
      await use(recorder);
      const foreign = recorder.requests.filter((url) => {
        if (url.startsWith("data:") || url.startsWith("blob:")) return false;
        return new URL(url).origin !== origin;
      });
      expect(foreign, "requests that left the lab's origin").toEqual([]);
      expect(
        recorder.pageErrors.map((e) => e.message),
        "uncaught errors in the page",
      ).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
