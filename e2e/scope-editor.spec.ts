import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { expect, test, waitForLab } from "./lab-fixtures.ts";

const LESSON = "labs/deep-dive-into-smart/oauth2-scopes";
const LESSON_SCOPES = "launch/patient Patient/Observation.sr patient/Observations.read offline_access online_access";
const FIXED_SCOPES = "launch/patient patient/Observation.rs offline_access";
/** The lazily loaded chunk holding Monaco and the scope language (named after scope-monaco-editor.tsx). */
const EDITOR_CHUNK = /\/assets\/scope-monaco-editor-[^/]*\.js$/;

function scopeEditor(page: Page) {
  return page.locator(".scope-editor").first();
}

async function openLesson(page: Page) {
  await page.goto(LESSON);
  await waitForLab(page);
  await reachEditor(page);
  await expect(scopeEditor(page)).toHaveAttribute("data-editor", "monaco");
}

/** Scrolls to the editor: its panel and Monaco load as the reader nears it. */
async function reachEditor(page: Page) {
  await scopeEditor(page).scrollIntoViewIfNeeded();
}

/** Monaco's text as the learner sees it (Monaco renders spaces as no-break spaces). */
async function editorText(editor: Locator) {
  const text = (await editor.locator(".view-lines").textContent()) ?? "";
  return text.replace(/\u00a0/g, " ");
}

/** Presses Tab until focus is inside `target`: proves it is reachable from the keyboard. */
async function tabInto(page: Page, target: Locator) {
  for (let i = 0; i < 150; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((node) => node.contains(document.activeElement))) return;
  }
  throw new Error("Tab never reached the target");
}

