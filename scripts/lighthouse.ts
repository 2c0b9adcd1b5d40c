/**
 * Lighthouse (mobile, simulated slow 4G and 4× CPU: its defaults) against the production build served like GitHub
 * Pages (gzip, `max-age=600`, under /smart-lab/): the landing page and two lesson deep links. Prints performance,
 * accessibility, best practices, FCP, LCP, TBT and each URL's status code. A benchmark that prints figures, not a
 * test.
 *
 *   npm run lighthouse
 *   LIGHTHOUSE_PAGES="fhir-explorer glossary" npm run lighthouse   (other pages, paths under the base)
 *
 * Targets (issue 14): performance >= 98, accessibility 100, FCP <= 1.0 s, status 200 for every lesson URL.
 */
import lighthouse from "lighthouse";
import { withPagesBrowser } from "./pages-browser.ts";

const port = 4187;
const debuggingPort = 9333;
const pages = process.env.LIGHTHOUSE_PAGES?.split(/\s+/).filter(Boolean) ?? [
  "",
  "labs/deep-dive-into-smart/oauth2-scopes",
  "labs/understanding-oauth-and-identity-providers/pkce",
];

await withPagesBrowser(
  port,
  async (_browser, base) => {
    console.info(
      `Lighthouse ${(await import("lighthouse/package.json", { with: { type: "json" } })).default.version}, mobile defaults`,
    );
    const rows: string[][] = [["page", "status", "perf", "a11y", "best pr.", "FCP", "LCP", "TBT"]];
    for (const page of pages) {
      const url = `${base}${page}`;
      const status = (await fetch(url)).status;
      const result = await lighthouse(url, { port: debuggingPort, output: "json", logLevel: "error" });
      if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
      const { categories, audits } = result.lhr;
      const score = (id: string) => String(Math.round((categories[id]?.score ?? 0) * 100));
      const ms = (id: string) => `${((audits[id]?.numericValue ?? 0) / 1000).toFixed(2)} s`;
      rows.push([
        `/${page}`,
        String(status),
        score("performance"),
        score("accessibility"),
        score("best-practices"),
        ms("first-contentful-paint"),
        ms("largest-contentful-paint"),
        `${Math.round(audits["total-blocking-time"]?.numericValue ?? 0)} ms`,
      ]);
      // What keeps a score below 100: each failing audit with its title.
      for (const [id, category] of Object.entries(categories)) {
        const failing = category.auditRefs
          .filter((ref) => ref.weight > 0 && (audits[ref.id]?.score ?? 1) < 0.9)
          .map((ref) => `${ref.id} (${audits[ref.id]?.displayValue ?? audits[ref.id]?.score})`);
        if (failing.length) console.info(`  /${page} ${id}: ${failing.join(", ")}`);
      }
    }
    const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
    for (const row of rows) console.info(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  "));
  },
  [`--remote-debugging-port=${debuggingPort}`],
);
