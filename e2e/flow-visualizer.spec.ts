import { expect, type Locator, type Page } from "@playwright/test";
import { expectNoAxeViolations, press, reachLessonTools, saveScreenshot, test, waitForLab } from "./lab-fixtures.ts";

const RFC_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const RFC_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/** Keyboard only: focus lands on the control as Tab would bring it there, then the key does the work. */
function flow(page: Page, name: string) {
  return page.getByRole("region", { name });
}

async function stepTitle(page: Page) {
  return page.locator("#flow-step-title");
}

/** Steps with → from the Next button until the step at the cursor has the title wanted. */
async function stepUntil(page: Page, region: Locator, title: RegExp, limit = 12) {
  const next = region.getByRole("button", { name: /^Next/ });
  for (let i = 0; i < limit; i++) {
    if (title.test((await (await stepTitle(page)).textContent()) ?? "")) return;
    await expect(next).toBeEnabled();
    await press(next, "ArrowRight");
    await expect(region.getByRole("status").first()).not.toContainText("working");
  }
  await expect(await stepTitle(page)).toHaveText(title);
}

test.describe("flow visualizer", () => {
  test("standalone launch, keyboard only: every redirect, the RFC 7636 vector, the exchange, break-it, back without resending", async ({
    page,
  }) => {
    const tokenRequests: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/smart-lab/auth/token")) tokenRequests.push(request.postData() ?? "");
    });
    await page.goto("flow");
    await waitForLab(page);
    const region = flow(page, "Standalone patient launch");
    await press(region.getByRole("button", { name: /Start the standalone/ }));
    await expect(await stepTitle(page)).toContainText("Step 1: Discovery");
    await expect(region.getByText("About to send")).toBeVisible();

    // Discovery, then the PKCE step with the RFC's verifier typed in.
    await press(region.getByRole("button", { name: /^Next/ }), "ArrowRight");
    await expect(region.getByText('"token_endpoint"').first()).toBeVisible();
    await press(region.getByRole("button", { name: /^Next/ }), "ArrowRight");
    await expect(await stepTitle(page)).toContainText("PKCE");
    const verifier = region.getByLabel("code_verifier");
    await verifier.focus();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type(RFC_VERIFIER);
    await expect(region.getByTestId("pkce-challenge")).toHaveText(RFC_CHALLENGE);
    await expect(region.getByText("RFC 7636 Appendix B")).toBeVisible();
    await press(region.getByRole("button", { name: /^Next/ }), "ArrowRight");
    await press(region.getByRole("button", { name: /^Next/ }), "ArrowRight");

    // The authorization request, read before the browser follows it.
    await expect(await stepTitle(page)).toContainText("sends the browser to the authorization endpoint");
    const browser = region.getByRole("region", { name: "Browser", exact: true });
    await expect(browser).toContainText("/smart-lab/auth/authorize");
    await expect(browser).toContainText(RFC_CHALLENGE);
    await expect(browser).toContainText("S256, the only method SMART allows");
    await expect(browser).toContainText("patient/Observation.rs");
    // Break it: an unregistered redirect_uri is never redirected to.
    await press(region.getByRole("button", { name: "Send an unregistered redirect_uri" }));
    await expect(region.getByText(/showed its own error page/)).toBeVisible();
    await page.setViewportSize({ width: 1280, height: 720 });
    await saveScreenshot(page, "flow-standalone-authorize", { fullPage: true });
    await expectNoAxeViolations(page);
    await press(region.getByRole("button", { name: "Next: follow the redirect" }), "ArrowRight");

    // The lab's authorization server: sign in and consent, by keyboard.
    await expect(page).toHaveURL(/\/smart-lab\/auth\/authorize\?/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await press(page.getByRole("radio", { name: /Amy Shaw/ }), "Space");
    await press(page.getByRole("button", { name: "Sign in" }));
    await press(page.getByRole("button", { name: "Accept" }));

    // Back at the flow: the redirect with its code, masked.
    await expect(page).toHaveURL(/\/smart-lab\/flow$/);
    await waitForLab(page);
    await expect(await stepTitle(page)).toContainText("redirects back with a code");
    await expect(browser).toContainText("/smart-lab/flow/callback");
    await expect(browser).toContainText("•••• (");

    // Break the token request before the real one: without the verifier.
    await stepUntil(page, region, /exchanges the code for tokens/);
    await expect(region.getByText("About to send")).toBeVisible();
    await press(region.getByRole("button", { name: "Exchange the code without the code_verifier" }));
    await expect(region.getByText(/answered 400 invalid_request: code_verifier is missing/)).toBeVisible();
    await press(region.getByRole("button", { name: /^Next/ }), "ArrowRight");
    await expect(region.getByText('"access_token"').first()).toBeVisible();
    await press(
      region
        .getByRole("button", { name: "Show secrets (5)" })
        .or(region.getByRole("button", { name: /Show secrets/ }))
        .first(),
    );
    await stepUntil(page, region, /calls the FHIR API/);
    await press(region.getByRole("button", { name: /^Next/ }), "ArrowRight");
    await expect(region.getByText("flow complete")).toBeVisible();
    await expect(region.getByText('"resourceType": "Patient"').first()).toBeVisible();
    await saveScreenshot(page, "flow-standalone-complete", { fullPage: true });

    // Time travel: Back to the start replays the recording and sends nothing again.
    const sent = tokenRequests.length;
    expect(sent).toBe(2);
    for (let i = 0; i < 9; i++) await press(region.getByRole("button", { name: "Back", exact: true }), "ArrowLeft");
    await expect(await stepTitle(page)).toContainText("Step 1: Discovery");
    await expect(region.getByText('"token_endpoint"').first()).toBeVisible();
    await stepUntil(page, region, /exchanges the code for tokens/);
    expect(tokenRequests.length).toBe(sent);
    expect(tokenRequests.map((body) => new URLSearchParams(body).get("code_verifier"))).toContain(RFC_VERIFIER);

    // A reload keeps the recording.
    await page.reload();
    await waitForLab(page);
    await expect(await stepTitle(page)).toContainText("exchanges the code for tokens");
    await expectNoAxeViolations(page);

    // The Timeline opens after the launch (it used to crash) and masks the credentials.
    await press(page.getByRole("button", { name: /^Timeline/ }));
    const timeline = page.getByRole("region", { name: "Timeline" });
    await expect(timeline).toContainText("POST /smart-lab/auth/token → 200");
    await expectNoAxeViolations(page);
  });

  test("EHR launch, keyboard only, to the end and back; presenter mode at 1280×720", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto("flow?flow=ehr");
    await waitForLab(page);
    const region = flow(page, "EHR launch");
    await press(region.getByLabel("Patient whose chart is open"), "ArrowDown");
    await press(region.getByRole("button", { name: /Start the ehr launch/i }));
    await expect(await stepTitle(page)).toContainText("The EHR launches the app");
    await press(region.getByRole("button", { name: /^Next/ }), "ArrowRight");
    // The EHR opened the app's launch URL; the app read iss and launch and is back in the flow view.
    await expect(page).toHaveURL(/\/smart-lab\/flow\?flow=ehr$/);
    await waitForLab(page);
    await expect(await stepTitle(page)).toContainText("reads iss and launch");
    await expect(region.getByText("the FHIR server this app is set up for")).toBeVisible();
    await stepUntil(page, region, /sends the browser to the authorization endpoint/);
    await expect(region.getByRole("region", { name: "Browser", exact: true })).toContainText("launch");
    await press(region.getByRole("button", { name: "Next: follow the redirect" }), "ArrowRight");
    await expect(page.getByRole("heading", { name: /Allow .* to access your data/ })).toBeVisible();
    await press(page.getByRole("button", { name: "Accept" }));
    await expect(page).toHaveURL(/\/smart-lab\/flow\?flow=ehr$/);
    await waitForLab(page);
    await stepUntil(page, region, /calls the FHIR API/);
    await press(region.getByRole("button", { name: /^Next/ }), "ArrowRight");
    await expect(region.getByText("flow complete")).toBeVisible();
    // Back to the start, by keyboard.
    for (let i = 0; i < 10; i++) await press(region.getByRole("button", { name: "Back", exact: true }), "PageUp");
    await expect(await stepTitle(page)).toContainText("The EHR launches the app");
    await press(page.getByRole("button", { name: "Presenter mode" }));
    await press(region.getByRole("button", { name: /^Next/ }), "PageDown");
    await expect(await stepTitle(page)).toContainText("reads iss and launch");
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await saveScreenshot(page, "flow-ehr-presenter");
    await expectNoAxeViolations(page);
  });

  test("backend services, keyboard only: assertion, token, system search; a replayed assertion is refused", async ({
    page,
  }) => {
    await page.goto("flow?flow=backend");
    await waitForLab(page);
    const region = flow(page, "Backend services (client_credentials)");
    await press(region.getByRole("button", { name: /Start the backend/ }));
    await press(region.getByRole("button", { name: "Run to end" }));
    await expect(region.getByText("flow complete")).toBeVisible();
    for (let i = 0; i < 3; i++) await press(region.getByRole("button", { name: "Back", exact: true }), "ArrowLeft");
    await expect(await stepTitle(page)).toContainText("Discovery");
    await press(region.getByRole("button", { name: /^Next/ }), "ArrowRight");
    await expect(await stepTitle(page)).toContainText("signs a client assertion");
    await expect(region.locator(".jwt-signature")).toBeVisible();
    await press(region.getByRole("button", { name: /^Next/ }), "ArrowRight");
    await press(region.getByRole("button", { name: "Send the same client assertion again" }));
    await expect(region.getByText(/answered 400 invalid_client: .*jti/)).toBeVisible();
    await saveScreenshot(page, "flow-backend-replay", { fullPage: true });
    await expectNoAxeViolations(page);
  });

  test("a lesson embeds the flow visualizer; the arrow keys step it, not the lesson", async ({ page }) => {
    await page.goto("labs/understanding-oauth-and-identity-providers/pkce");
    await waitForLab(page);
    await reachLessonTools(page);
    const region = flow(page, "Standalone patient launch");
    await press(region.getByRole("button", { name: /Start the standalone/ }));
    await press(region.getByRole("button", { name: /^Next/ }), "ArrowRight");
    await expect(region.getByText('"token_endpoint"').first()).toBeVisible();
    await press(region.getByRole("button", { name: /^Next/ }), "ArrowRight");
    await expect(await stepTitle(page)).toContainText("PKCE");
    await expect(page).toHaveURL(/\/labs\/understanding-oauth-and-identity-providers\/pkce$/);
    await press(region.getByRole("button", { name: "Use the RFC 7636 example verifier" }));
    await expect(region.getByTestId("pkce-challenge")).toHaveText(RFC_CHALLENGE);
    await expectNoAxeViolations(page);
  });
});