test.describe("scope editor", () => {
  test("Monaco loads lazily from our origin, only on a page with an editor", async ({ page, baseURL, recorder }) => {
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    const workers: string[] = [];
    page.on("worker", (worker) => workers.push(worker.url()));

    await page.goto("");
    await waitForLab(page);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(recorder.requests.filter((url) => EDITOR_CHUNK.test(url))).toEqual([]);
    await expect(page.locator(".monaco-editor")).toHaveCount(0);

    await page
      .getByRole("navigation", { name: "Workshop agenda" })
      .getByRole("link", { name: /OAuth2 scopes/ })
      .click();
    await reachEditor(page);
    const editor = scopeEditor(page);
    await expect(editor).toHaveAttribute("data-editor", "monaco");
    const chunks = recorder.requests.filter((url) => EDITOR_CHUNK.test(url));
    expect(chunks.length).toBeGreaterThan(0);
    for (const url of chunks) expect(url.startsWith(`${baseURL}assets/`)).toBe(true);

    await editor.locator(".view-lines").click();
    await page.keyboard.press("End");
    await page.keyboard.type(" openid");
    await expect(editor.locator("[data-summary]")).toHaveText("4 problems: 3 errors, 1 warning.");

    // Monaco's editor worker (the scope language itself needs none, so Monaco may never start it): the chunk
    // names a worker file Vite bundled under our base path, and that file starts as a worker without errors.
    // Monaco itself sits in a chunk shared with the workbench's editor: look through every script the page loaded.
    let source = "";
    for (const url of new Set(recorder.requests.filter((url) => /\/assets\/[\w.-]+\.js$/.test(url))))
      source += await (await page.request.get(url)).text();
    const workerPath = /\/smart-lab\/assets\/editor\.worker-[\w-]+\.js/.exec(source)?.[0];
    expect(workerPath, "the editor worker bundled under the base path").toBeDefined();
    const workerUrl = new URL(workerPath ?? "", baseURL).href;
    const started = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const worker = new Worker(url);
          worker.onerror = (event) => resolve(`error: ${event.message}`);
          worker.postMessage("-please-ignore-");
          setTimeout(() => resolve("running"), 1000);
        }),
      workerUrl,
    );
    expect(started).toBe("running");
    expect(workers).toContain(workerUrl);
    for (const url of workers) expect(url.startsWith(`${baseURL}assets/`)).toBe(true);
    expect(consoleErrors).toEqual([]);
  });

  test("shows diagnostics as markers and as an accessible list", async ({ page }) => {
    await openLesson(page);
    const editor = scopeEditor(page);
    // Monaco renders typed text asynchronously: poll until the view shows it.
    await expect.poll(() => editorText(editor)).toBe(LESSON_SCOPES);
    await expect(editor.locator(".squiggly-error").first()).toBeVisible();
    await expect(editor.locator(".squiggly-warning").first()).toBeVisible();
    await expect(editor.locator("[data-summary]")).toHaveText("4 problems: 3 errors, 1 warning.");
    const problems = editor.getByRole("list", { name: "Problems in Scopes to request" });
    await expect(problems.getByRole("listitem")).toHaveCount(4);
    await expect(problems).toContainText('"Patient/" should be lowercase "patient/"');
    await expect(problems.getByRole("button", { name: 'Fix: Change to ".rs"' })).toBeVisible();
    await expect(problems.getByRole("link").first()).toHaveAttribute(
      "href",
      /hl7\.org\/fhir\/smart-app-launch\/STU2\.2\//,
    );
    await expect(editor.locator(".scope-explanations")).toContainText(
      "Keep access after you sign out, until you revoke it (offline refresh token)",
    );
  });

  test("hover explains a scope in consent-screen words", async ({ page }) => {
    await openLesson(page);
    const editor = scopeEditor(page);
    await editor.locator(".view-lines").getByText("offline_access", { exact: true }).hover();
    const hover = page.locator(".monaco-hover").filter({ hasText: "offline refresh token" });
    await expect(hover).toBeVisible();
    await expect(hover).toContainText("Keep access after you sign out");
    await expect(hover.getByRole("link", { name: /SMART App Launch 2\.2/ })).toHaveAttribute(
      "href",
      /#scopes-for-requesting-a-refresh-token$/,
    );
  });

  test("completes resource types, then permission letters", async ({ page }) => {
    await openLesson(page);
    const editor = scopeEditor(page);
    await editor.locator(".view-lines").click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type(" patient/Obs");
    await page.keyboard.press("Control+Space");
    const suggestions = page.locator(".suggest-widget");
    await expect(suggestions.locator(".monaco-list-row").first()).toContainText("Observation");
    await page.keyboard.press("Enter");
    // "Observation." is inserted and the permission letters are suggested next, in cruds order.
    await expect(suggestions.locator(".monaco-list-row", { hasText: "read and search" })).toBeVisible();
    await expect(suggestions.locator(".monaco-list-row").first()).toContainText("create");
    await page.keyboard.press("Escape");
    // Monaco renders typed text asynchronously: poll until the view shows it.
    await expect.poll(() => editorText(editor)).toBe(`${LESSON_SCOPES} patient/Observation.`);
  });

  test("a learner fixes every problem with Monaco's quick fixes, keyboard only", async ({ page }) => {
    await openLesson(page);
    const editor = scopeEditor(page);
    const status = editor.locator("[data-summary]");
    await tabInto(page, editor.locator(".monaco-editor"));
    for (let round = 0; round < 10; round++) {
      const before = await status.textContent();
      if (before === "No problems found.") break;
      // Markers follow the text after a short debounce; like a learner, press again if the menu did not open.
      await expect(async () => {
        await page.keyboard.press("Escape");
        await page.keyboard.press("Control+Home");
        await page.keyboard.press("F8");
        await page.keyboard.press("Escape");
        await page.keyboard.press("Control+.");
        await expect(page.locator(".action-widget").first()).toBeVisible({ timeout: 2_000 });
      }).toPass({ timeout: 20_000 });
      await page.keyboard.press("Enter");
      await expect(status).not.toHaveText(before ?? "");
    }
    await expect(status).toHaveText("No problems found.");
    await expect(editor.locator(".squiggly-error, .squiggly-warning, .squiggly-info")).toHaveCount(0);
    // Monaco renders typed text asynchronously: poll until the view shows it.
    await expect.poll(() => editorText(editor)).toBe(FIXED_SCOPES);
  });

  test("a learner fixes every problem with the list's buttons, keyboard only", async ({ page }) => {
    await openLesson(page);
    const editor = scopeEditor(page);
    const status = editor.locator("[data-summary]");
    await tabInto(page, editor.getByRole("button", { name: /^Fix: / }).first());
    for (let round = 0; round < 10 && (await status.textContent()) !== "No problems found."; round++) {
      // After each fix, focus moves to the next fix button, or to the summary when none is left.
      await expect(page.locator(":focus")).toHaveText(/^Fix: |^No problems found\.$/);
      if ((await page.locator(":focus").getAttribute("data-fix")) === null) break;
      const before = await status.textContent();
      await page.keyboard.press("Enter");
      await expect(status).not.toHaveText(before ?? "");
    }
    await expect(status).toHaveText("No problems found.");
    await expect(status).toBeFocused();
    // Monaco renders typed text asynchronously: poll until the view shows it.
    await expect.poll(() => editorText(editor)).toBe(FIXED_SCOPES);
  });
});

