/**
 * Browser benchmark (issue #5): in headless Chromium, on the production build served like GitHub Pages, the time
 * from the sample app calling fhirclient's `authorize()` to its first FHIR read, with sign-in and consent clicked
 * by script. Prints figures; it is not a test and does not fail on a slow machine.
 *
 *   node scripts/bench-launch.ts          (builds dist-e2e first when it is missing)
 */
import { percentile, withPagesBrowser } from "./pages-browser.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

/** One point in a launch: which page (path), what happened, when (epoch ms, the browser's clock). */
interface LaunchEvent {
  path: string;
  name: string;
  at: number;
}

await withPagesBrowser(4180, async (browser, base) => {
  const context = await browser.newContext();
  // Where the time goes: every page of the launch reports its navigation start, its HTML's arrival, its scripts'
  // start, the lab's marks (worker active, servers created) and its first FHIR read.
  let events: LaunchEvent[] = [];
  await context.exposeFunction("__benchEvent", (path: string, name: string, at: number) => {
    events.push({ path, name, at });
  });
  await context.addInitScript(() => {
    const report = (window as unknown as { __benchEvent: (p: string, n: string, a: number) => void }).__benchEvent;
    const path = location.pathname.replace(/^\/[^/]+\//, "/");
    report(path, "navigation start", performance.timeOrigin);
    addEventListener("DOMContentLoaded", () => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
      if (nav) report(path, "HTML received", performance.timeOrigin + nav.responseEnd);
      report(path, "DOMContentLoaded", performance.timeOrigin + performance.now());
    });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        report(path, entry.name.replace("smart-lab:", ""), performance.timeOrigin + entry.startTime);
    }).observe({ type: "mark", buffered: true });
  });
  const page = await context.newPage();
  const timings: number[] = [];
  const segments = new Map<string, number[]>();
  for (let run = 0; run <= RUNS; run++) {
    await page.goto(`${base}sample-app`);
    await page.getByRole("button", { name: "Launch" }).waitFor();
    const firstRead = page.waitForResponse((r) => /\/smart-lab\/fhir\/(Patient|Observation)/.test(r.url()), {
      timeout: 30_000,
    });
    const started = performance.now();
    const startedAt = Date.now();
    events = [];
    await page.getByRole("button", { name: "Launch" }).click();
    // The first launch signs in; later ones reuse the authorization server's SSO session and go to consent.
    const signIn = page.getByRole("button", { name: "Sign in" });
    const accept = page.getByRole("button", { name: "Accept" });
    await Promise.race([signIn.waitFor(), accept.waitFor()]);
    if (await signIn.isVisible()) {
      await page.getByRole("radio", { name: /Amy Shaw/ }).check();
      await signIn.click();
    }
    await accept.waitFor();
    const consentAt = Date.now();
    await accept.click();
    await firstRead;
    const elapsed = performance.now() - started;
    const endedAt = Date.now();
    if (run > 0) {
      timings.push(elapsed); // run 0 warms the worker, the key cache and the browser's code cache
      // Each segment from one event to the next, named after the page and the event it ends with.
      const timeline = [
        { path: "/sample-app", name: "authorize() called", at: startedAt },
        ...events.filter((event) => event.at >= startedAt),
        { path: "/auth/authorize", name: "consent on screen (seen by the script)", at: consentAt },
        { path: "/sample-app/callback", name: "first FHIR read answered", at: endedAt },
      ].sort((a, b) => a.at - b.at);
      for (let i = 1; i < timeline.length; i++) {
        const event = timeline[i];
        const previous = timeline[i - 1];
        if (!event || !previous) continue;
        const key = `${event.path.padEnd(22)} ${event.name}`;
        segments.set(key, [...(segments.get(key) ?? []), event.at - previous.at]);
      }
    }
  }
  timings.sort((a, b) => a - b);
  const pct = (p: number) => percentile(timings, p);
  console.info(`Standalone launch, authorize() → first FHIR read (${timings.length} runs, consent scripted):`);
  console.info(
    `  median ${pct(50).toFixed(0)} ms, p95 ${pct(95).toFixed(0)} ms, best ${timings[0]?.toFixed(0)} ms (aim <= 300 ms)`,
  );
  console.info("  where it goes (median ms of the step that ends with each event, in launch order):");
  for (const [key, values] of segments) {
    const sorted = [...values].sort((a, b) => a - b);
    console.info(`    ${percentile(sorted, 50).toFixed(0).padStart(5)}  ${key}`);
  }
});
