import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test, waitForLab } from "./lab-fixtures.ts";

const CALLBACK = "http://127.0.0.1:4173/smart-lab/sample-app/callback";

async function openSetup(page: Page) {
  await page.goto("oauth-setup");
  await waitForLab(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Setting-up OAuth");
  await expect(page.locator("#registered-apps .client-card").first()).toBeVisible();
}

function card(page: Page, clientId: string) {
  return page.locator(`#registered-apps article[data-client-id="${clientId}"]`);
}

/** A standalone launch of the public sample app, through sign-in and consent, up to its patient page. */
async function launchPublicApp(page: Page) {
  await page.goto("sample-app");
  await waitForLab(page);
  await page.getByLabel("App registration").selectOption("lab-public-app");
  await page.getByRole("button", { name: "Launch" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByRole("radio", { name: /Dr\. Alice Carter/ }).check();
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("radio", { name: /James Wilson/ }).check();
  await page.getByRole("button", { name: "Accept" }).click();
  await expect(page).toHaveURL(/\/smart-lab\/sample-app\/callback/);
  await expect(page.getByTestId("patient-banner")).toContainText("James Wilson");
}

function axeViolations(page: Page) {
  return new AxeBuilder({ page })
    .analyze()
    .then((results) => results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`));
}

test.describe("Setting-up OAuth", () => {
  test("registers an app through the form; a bad redirect URI is refused and nothing typed is lost", async ({
    page,
  }) => {
    await openSetup(page);
    // Sample apps first, one per client type.
    const ids = await page
      .locator("#registered-apps article[data-client-id]")
      .evaluateAll((cards) => cards.map((c) => c.getAttribute("data-client-id")));
    expect(ids.slice(0, 4)).toEqual([
      "lab-public-app",
      "lab-confidential-app",
      "lab-asymmetric-app",
      "lab-backend-service",
    ]);
    await expect(card(page, "lab-public-app").getByRole("button", { name: /^Delete/ })).toHaveCount(0);
    await expect(card(page, "lab-public-app")).toContainText("300 s (5 minutes)");

    const form = page.locator("#register-app form");
    await form.getByLabel("App type").selectOption("confidential-symmetric");
    await form.getByLabel("App name", { exact: true }).fill("E2E chart");
    await form.getByLabel("Client id (optional)").fill("e2e-chart");
    await form.getByLabel("Redirect URIs", { exact: true }).fill("chart.example/callback");
    await form.getByLabel("Access token lifetime (seconds)").fill("900");
    await expect(form.getByText(/900 seconds is more than 10 minutes/)).toBeVisible();
    await form.getByLabel("Access token lifetime (seconds)").fill("120");
    await form.getByRole("button", { name: "Register app" }).click();

    // The server's own error code and description, next to the form; the field it names is marked and focused.
    await expect(form.getByTestId("oauth-error-code")).toHaveText("invalid_redirect_uri");
    await expect(form.getByRole("alert")).toContainText("chart.example/callback is not an absolute URL.");
    const redirectUris = form.getByLabel("Redirect URIs", { exact: true });
    await expect(redirectUris).toHaveAttribute("aria-invalid", "true");
    await expect(redirectUris).toBeFocused();
    await expect(form.getByLabel("App name", { exact: true })).toHaveValue("E2E chart");
    await expect(form.getByLabel("Client id (optional)")).toHaveValue("e2e-chart");
    await expect(form.getByLabel("Access token lifetime (seconds)")).toHaveValue("120");

    await redirectUris.fill(CALLBACK);
    await form.getByRole("button", { name: "Register app" }).click();
    const result = page.getByTestId("registration-result");
    await expect(result.getByRole("heading", { name: "Registered E2E chart" })).toBeFocused();
    await expect(result.getByTestId("client-id")).toHaveText("e2e-chart");
    const secret = ((await result.getByTestId("client-secret").textContent()) ?? "").trim();
    expect(secret).toMatch(/^[\w-]{40,}$/);
    // The form is empty again for the next app.
    await expect(form.getByLabel("App name", { exact: true })).toHaveValue("");

    // In the list: masked until shown (keyboard works too), with the lifetimes asked for.
    const chart = card(page, "e2e-chart");
    await expect(chart).toContainText("Confidential, symmetric (client secret)");
    await expect(chart).toContainText("client_secret_basic");
    await expect(chart.getByTestId("access-lifetime")).toHaveText("120 s (2 minutes)");
    await expect(chart.getByTestId("client-secret")).not.toContainText(secret);
    await chart.getByRole("button", { name: "Show secret" }).focus();
    await page.keyboard.press("Enter");
    await expect(chart.getByTestId("client-secret")).toHaveText(secret);

    // Edit: the server's bounds apply to changes too.
    await chart.getByRole("button", { name: /^Edit/ }).click();
    await expect(chart.getByRole("heading", { name: "Edit E2E chart" })).toBeFocused();
    await chart.getByLabel("Access token lifetime (seconds)").fill("7200");
    await chart.getByRole("button", { name: "Save changes" }).click();
    await expect(chart.getByTestId("oauth-error-code")).toHaveText("invalid_client_metadata");
    await chart.getByLabel("Access token lifetime (seconds)").fill("90");
    await chart.getByRole("button", { name: "Save changes" }).click();
    await expect(chart.getByRole("status").filter({ hasText: "Saved the changes to e2e-chart." })).toBeVisible();
    await expect(chart.getByTestId("access-lifetime")).toHaveText("90 s (1 minute 30 seconds)");
    await expect(chart.getByRole("button", { name: /^Edit/ })).toBeFocused();

    // Delete, after a confirmation.
    await chart.getByRole("button", { name: /^Delete/ }).click();
    const dialog = page.getByRole("dialog", { name: "Delete E2E chart?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Delete app" }).click();
    await expect(chart).toHaveCount(0);
    await expect(page.getByText("Deleted E2E chart (e2e-chart) and revoked its tokens.")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Registered apps" })).toBeFocused();
  });

  test("simulated faults: the registration endpoint fails with server_error, a launch with invalid_scope", async ({
    page,
  }) => {
    await openSetup(page);
    const faults = page.locator("#simulated-faults");
    const banner = page.getByTestId("fault-banner");
    await expect(banner).toHaveCount(0);

    await faults.getByLabel("Server error").check();
    await expect(banner).toContainText("1 simulated fault is on: Server error.");
    const dynamic = page.locator("#dynamic-registration");
    await dynamic.getByRole("button", { name: "POST to the registration endpoint" }).click();
    await expect(dynamic.locator(".http-exchange")).toContainText("HTTP 500");
    await expect(dynamic.locator(".http-exchange")).toContainText('"error": "server_error"');
    await faults.getByLabel("Server error").uncheck();
    await expect(banner).toHaveCount(0);

    await faults.getByLabel("Invalid scope").check();
    await expect(banner).toContainText("1 simulated fault is on: Invalid scope.");

    // The authorize endpoint sends the app the error; fhirclient's ready() rejects with it.
    await page.goto("sample-app");
    await waitForLab(page);
    await page.getByRole("button", { name: "Launch" }).click();
    await expect(page).toHaveURL(/\/smart-lab\/sample-app\/callback\?.*error=invalid_scope/);
    await expect(page.getByRole("alert")).toContainText("invalid_scope");
    await expect(page.getByRole("alert")).toContainText("simulated fault: invalid scope");

    // The fault is saved: the banner is still there, until turned off.
    await openSetup(page);
    await expect(banner).toContainText("Invalid scope");
    await banner.getByRole("button", { name: "Turn all faults off" }).click();
    await expect(banner).toHaveCount(0);
    await expect(page.getByText("All simulated faults are off")).toBeFocused();
    await expect(faults.getByLabel("Invalid scope")).not.toBeChecked();

    // Dynamic registration works again: 201 and the app joins the list.
    await dynamic.getByRole("button", { name: "POST to the registration endpoint" }).click();
    await expect(dynamic.locator(".http-exchange")).toContainText("HTTP 201 Created");
    const clientId = await dynamic.locator(".http-exchange").evaluate((el) => {
      const match = /"client_id": "([^"]+)"/.exec(el.textContent ?? "");
      return match?.[1] ?? "";
    });
    expect(clientId).not.toBe("");
    await expect(card(page, clientId)).toContainText("RFC 7591 dynamic registration");
    await expect(card(page, clientId)).toContainText("My dynamically registered app");
  });

  test("expiring access tokens: the sample app gets 401 invalid_token and fhirclient ends the session", async ({
    page,
  }) => {
    await launchPublicApp(page);
    await expect(page.getByTestId("granted-scope")).toContainText("offline_access");

    await openSetup(page);
    await page.getByRole("button", { name: "Expire all access tokens now" }).click();
    await expect(page.getByTestId("expiry-status")).toHaveText("Expired 1 access token.");

    // Back to the app's page: its next FHIR request is refused, and the unmodified fhirclient ends its session.
    await page.goto("sample-app/callback");
    await waitForLab(page);
    const refused = page.getByTestId("token-refused");
    await expect(refused).toContainText("401");
    await expect(refused).toContainText("invalid_token");
    await expect(page.getByRole("button", { name: "Refresh the access token" })).toBeDisabled();
    const stored = await page.evaluate(() => sessionStorage.getItem("SMART_KEY"));
    expect(stored).toBeNull();

    // A new launch gets a new token (the authorization server's SSO session skips the sign-in).
    await page.getByRole("link", { name: "Launch the app again" }).click();
    await page.getByLabel("App registration").selectOption("lab-public-app");
    await page.getByRole("button", { name: "Launch" }).click();
    await page.getByRole("radio", { name: /James Wilson/ }).check();
    await page.getByRole("button", { name: "Accept" }).click();
    await expect(page.getByTestId("patient-banner")).toContainText("James Wilson");
    await expect(page.getByTestId("token-refused")).toHaveCount(0);
  });

  for (const theme of ["light", "dark"] as const) {
    test(`has no axe violations (${theme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
      await openSetup(page);
      // A fault on (the banner), a refused registration and an open edit form: the page's busiest state.
      await page.locator("#simulated-faults").getByLabel("Invalid jti").check();
      await expect(page.getByTestId("fault-banner")).toBeVisible();
      const form = page.locator("#register-app form");
      await form.getByLabel("App type").selectOption("backend-service");
      await form.getByLabel("Public keys (JWKS)").fill('{"keys": []}');
      await form.getByRole("button", { name: "Register app" }).click();
      await expect(form.getByTestId("oauth-error-code")).toHaveText("invalid_client_metadata");
      await card(page, "lab-confidential-app").getByRole("button", { name: /^Edit/ }).click();
      await expect(card(page, "lab-confidential-app")).toContainText("This is a pre-registered sample app");
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});