test.describe("scope editor without Monaco", () => {
  test("the textarea edits the scopes while Monaco loads, and Monaco keeps the text", async ({ page, context }) => {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held = 0;
    // context.route also sees the fetches the mock service worker passes through to the static host.
    await context.route(EDITOR_CHUNK, async (route) => {
      held++;
      await released;
      await route.continue();
    });
    await page.goto(LESSON);
    await waitForLab(page);
    await reachEditor(page);
    const editor = scopeEditor(page);
    const textarea = editor.getByRole("textbox", { name: "Scopes to request" });
    await expect(textarea).toBeVisible();
    await expect(editor).toHaveAttribute("data-editor", "loading");
    await expect.poll(() => held).toBeGreaterThan(0);

    await textarea.fill("patient/Observation.sr launch/patient");
    await expect(editor.locator("[data-summary]")).toHaveText("1 problem: 1 error.");
    await textarea.press("End");
    await textarea.pressSequentially(" openid");

    release();
    await expect(editor).toHaveAttribute("data-editor", "monaco");
    await expect(editor.locator("textarea.scope-editor-textarea")).toHaveCount(0);
    // Monaco renders typed text asynchronously: poll until the view shows it.
    await expect.poll(() => editorText(editor)).toBe("patient/Observation.sr launch/patient openid");
    // The learner was typing: focus moved into Monaco, and typing carries on where it was.
    await page.keyboard.type(" fhirUser");
    // Monaco renders typed text asynchronously: poll until the view shows it.
    await expect.poll(() => editorText(editor)).toBe("patient/Observation.sr launch/patient openid fhirUser");
    await expect(editor.locator(".squiggly-error").first()).toBeVisible();
  });

  test("when Monaco cannot load, the textarea stays, with the diagnostics and their fixes", async ({
    page,
    context,
  }) => {
    await context.route(EDITOR_CHUNK, (route) => route.abort());
    await page.goto(LESSON);
    await waitForLab(page);
    await reachEditor(page);
    const editor = scopeEditor(page);
    await expect(editor).toHaveAttribute("data-editor", "fallback");
    await expect(editor).toContainText("could not be loaded");
    const textarea = editor.getByRole("textbox", { name: "Scopes to request" });
    await expect(textarea).toHaveValue(LESSON_SCOPES);
    await editor.getByRole("button", { name: 'Fix: Change to "patient"' }).click();
    await expect(textarea).toHaveValue(LESSON_SCOPES.replace("Patient/", "patient/"));
    await textarea.fill("patient/Observation.rs launch/patient");
    await expect(editor.locator("[data-summary]")).toHaveText("No problems found.");
  });
});

test.describe("scope editor accessibility", () => {
  for (const theme of ["light", "dark"] as const) {
    test(`the lesson with the editor has no axe violations (${theme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
      await openLesson(page);
      await expect(scopeEditor(page).locator(".squiggly-error").first()).toBeVisible();
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual(
        [],
      );
    });
  }
});
