import { expect, type Page } from "@playwright/test";
import { expectNoAxeViolations, press, reachLessonTools, saveScreenshot, test, waitForLab } from "./lab-fixtures.ts";

const LAB_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory";

async function count(page: Page, which: "returned" | "hidden"): Promise<number> {
  const text = (await page.getByTestId(`${which}-count`).textContent()) ?? "";
  return Number(/\d+/.exec(text)?.[0] ?? Number.NaN);
}

/**
 * Replaces the scopes from the keyboard in Monaco (select all, then type key by key, or `insert` as one input
 * the way a paste or an IME commits it: no half-typed scopes in between, so the "what moved" marks compare with
 * the result before, whatever the machine's speed).
 */
async function typeScopes(page: Page, scopes: string, how: "type" | "insert" = "type") {
  const editor = page.locator(".scope-editor .monaco-editor").first();
  await expect(editor).toBeVisible();
  await editor.locator("textarea").first().focus();
  await page.keyboard.press("ControlOrMeta+a");
  if (how === "type") await page.keyboard.type(scopes, { delay: 0 });
  else await page.keyboard.insertText(scopes);
  await page.keyboard.press("Escape");
}

test.describe("scope playground", () => {
  test("edit scopes in Monaco and watch the server's answer change, keyboard only; consent explained; link round trip", async ({
    page,
  }) => {
    await page.goto("scopes");
    await waitForLab(page);
    await expect(page.locator(".scope-editor").first()).toHaveAttribute("data-editor", "monaco");
    const playground = page.getByRole("region", { name: "Scope playground" });

    // Amy Shaw's Observations with patient/Observation.rs: all of Amy's returned.
    const query = playground.getByLabel(/^FHIR query/);
    await query.focus();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("Observation?patient={patient}");
    await expect(playground.getByTestId("granted-scope")).toHaveText("patient/Observation.rs launch/patient");
    // Both counts of the typed query's answer: a half-typed one ("Observation", run between keystrokes) may be on
    // screen first, with every other patient's Observations hidden.
    await expect
      .poll(async () => ({ many: (await count(page, "returned")) > 20, hidden: await count(page, "hidden") }))
      .toEqual({ many: true, hidden: 0 });
    const allOfAmy = await count(page, "returned");

    // A granular category scope: only laboratory results returned; the vital signs hidden, with the reason.
    await page.waitForTimeout(900); // the result has been on screen long enough to count as looked at
    await typeScopes(page, `patient/Observation.rs?category=${LAB_CATEGORY}`, "insert");
    await expect.poll(() => count(page, "hidden")).toBeGreaterThan(0);
    expect(await count(page, "returned")).toBeLessThan(allOfAmy);
    expect((await count(page, "returned")) + (await count(page, "hidden"))).toBe(allOfAmy);
    await expect(playground.locator(".cluster-hidden").first()).toContainText(/category/);
    await expect(playground.locator(".row-newly-hidden").first()).toContainText("newly hidden");
    await page.locator("#playground-results-title").scrollIntoViewIfNeeded();
    await saveScreenshot(page, "playground-granular");
    await expectNoAxeViolations(page);

    // Another patient: Dr. Carter (panel 1–4) with a patient/ scope for James Wilson (smart-2).
    // Selects by keyboard: focus, then type the start of the option (the browser's type-ahead).
    await playground.getByLabel("Who is signed in", { exact: true }).focus();
    await page.keyboard.type("Dr. Alice");
    await expect(playground.getByLabel("Who is signed in", { exact: true })).toHaveValue("dr-carter");
    await playground.getByLabel("Patient in context", { exact: true }).focus();
    await page.keyboard.type("James");
    await expect(playground.getByLabel("Patient in context", { exact: true })).toHaveValue("smart-2");
    await typeScopes(page, "patient/Observation.rs");
    await expect(playground.locator(".playground-status")).toContainText("patient=smart-2");
    await expect.poll(() => count(page, "returned")).toBeGreaterThan(0);
    await expect(playground.locator('.playground-row[data-verdict="returned"]').first()).toContainText(
      "Observation/smart-2-",
    );

    // patient/Observation.c: can create, cannot read back — the real 403 with its OperationOutcome.
    await playground.getByLabel("Start from").focus();
    await page.keyboard.type("patient/Observation.c");
    await expect(playground.getByTestId("granted-scope")).toContainText("patient/Observation.c");
    await expect(playground.getByRole("region", { name: "The server's refusal" })).toContainText("HTTP 403");
    await expect(playground.getByRole("region", { name: "The server's refusal" })).toContainText("insufficient_scope");

    // The consent screen for these scopes, annotated; Decline says what it would return.
    await typeScopes(page, "patient/Observation.rs patient/Patient.r");
    await press(page.getByRole("button", { name: "Show the consent screen for these scopes" }));
    const annotations = page.getByRole("list", { name: "What each part of the consent screen is for" });
    await expect(annotations).toContainText("registered redirect URI");
    await press(page.getByRole("button", { name: "Decline" }));
    await expect(page.getByText(/Decline would send the browser back to .*error=access_denied/)).toBeVisible();
    await page.getByRole("heading", { name: "The consent screen, explained" }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, "playground-consent");
    await expectNoAxeViolations(page);

    // A link carries scopes, context and query, never a token, and restores the playground.
    const link = playground.getByRole("link", { name: /Link to this playground/ });
    const href = (await link.getAttribute("href")) ?? "";
    expect(href).not.toMatch(/eyJ|token=/);
    // Set apart from the link before it (the shared .button-row style is loaded on this page too).
    const inspector = await playground
      .getByRole("link", { name: "Open this token in the JWT inspector" })
      .boundingBox();
    const own = await link.boundingBox();
    expect((own?.x ?? 0) - ((inspector?.x ?? 0) + (inspector?.width ?? 0))).toBeGreaterThanOrEqual(6);
    await press(link);
    await expect(page).toHaveURL(/\/scopes\?scopes=/);
    await page.reload();
    await waitForLab(page);
    await expect(page.getByLabel("Who is signed in", { exact: true })).toHaveValue("dr-carter");
    await expect(page.getByLabel("Patient in context", { exact: true })).toHaveValue("smart-2");
    await expect(page.getByTestId("granted-scope")).toContainText("patient/Patient.r");
  });

  test("after a launch: asked → consented → granted, what the user unticked vs what the server dropped", async ({
    page,
  }) => {
    await page.goto("sample-app");
    await waitForLab(page);
    const scopes = page.getByLabel("Scopes", { exact: true });
    await scopes.focus();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type(
      "launch/patient openid patient/Observation.rs patient/Condition.rs patient/Encounter.rs?_count=1",
    );
    await press(page.getByRole("button", { name: "Launch" }));
    await press(page.getByRole("radio", { name: /Amy Shaw/ }), "Space");
    await press(page.getByRole("button", { name: "Sign in" }));
    await press(page.getByRole("checkbox", { name: /patient\/Condition\.rs/ }), "Space");
    await press(page.getByRole("button", { name: "Accept" }));
    await expect(page.getByRole("heading", { name: "Access granted" })).toBeVisible();

    await page.goto("scopes");
    await waitForLab(page);
    const last = page.getByRole("region", { name: "Your last launch: asked, consented, granted" });
    const row = (scope: string) => last.getByRole("row", { name: new RegExp(`^${scope.replace(/[?.*/]/g, "\\$&")} `) });
    await expect(row("patient/Observation.rs")).toContainText("granted as asked");
    await expect(row("patient/Condition.rs")).toContainText("unticked at consent");
    await expect(row("patient/Encounter.rs?_count=1")).toContainText("dropped by the server");
    await expect(last).toContainText("patient = smart-1");
    await expect(last).toContainText("access_token = (issued)");
    await expect(last).not.toContainText("eyJ");
    await expectNoAxeViolations(page);
    await press(last.getByRole("link", { name: "Try the granted scopes in the playground" }));
    await expect(page.getByTestId("granted-scope")).toContainText("patient/Observation.rs");
    await expect(page.getByTestId("granted-scope")).not.toContainText("Condition");
  });

  test("the Deep Dive scopes lesson embeds the playground", async ({ page }) => {
    await page.goto("labs/deep-dive-into-smart/oauth2-scopes");
    await waitForLab(page);
    await reachLessonTools(page);
    const playground = page.getByRole("region", { name: "Scope playground" });
    await expect(playground.getByTestId("granted-scope")).toHaveText("patient/Observation.rs launch/patient");
    await expect.poll(() => count(page, "returned")).toBeGreaterThan(20);
    await expectNoAxeViolations(page);
  });
});
