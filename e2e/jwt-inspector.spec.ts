import { expect, type Page } from "@playwright/test";
import { expectNoAxeViolations, press, saveScreenshot, test, waitForLab } from "./lab-fixtures.ts";

/** A standalone launch of the sample app as Amy Shaw, so the tab has a lab-issued access token and ID token. */
async function launchSampleApp(page: Page) {
  await page.goto("sample-app");
  await waitForLab(page);
  await press(page.getByRole("button", { name: "Launch" }));
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await press(page.getByRole("radio", { name: /Amy Shaw/ }), "Space");
  await press(page.getByRole("button", { name: "Sign in" }));
  await press(page.getByRole("button", { name: "Accept" }));
  await expect(page.getByRole("heading", { name: "Access granted" })).toBeVisible();
}

function check(page: Page, id: string) {
  return page.getByRole("list", { name: "Verification checks" }).locator(`[data-check="${id}"]`);
}

test.describe("JWT inspector", () => {
  test("decode, verify, tamper → 401, re-sign, revoke → introspection inactive, keyboard only", async ({ page }) => {
    await launchSampleApp(page);
    await page.goto("jwt");
    await waitForLab(page);
    const inspector = page.getByRole("region", { name: "JWT inspector" });
    await press(inspector.getByRole("button", { name: "The access token of my last launch" }));

    // Decoded: the three parts, every claim explained, times relative, unknown claims marked.
    await expect(inspector.locator(".jwt-header")).toBeVisible();
    const claims = inspector.getByRole("table", { name: "Payload (claims)" });
    await expect(claims).toContainText("patient");
    await expect(claims).toContainText("Launch context: the id of the patient in context");
    await expect(inspector.getByText(/expires in \d+ (min|s)/)).toBeVisible();

    // Verified against the lab's JWKS, each check on its own.
    for (const id of ["alg", "key", "signature", "iss", "aud", "exp"]) await expect(check(page, id)).toContainText("✓");
    await saveScreenshot(page, "jwt-verified", { fullPage: true });
    await expectNoAxeViolations(page);

    // Tamper: widen the scope, keep the signature.
    const editor = inspector.getByLabel("Claims (JSON)");
    const claimsText = await editor.inputValue();
    await editor.focus();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type(claimsText.replace(/"scope": "[^"]*"/, '"scope": "patient/*.cruds"'), { delay: 0 });
    await press(inspector.getByRole("button", { name: "Use these claims with the old signature" }));
    await expect(check(page, "signature")).toContainText("✗");
    await expect(check(page, "signature")).toContainText("changed after signing");
    await press(inspector.getByRole("button", { name: "Send to the FHIR server" }));
    await expect(inspector.getByText("HTTP 401")).toBeVisible();
    await expect(inspector.getByText(/WWW-Authenticate: Bearer realm=.*error="invalid_token"/)).toBeVisible();
    await saveScreenshot(page, "jwt-tampered-401", { fullPage: true });

    // Re-signed with a key of the page: the kid is unknown; keeping the lab's kid, the signature fails.
    await press(inspector.getByRole("button", { name: "Re-sign with my own key" }));
    await expect(check(page, "key")).toContainText('No key with kid "learner-key"');
    await expect(check(page, "signature")).toContainText("Not checked");
    await press(inspector.getByRole("button", { name: "Re-sign with my key, under the lab's kid" }));
    await expect(check(page, "key")).toContainText("✓");
    await expect(check(page, "signature")).toContainText("another key signed it");

    // Local validation vs introspection, before and after revocation.
    await press(inspector.getByRole("button", { name: "The access token of my last launch" }));
    await expect(check(page, "signature")).toContainText("✓");
    await press(inspector.getByRole("button", { name: "Introspect this token" }));
    await expect(inspector.locator(".jwt-response")).toContainText('"active": true');
    await press(inspector.getByRole("button", { name: "Revoke it (RFC 7009, as its client)" }));
    await expect(inspector.getByText(/Revocation answered HTTP 200/)).toBeVisible();
    await press(inspector.getByRole("button", { name: "Introspect this token" }));
    await expect(inspector.locator(".jwt-response")).toContainText('"active": false');
    await expect(check(page, "signature")).toContainText("✓");
    await expectNoAxeViolations(page);

    // The ID token: its aud is the app's client_id.
    await press(inspector.getByRole("button", { name: "The ID token of my last launch" }));
    await expect(check(page, "aud")).toContainText("✓");
    await expect(page.getByRole("table", { name: "The two tokens of a SMART launch compared" })).toContainText(
      "lab-public-app",
    );
  });

  test("malformed input gets a precise message, never a crash", async ({ page }) => {
    await page.goto("jwt");
    await waitForLab(page);
    const input = page.getByLabel(/^Token/);
    for (const [text, message] of [
      ["abc.def", /three parts .* this has 2/],
      ["a.b.c.d.e", /JWE/],
      ["eyJ=.e30.x", /padding/],
      ["Bearer eyJhbGciOiJub25lIn0.aGVsbG8.", /not a JWT/],
    ] as const) {
      await input.fill(text);
      await expect(page.getByRole("alert")).toHaveText(message);
    }
    await input.fill("");
    await press(page.getByRole("button", { name: "Make an example token" }));
    await expect(page.getByRole("link", { name: "Link to this example token" })).toBeVisible();
    await expect(check(page, "key")).toContainText("✗");
    await expectNoAxeViolations(page);
  });

  test("the assertion builder: sign, get a token, and the replayed jti refused", async ({ page }) => {
    await page.goto("jwt");
    await waitForLab(page);
    const sign = page.getByRole("button", { name: "Sign and request a token" });
    await press(sign);
    await expect(page.getByText("Token endpoint answered HTTP 200")).toBeVisible();
    await expect(page.getByRole("table", { name: "The assertion's claims" })).toContainText("lab-backend-service");
    await press(sign);
    await expect(page.getByText("Token endpoint answered HTTP 400")).toBeVisible();
    await expect(page.getByText(/jti .* was already used/)).toBeVisible();
    await press(page.getByRole("button", { name: "New jti" }));
    const lifetime = page.getByLabel(/^exp: seconds from now/);
    await lifetime.fill("-60");
    await press(sign);
    await expect(page.getByText(/expired/).first()).toBeVisible();
    await saveScreenshot(page, "jwt-assertion-builder", { fullPage: true });
    await expectNoAxeViolations(page);
  });
});
