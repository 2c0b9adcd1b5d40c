import AxeBuilder from "@axe-core/playwright";
import { readLabCatalog } from "../scripts/lab-catalog.ts";
import { LAB_TOOLS } from "../src/lib/app-paths.ts";
import { expect, expectNoAxeViolations, press, saveScreenshot, test, waitForLab } from "./lab-fixtures.ts";

const { catalog } = await readLabCatalog(new URL("../labs", import.meta.url).pathname);
const steps = catalog.flatMap((session) => session.steps.map((step) => ({ session, step })));

test.describe("GitHub Pages delivery", () => {
  test("every lab step renders on a cold load by deep link, hydrating its prerendered HTML", async ({ page }) => {
    expect(steps.length).toBeGreaterThan(8);
    const mismatches: string[] = [];
    page.on("console", (message) => {
      if (message.text().includes("hydration did not match")) mismatches.push(`${page.url()}: ${message.text()}`);
    });
    for (const path of ["", "glossary", "cheat-sheet"]) {
      await page.goto(path);
      await waitForLab(page);
    }
    for (const { session, step } of steps) {
      const response = await page.goto(`labs/${session.slug}/${step.slug}`);
      // Every step is prerendered (labs/<session>/<step>.html): GitHub Pages answers it with 200.
      expect(response?.status()).toBe(200);
      await waitForLab(page);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(step.title);
      await expect(page.locator(".lesson")).not.toContainText("could not be shown");
      await expect(page.locator(".lesson p").first()).toBeVisible();
    }
    expect(mismatches).toEqual([]);
  });

  test("every lesson URL answers 200 with the lesson's title and text in the HTML, before any script runs", async ({
    request,
  }) => {
    for (const { session, step } of steps) {
      const response = await request.get(`labs/${session.slug}/${step.slug}`, {
        headers: { "accept-encoding": "gzip" },
      });
      expect(response.status(), step.file).toBe(200);
      expect(response.headers()["content-encoding"]).toBe("gzip");
      const html = await response.text();
      const decode = (text: string) =>
        text
          .replace(/&#x27;/g, "'")
          .replace(/&quot;/g, '"')
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&amp;/g, "&");
      expect(decode(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? "")).toContain(`${step.title} · `);
      expect(decode(/<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1] ?? "")).toBe(step.title);
      // The lesson itself, not a placeholder: its self-check is in the page.
      expect(html).toContain("Check yourself");
      expect(html).not.toContain("Loading the lesson");
      // Nothing the parser would fetch and compile beside the first layout: the page's loader adds the scripts
      // once it has painted (the lesson tests show the page still hydrates).
      expect(html, step.file).not.toMatch(/<script type="module"|rel="modulepreload"/);
    }
    // What cannot be prerendered still comes from 404.html.
    expect((await request.get("auth/authorize")).status()).toBe(404);
    expect((await request.get("glossary")).status()).toBe(200);
    expect((await request.get("cheat-sheet")).status()).toBe(200);
  });

  test("every tool URL answers 200 with the tool's heading and a placeholder; the page that runs has that heading", async ({
    page,
    request,
    browser,
    baseURL,
  }) => {
    // Rendered afresh over the placeholder, not hydrated: React would report the mismatch.
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    const tools = LAB_TOOLS.filter((tool) => tool.heading !== undefined);
    expect(tools.length).toBeGreaterThanOrEqual(6);
    for (const tool of tools) {
      const response = await request.get(tool.path.slice(1));
      expect(response.status(), tool.path).toBe(200);
      const html = await response.text();
      expect(/<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1], tool.path).toBe(tool.heading?.replace(/'/g, "&#x27;"));
      expect(html).toContain("Starting the lab&#x27;s mock servers…");
      // The page renders only once the worker has started, so its code loads at once (not after the first paint).
      expect(html).toMatch(/<script type="module" crossorigin src="[^"]+"><\/script>/);

      await page.goto(tool.path.slice(1));
      await waitForLab(page);
      // The running page, in place of the placeholder: one heading, the same.
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(tool.heading ?? "");
      await expect(page.getByText("Starting the lab's mock servers…")).toHaveCount(0);
    }
    expect(consoleErrors.filter((text) => /hydrat/i.test(text))).toEqual([]);

    // Before any script: the layout, the heading and the placeholder.
    const noScript = await browser.newContext({ javaScriptEnabled: false, baseURL: baseURL ?? "" });
    const bare = await noScript.newPage();
    await bare.goto("fhir-explorer");
    await expect(bare.getByRole("heading", { level: 1 })).toHaveText("FHIR explorer");
    await expect(bare.getByRole("status")).toHaveText("Starting the lab's mock servers…");
    await expect(bare.getByRole("navigation", { name: "Workshop agenda" })).toBeVisible();
    await saveScreenshot(bare, "tool-page-prerendered");
    await noScript.close();

    // The workbench's path is also the folder of the learner's app files: like GitHub Pages, the host redirects it to
    // the folder, whose index.html is the prerendered page. The sample app, a separate app, is the app shell's.
    const workbench = await request.get("workbench", { maxRedirects: 0 });
    expect(workbench.status()).toBe(301);
    expect(workbench.headers().location).toBe("/smart-lab/workbench/");
    expect((await request.get("sample-app")).status()).toBe(404);
  });

  test("a lesson's text is there with no script at all; its tools wait for the servers", async ({
    browser,
    baseURL,
  }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL: baseURL ?? "" });
    const page = await context.newPage();
    await page.goto("labs/understanding-oauth-and-identity-providers/pkce");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("PKCE and why public clients need it");
    await expect(page.getByRole("heading", { name: "What you learned" })).toBeVisible();
    await expect(page.getByText(/Starting the lab's servers for the flow visualizer/)).toBeVisible();
    await context.close();
  });

  test("a cold load of a lesson shows its text and a working page while the worker is still starting", async ({
    page,
    context,
  }) => {
    // Hold msw's browser code (the chunk that registers the worker): the worker cannot start until it is released.
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held = 0;
    await context.route(/\/assets\/browser-[^/]*\.js$/, async (route) => {
      const body = await (await route.fetch()).text();
      if (body.includes("lab-service-worker.js")) {
        held++;
        await released;
      }
      await route.fulfill({ body, contentType: "text/javascript" });
    });
    await page.goto("labs/understanding-oauth-and-identity-providers/pkce");
    await expect.poll(() => held).toBe(1);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("PKCE and why public clients need it");
    await expect(page.getByRole("heading", { name: "What you learned" })).toBeVisible();
    const flow = page.locator(".lesson-tool").first();
    await expect(flow.getByRole("status")).toHaveText(/Starting the lab's servers for the flow visualizer/);
    // The page already works: its self-check answers, its agenda navigates.
    await expect(page.getByRole("button", { name: "Check my answers" })).toBeEnabled();
    expect(await page.locator("html").getAttribute("data-worker")).toBeNull();

    release();
    await waitForLab(page);
    await flow.scrollIntoViewIfNeeded();
    await expect(flow.getByRole("button", { name: /Start the standalone/ })).toBeVisible();
  });

  test("a prerendered lesson is hydrated, not replaced: same nodes, no mismatch, then the learner's own state", async ({
    page,
  }) => {
    const target = steps[2];
    if (!target) throw new Error("need at least three steps");
    const path = `labs/${target.session.slug}/${target.step.slug}`;
    // Something in the Timeline (the tab's own state, which the HTML cannot know).
    await page.goto("fhir-explorer");
    await waitForLab(page);
    await press(page.getByRole("button", { name: /^Send/ }).first());
    await expect(page.getByText(/^HTTP \d{3}/).first()).toBeVisible();
    await page.goto(path);
    await waitForLab(page);
    await press(page.getByRole("checkbox", { name: "I have finished this step" }), "Space");
    await page.getByLabel("Theme").selectOption("dark");

    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    // Records whether the prerendered heading is ever taken out of the page (a fresh render would replace it).
    await page.addInitScript(() => {
      new MutationObserver((records) => {
        for (const record of records)
          for (const node of record.removedNodes)
            if (node instanceof Element && (node.matches("h1, .layout") || node.querySelector("h1")))
              document.documentElement.dataset.replaced = "yes";
      }).observe(document, { childList: true, subtree: true });
    });
    await page.reload();
    await waitForLab(page);
    await expect(
      page
        .getByRole("navigation", { name: "Workshop agenda" })
        .getByRole("link", { name: `${target.step.title} (completed)` }),
    ).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    await expect(page.getByLabel("Theme")).toHaveValue("dark");
    await expect(page.getByRole("button", { name: /^Timeline/ })).not.toHaveText("Timeline 0");
    expect(errors).toEqual([]);
    expect(await page.locator("html").getAttribute("data-replaced")).toBeNull();
  });

  test("a deep link survives a reload", async ({ page }) => {
    const target = steps[3];
    if (!target) throw new Error("need at least four steps");
    await page.goto(`labs/${target.session.slug}/${target.step.slug}`);
    await waitForLab(page);
    await page.reload();
    await waitForLab(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(target.step.title);
    expect(new URL(page.url()).pathname).toBe(`/smart-lab/labs/${target.session.slug}/${target.step.slug}`);
  });

  test("the mock service worker controls the page and answers fhir/metadata", async ({ page, request, baseURL }) => {
    await page.goto("");
    await waitForLab(page);
    const controller = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null);
    expect(controller).toBe(`${baseURL}lab-service-worker.js`);

    const responsePromise = page.waitForResponse((r) => r.url().endsWith("/smart-lab/fhir/metadata"));
    const body = await page.evaluate(async () => {
      const res = await fetch("/smart-lab/fhir/metadata", { headers: { accept: "application/fhir+json" } });
      return { status: res.status, json: await res.json() };
    });
    expect(body.status).toBe(200);
    expect(body.json.resourceType).toBe("CapabilityStatement");
    expect((await responsePromise).fromServiceWorker()).toBe(true);

    // The static host itself knows nothing of the FHIR server: only the worker can have answered.
    const direct = await request.get("fhir/metadata");
    expect(direct.status()).toBe(404);

    // The build's hashed assets skip msw (public/lab-service-worker.js): the browser fetches them itself, while
    // any other path still goes through msw, which passes it on.
    const asset = await page.evaluate(
      () => new URL(document.querySelector("script[type=module]")?.getAttribute("src") ?? "", location.href).href,
    );
    expect(asset).toMatch(/\/smart-lab\/assets\/.+\.js$/);
    const throughWorker = async (url: string) => {
      const response = page.waitForResponse((r) => r.url() === url);
      await page.evaluate((u) => fetch(u, { cache: "no-store" }).then((r) => r.status), url);
      return (await response).fromServiceWorker();
    };
    expect(await throughWorker(asset)).toBe(false);
    expect(await throughWorker(`${baseURL}glossary.html`)).toBe(true);
    // In Chromium the worker installs both rules as static routes: the browser goes to the network for the page's
    // own load and its assets without asking the worker at all.
    const assetSource = await page.evaluate(async (url) => {
      // A fetch of its own, read to the end: its timing entry is queued after the body, not with the headers.
      const before = performance.getEntriesByName(url).length;
      await (await fetch(url, { cache: "no-store" })).arrayBuffer();
      for (let i = 0; i < 100 && performance.getEntriesByName(url).length === before; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      const entry = performance.getEntriesByName(url).at(-1) as PerformanceEntry & { workerMatchedSourceType?: string };
      return entry.workerMatchedSourceType;
    }, asset);
    expect(assetSource).toBe("network");

    // A page load is the static host's even from a page the worker controls, as a cold load is: msw never sees a
    // GET navigation. Loaded as a page, a FHIR address says whose it is and where to send it.
    const navigation = await page.goto("fhir/metadata");
    expect(navigation?.status()).toBe(404);
    expect(navigation?.fromServiceWorker()).toBe(false);
    await waitForLab(page);
    expect(
      await page.evaluate(
        () =>
          (performance.getEntriesByType("navigation")[0] as PerformanceEntry & { workerMatchedSourceType?: string })
            .workerMatchedSourceType,
      ),
    ).toBe("network");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("An address of the lab's FHIR server");
    await expect(page.getByRole("main").getByRole("link", { name: "FHIR explorer" })).toBeVisible();
    await expectNoAxeViolations(page);
    await saveScreenshot(page, "not-found-server-address");
  });

  test("an unknown path shows the lab's not-found page with the agenda", async ({ page }) => {
    const response = await page.goto("no/such/page");
    expect(response?.status()).toBe(404);
    await waitForLab(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await expect(page.getByRole("navigation", { name: "Workshop agenda" })).toBeVisible();
  });
});

test.describe("shell", () => {
  test("previous/next, arrow keys and progress marks", async ({ page }) => {
    const [first, second] = steps;
    if (!first || !second) throw new Error("need two steps");
    await page.goto(`labs/${first.session.slug}/${first.step.slug}`);
    await waitForLab(page);
    await page.getByRole("link", { name: `Next: ${second.step.title}` }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(second.step.title);
    await page.keyboard.press("ArrowLeft");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(first.step.title);
    await page.keyboard.press("ArrowRight");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(second.step.title);
    // Moving on with Next completed the first step; the mark survives a reload.
    await page.reload();
    await waitForLab(page);
    const agenda = page.getByRole("navigation", { name: "Workshop agenda" });
    await expect(agenda.getByRole("link", { name: `${first.step.title} (completed)` })).toBeVisible();
  });

  test("Reset lab clears this app's keys and only those", async ({ page }) => {
    const [first] = steps;
    if (!first) throw new Error("need a step");
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(`labs/${first.session.slug}/${first.step.slug}`);
    await waitForLab(page);
    await page.getByLabel("I have finished this step").check();
    await page.getByLabel("Theme").selectOption("dark");
    await page.evaluate(() => localStorage.setItem("another-pages-site:state", "keep me"));
    expect(await page.evaluate(() => localStorage.getItem("smart-on-fhir-lab:display"))).toContain("dark");

    await page.getByRole("button", { name: "Reset lab" }).click();
    const dialog = page.getByRole("dialog", { name: "Reset the lab?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Reset everything" }).click();
    await waitForLab(page);
    await expect(page.getByLabel("I have finished this step")).not.toBeChecked();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    const after = await page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
    expect(after["smart-on-fhir-lab:display"]).toBeUndefined();
    expect(after["another-pages-site:state"]).toBe("keep me");
  });

  test("dark theme and presenter mode persist", async ({ page }) => {
    await page.goto("");
    await waitForLab(page);
    await page.getByLabel("Theme").selectOption("dark");
    await page.getByRole("button", { name: "Presenter mode" }).click();
    await page.reload();
    await waitForLab(page);
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    await expect(page.locator("html")).toHaveAttribute("data-presenter", "on");
    await expect(page.locator(".sidebar")).toBeHidden();
  });

  test("on a phone the agenda opens from a menu button", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto("");
    await waitForLab(page);
    const agenda = page.getByRole("navigation", { name: "Workshop agenda" });
    await expect(agenda).toBeHidden();
    await page.getByRole("button", { name: "Agenda" }).click();
    await expect(agenda).toBeVisible();
    const hasHorizontalScroll = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(hasHorizontalScroll).toBe(false);
  });
});

test.describe("accessibility", () => {
  for (const theme of ["light", "dark"] as const) {
    test(`home and a lab step have no axe violations (${theme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
      for (const path of ["", `labs/${steps[1]?.session.slug}/${steps[1]?.step.slug}`]) {
        await page.goto(path);
        await waitForLab(page);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        const results = await new AxeBuilder({ page }).analyze();
        expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual(
          [],
        );
      }
    });
  }
});

test.describe("without service workers", () => {
  test.use({ serviceWorkers: "block" });

  test("the learner sees what is wrong and how to fix it", async ({ page }) => {
    await page.goto("");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("The lab cannot start here");
    await expect(page.getByRole("heading", { name: "How to fix it" })).toBeVisible();
    await expect(page.locator("html[data-worker='active']")).toHaveCount(0);
  });
});

test.describe("lesson links", () => {
  test("an app path in a lesson stays under the base path; another site opens in a new tab", async ({ page }) => {
    await page.goto("labs/welcome/how-the-lab-works");
    await waitForLab(page);
    const explorer = page.locator(".lesson").getByRole("link", { name: "FHIR explorer" });
    await expect(explorer).toHaveAttribute("href", "/smart-lab/fhir-explorer");
    await explorer.click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("FHIR explorer");

    await page.goto("labs/qa-and-recap/where-to-go-next");
    await waitForLab(page);
    const spec = page.locator(".lesson").getByRole("link", { name: /HL7 FHIR R4 specification/ });
    await expect(spec).toHaveAttribute("href", "https://hl7.org/fhir/R4/");
    await expect(spec).toHaveAttribute("target", "_blank");
    await expect(spec).toHaveAttribute("rel", "noreferrer");
  });
});
