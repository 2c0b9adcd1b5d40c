import { expect, type Page } from "@playwright/test";
import { expectNoAxeViolations, press, saveScreenshot, test, waitForLab } from "./lab-fixtures.ts";

/** Signs in as Amy Shaw and approves, on the lab's authorization page (in the preview frame or a page). */
async function signInAndApprove(scope: Page | ReturnType<Page["frameLocator"]>) {
  await press(scope.getByRole("radio", { name: /Amy Shaw/ }), "Space");
  await press(scope.getByRole("button", { name: "Sign in" }));
  await press(scope.getByRole("button", { name: "Accept" }));
}

test.describe("workbench", () => {
  test("edit the template, run it standalone in the preview, reload index.html cold, pass the tasks; EHR launch; keyboard only", async ({
    page,
  }) => {
    await page.goto("workbench");
    await waitForLab(page);
    const workbench = page.getByRole("article", { name: "Workbench: your own SMART app" });

    // A one-line change in the template, typed in Monaco: the app's page title.
    await press(workbench.getByRole("tab", { name: "index.html" }));
    await expect(page.locator(".workbench-editor")).toHaveAttribute("data-editor", "monaco");
    const code = page.locator(".workbench-monaco textarea").first();
    await code.focus();
    // Line 9 is the page's heading: select it from the keyboard and type a new one.
    await page.keyboard.press("ControlOrMeta+Home");
    for (let line = 1; line < 9; line++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("End");
    await page.keyboard.press("Shift+Home");
    await page.keyboard.type("<h1>Amy's own app</h1>");
    await expect(workbench.getByText("All changes saved in this browser.")).toBeVisible();
    await expect(workbench.getByRole("status").filter({ hasText: "No syntax errors in index.html" })).toBeVisible();

    // A syntax error is marked before anything runs.
    await press(workbench.getByRole("tab", { name: "app.js" }));
    await page.locator(".workbench-monaco textarea").first().focus();
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.type("\nconst broken = ;");
    await expect(workbench.getByRole("list", { name: "Syntax errors in app.js" })).toContainText("SyntaxError");
    await page.keyboard.press("Backspace");
    await page.keyboard.type("1;");
    await expect(workbench.getByText("No syntax errors in app.js.")).toBeVisible();

    // Standalone in the preview: launch.html → the lab's authorization page → index.html with the patient's name.
    await press(workbench.getByRole("button", { name: "Run standalone in the preview" }));
    const frame = page.frameLocator('iframe[title="Your SMART app"]');
    await signInAndApprove(frame);
    await expect(frame.getByRole("heading", { name: "Amy's own app" })).toBeVisible({ timeout: 20_000 });
    await expect(frame.getByRole("heading", { name: "My SMART app" })).toHaveCount(0);
    await expect(frame.locator("#patient")).toHaveText("Amy Shaw");
    await expect(workbench.getByLabel("Address of the preview")).toHaveValue(/workbench\/app\/fhirclient\/index\.html/);
    await expect(page.getByRole("log", { name: "Console output" })).toContainText("Granted scopes:");

    // Refresh from the learner's page, then every task passes, with its evidence.
    await press(frame.getByRole("button", { name: "Refresh the access token" }));
    const tasks = page.locator(".workbench-task-list");
    for (const id of ["authorize", "exchange", "read-patient", "refresh"])
      await expect(tasks.locator(`[data-task="${id}"]`)).toHaveAttribute("data-passed", "true");
    await expect(page.getByText("4 of 4 done")).toBeVisible();
    await page.locator(".workbench-tasks").scrollIntoViewIfNeeded();
    await saveScreenshot(page, "workbench-tasks", { fullPage: true });

    // The learner's index.html, loaded cold in this tab and reloaded: GitHub Pages has no such file and answers
    // with 404.html, which hosts the learner's page; fhirclient finds its session in the tab's sessionStorage.
    const response = await page.goto("workbench/app/fhirclient/index.html");
    expect(response?.status()).toBe(404);
    await expect(page.locator("#patient")).toHaveText("Amy Shaw", { timeout: 20_000 });
    await page.reload();
    await expect(page.locator("#patient")).toHaveText("Amy Shaw", { timeout: 20_000 });
    await page.goto("workbench");
    await waitForLab(page);

    // The same launch three ways: the raw HTTP of this run, secrets masked.
    await press(workbench.getByRole("tab", { name: "The same launch three ways" }));
    await expect(workbench.locator(".workbench-http")).toContainText("grant_type=authorization_code");
    await expect(workbench.locator(".workbench-http")).toContainText("authorization: Bearer ••••");
    await expect(workbench.locator(".workbench-http")).toContainText("code=http://loinc.org|8302-2"); // not a secret
    await expectNoAxeViolations(page);
    await saveScreenshot(page, "workbench-compare", { fullPage: true });

    // An EHR launch from the lab's EHR: Dr. Carter opens James Wilson's chart and launches the app.
    await press(workbench.getByRole("tab", { name: "With fhirclient" }));
    await workbench.getByLabel("Patient chart").selectOption("smart-2");
    await press(workbench.getByRole("button", { name: "Launch from the EHR in the preview" }));
    await press(frame.getByRole("button", { name: "Accept" }));
    await expect(frame.locator("#patient")).toHaveText("James Wilson", { timeout: 20_000 });
    await page.locator(".workbench-preview").scrollIntoViewIfNeeded();
    await saveScreenshot(page, "workbench-ehr-launch");
    await expectNoAxeViolations(page);
  });

  test("opening index.html on its own is explained, and the plain-fetch project launches too", async ({ page }) => {
    await page.goto("workbench");
    await waitForLab(page);
    const workbench = page.getByRole("article", { name: "Workbench: your own SMART app" });
    await press(workbench.getByRole("button", { name: "Restore the template project" }));
    await press(workbench.getByRole("button", { name: "Clear the console" }));
    await page.goto("workbench/app/fhirclient/index.html");
    await expect(page.locator("#error")).toContainText("No 'state' parameter found", { timeout: 20_000 });
    await page.goto("workbench");
    await waitForLab(page);
    await expect(page.getByRole("log", { name: "Console output" })).toContainText("index.html was opened on its own");

    await press(workbench.getByRole("tab", { name: "With plain fetch" }));
    await press(workbench.getByRole("button", { name: "Run standalone in the preview" }));
    const frame = page.frameLocator('iframe[title="Your SMART app"]');
    await signInAndApprove(frame);
    await expect(frame.locator("#patient")).toHaveText("Amy Shaw", { timeout: 20_000 });
    await expect(page.locator('.workbench-task-list [data-task="read-patient"]')).toHaveAttribute(
      "data-passed",
      "true",
    );
  });
});
