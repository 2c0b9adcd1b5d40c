import { expect, type Page } from "@playwright/test";
import { registerBackendService, requestClientCredentials, signClientAssertion } from "./backend-service.ts";
import { expectNoAxeViolations, test, waitForLab } from "./lab-fixtures.ts";

/** Signs in on the lab's authorize page as the persona named. */
async function signIn(page: Page, persona: string) {
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByRole("radio", { name: new RegExp(persona) }).check();
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function expectConnected(page: Page) {
  await expect(page).toHaveURL(/\/smart-lab\/sample-app\/callback/);
  await expect(page.getByRole("heading", { name: "Access granted" })).toBeVisible();
  await expect(page.getByTestId("patient-banner")).toBeVisible();
  // client.patient.request with pageLimit 0 and resolveReferences: every page, encounters resolved in place.
  await expect(page.getByTestId("observations").locator("tbody tr").first()).toBeVisible();
  // client.request with pageLimit 0 and resolveReferences.
  await expect(page.getByTestId("conditions").locator("li").first()).toBeVisible();
}

test.describe("SMART launches with the unmodified fhirclient", () => {
  test("standalone patient launch with the public app, then a refresh after a reload", async ({ page }) => {
    await page.goto("sample-app");
    await waitForLab(page);
    await page.getByLabel("App registration").selectOption("lab-public-app");
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Launch" }).click();

    await expect(page).toHaveURL(/\/smart-lab\/auth\/authorize\?/);
    const authorizeUrl = new URL(page.url());
    expect(authorizeUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorizeUrl.searchParams.get("aud")).toBe("http://127.0.0.1:4173/smart-lab/fhir");

    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expectNoAxeViolations(page);
    await signIn(page, "Dr. Alice Carter");
    await expect(page.getByRole("heading", { name: /Allow .* to access your data/ })).toBeVisible();
    await page.getByRole("radio", { name: /James Wilson/ }).check();
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Accept" }).click();

    await expectConnected(page);
    await expectNoAxeViolations(page);
    await expect(page.getByTestId("granted-scope")).toContainText("patient/Observation.rs");
    await expect(page.getByTestId("patient-banner")).toContainText("James Wilson");
    await expect(page.getByTestId("fhir-user")).toContainText("Practitioner/smart-practitioner-1");

    // A reload restores the session from sessionStorage; the refresh token (offline_access) still works.
    await page.reload();
    await waitForLab(page);
    await expectConnected(page);
    await page.getByRole("button", { name: "Refresh the access token" }).click();
    await expect(page.getByText("Refreshed: a new access token was issued.")).toBeVisible();
  });

  test("EHR launch with patient and encounter context", async ({ page }) => {
    await page.goto("ehr");
    await waitForLab(page);
    await page.getByLabel("Signed in to the EHR as").selectOption({ label: "Dr. Alice Carter" });
    await page.getByLabel("Patient chart").selectOption({ index: 0 });
    const patientBanner = (await page.getByTestId("ehr-patient-banner").textContent()) ?? "";
    const encounterSelect = page.getByLabel("Open encounter (optional)");
    await expect(encounterSelect.locator("option")).not.toHaveCount(1);
    await encounterSelect.selectOption({ index: 1 });
    const encounterId = await encounterSelect.inputValue();
    await page.getByLabel("App to launch").selectOption("lab-public-app");
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Launch app" }).click();

    // The app's launch URL got iss and launch in the real query string.
    await expect(page).toHaveURL(/\/smart-lab\/auth\/authorize\?/);
    // The EHR user is already signed in: straight to consent.
    await expect(page.getByRole("heading", { name: /Allow .* to access your data/ })).toBeVisible();
    await page.getByRole("button", { name: "Accept" }).click();

    await expectConnected(page);
    const patientId = /Patient\/([\w.-]+)/.exec(patientBanner)?.[1];
    await expect(page.getByTestId("context-patient")).toHaveText(patientId ?? "?");
    await expect(page.getByTestId("context-encounter")).toHaveText(encounterId);
  });

  test("confidential asymmetric launch: fhirclient signs a private_key_jwt assertion", async ({ page }) => {
    await page.goto("sample-app");
    await waitForLab(page);
    await page.getByLabel("App registration").selectOption("lab-asymmetric-app");
    const tokenRequest = page.waitForRequest((r) => r.url().endsWith("/smart-lab/auth/token"));
    await page.getByRole("button", { name: "Launch" }).click();
    await signIn(page, "Amy Shaw");
    await page.getByRole("button", { name: "Accept" }).click();
    const body = new URLSearchParams((await tokenRequest).postData() ?? "");
    expect(body.get("client_assertion_type")).toBe("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    expect(body.get("client_assertion")?.split(".")).toHaveLength(3);
    await expectConnected(page);
    await expect(page.getByTestId("patient-banner")).toContainText("Amy Shaw");
  });

  test("Decline sends access_denied back to the app", async ({ page }) => {
    await page.goto("sample-app");
    await waitForLab(page);
    await page.getByRole("button", { name: "Launch" }).click();
    await signIn(page, "Amy Shaw");
    await page.getByRole("button", { name: "Decline" }).click();
    await expect(page).toHaveURL(/\/smart-lab\/sample-app\/callback\?.*error=access_denied/);
    await expect(page.getByRole("alert")).toContainText(/denied|declined/i);
  });
});

test.describe("authorization server strictness in the browser", () => {
  test("an unregistered redirect_uri gets an error page, never a redirect", async ({ page }) => {
    await page.goto("");
    await waitForLab(page);
    const params = new URLSearchParams({
      response_type: "code",
      client_id: "lab-public-app",
      redirect_uri: "https://attacker.example/callback",
      scope: "openid patient/*.rs launch/patient",
      state: "xyz",
      aud: "http://127.0.0.1:4173/smart-lab/fhir",
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
    });
    await page.goto(`auth/authorize?${params}`);
    await expect(page.getByRole("heading", { name: "This app's request cannot be completed" })).toBeVisible();
    await expectNoAxeViolations(page);
    await expect(page.getByRole("alert")).toContainText("redirect_uri");
    expect(new URL(page.url()).host).toBe("127.0.0.1:4173");
  });

  test("missing PKCE is sent back to the app as invalid_request with the state", async ({ page }) => {
    await page.goto("");
    await waitForLab(page);
    const params = new URLSearchParams({
      response_type: "code",
      client_id: "lab-public-app",
      redirect_uri: "http://127.0.0.1:4173/smart-lab/sample-app/callback",
      scope: "openid patient/*.rs launch/patient",
      state: "state-123",
      aud: "http://127.0.0.1:4173/smart-lab/fhir",
    });
    await page.goto(`auth/authorize?${params}`);
    await expect(page).toHaveURL(/\/sample-app\/callback\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get("error")).toBe("invalid_request");
    expect(url.searchParams.get("state")).toBe("state-123");
    expect(url.searchParams.get("error_description")).toMatch(/code_challenge/);
  });

  test("a backend service registers (RFC 7591) and gets a token with a jose-signed assertion", async ({ page }) => {
    await page.goto("");
    await waitForLab(page);
    const service = await registerBackendService(page, {
      name: "E2E backend service",
      scope: "system/Observation.rs system/Patient.rs",
      kid: "e2e-backend-key",
    });
    expect(service.registrationStatus).toBe(201);

    const tokenUrl = "http://127.0.0.1:4173/smart-lab/auth/token";
    const assertion = await signClientAssertion(service, tokenUrl);
    const token = await requestClientCredentials(page, tokenUrl, assertion, "system/Observation.rs");
    expect(token.status).toBe(200);
    expect(token.body.token_type).toBe("Bearer");
    expect(token.body.scope).toBe("system/Observation.rs");

    // The system token reads observations of every patient.
    const search = await page.evaluate(async (accessToken) => {
      const res = await fetch("/smart-lab/fhir/Observation?_count=5", {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      return { status: res.status, body: await res.json() };
    }, token.body.access_token);
    expect(search.status).toBe(200);
    expect(search.body.total).toBeGreaterThan(5);

    // Replaying the same assertion (same jti) is refused.
    const replay = await requestClientCredentials(page, tokenUrl, assertion, "system/Observation.rs");
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe("invalid_client");
  });
});

test.describe("authorize-post", () => {
  test("a form POST to the authorize endpoint lands on the consent flow and ends with a code", async ({ page }) => {
    await page.goto("");
    await waitForLab(page);
    const fields = {
      response_type: "code",
      client_id: "lab-public-app",
      redirect_uri: "http://127.0.0.1:4173/smart-lab/sample-app/callback",
      scope: "launch/patient patient/Patient.r",
      state: "posted-state",
      aud: "http://127.0.0.1:4173/smart-lab/fhir",
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
    };
    await page.evaluate((values) => {
      const form = document.createElement("form");
      form.method = "post";
      form.action = "/smart-lab/auth/authorize";
      for (const [name, value] of Object.entries(values)) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    }, fields);
    await expect(page).toHaveURL(/\/smart-lab\/auth\/authorize\?interaction_id=/);
    await signIn(page, "Amy Shaw");
    // The redirect's own URL: the sample app (fhirclient) removes code and state from the address bar soon after.
    const callback = page.waitForRequest((request) => /\/sample-app\/callback\?/.test(request.url()));
    await page.getByRole("button", { name: "Accept" }).click();
    const url = new URL((await callback).url());
    expect(url.searchParams.get("state")).toBe("posted-state");
    expect(url.searchParams.get("code")).toBeTruthy();
  });
});
