import type { Page } from "@playwright/test";
import { registerBackendService, requestClientCredentials, signClientAssertion } from "./backend-service.ts";
import { expect, expectNoAxeViolations, saveScreenshot, test, waitForLab } from "./lab-fixtures.ts";

const ORIGIN = "http://127.0.0.1:4173";
const SECURED_BASE = `${ORIGIN}/smart-lab/fhir`;

async function openExplorer(page: Page) {
  await page.goto("fhir-explorer");
  await waitForLab(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("FHIR explorer");
}

/** Types a GET path into the request builder and sends it. */
async function sendGet(page: Page, path: string) {
  await page.getByLabel("Method").selectOption("GET");
  await page.getByLabel("Path and query").fill(path);
  await page.getByRole("button", { name: "Send", exact: true }).click();
}

/**
 * Reloads once the mock worker's own update check is over. MSW's start() calls `registration.update()` without
 * awaiting or catching it; a reload while that update is in flight can reject it ("Failed to update a
 * ServiceWorker … Not found") as an unhandled rejection, which the fixture rightly counts as a page error.
 * Calling update() again joins the pending update job, so awaiting it waits for MSW's.
 */
async function settleWorkerUpdate(page: Page) {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration?.update().catch(() => undefined);
  });
}

async function reloadLab(page: Page) {
  await settleWorkerUpdate(page);
  await page.reload();
  await waitForLab(page);
}

function statusLine(page: Page) {
  return page.getByTestId("status-line");
}

/** The Type/id cells of the results table, in order. */
async function resultReferences(page: Page): Promise<string[]> {
  return page.getByRole("table", { name: "Bundle entries" }).locator("tbody tr td:first-child").allInnerTexts();
}

test.describe("FHIR explorer", () => {
  test("open mode: search shows results and the open-mode mark; next and previous pages follow the Bundle links", async ({
    page,
  }) => {
    await openExplorer(page);
    const openNotes = page.getByRole("note", { name: "Open mode" });
    await expect(openNotes).toHaveCount(1);
    await expect(openNotes).toContainText("no authorization");

    await sendGet(page, "Patient?_count=3");
    await expect(statusLine(page)).toContainText("HTTP 200 OK");
    // The request builder's mark and the response's (X-Lab-Mode: open).
    await expect(openNotes).toHaveCount(2);
    await expect(openNotes.nth(1)).toContainText("X-Lab-Mode: open");
    await expect(page.getByText(/Bundle searchset · total \d+ · 3 matches on this page/)).toBeVisible();
    const firstPage = await resultReferences(page);
    expect(firstPage).toHaveLength(3);
    expect(firstPage[0]).toMatch(/^Patient\//);

    await page.getByRole("button", { name: "Next page" }).click();
    await expect(page.getByLabel("Path and query")).toHaveValue(/_offset=3/);
    await expect(statusLine(page)).toContainText("HTTP 200 OK");
    await expect.poll(() => resultReferences(page)).not.toEqual(firstPage);
    const secondPage = await resultReferences(page);
    expect(secondPage.length).toBeGreaterThan(0);
    expect(secondPage.filter((reference) => firstPage.includes(reference))).toEqual([]);

    await page.getByRole("button", { name: "Previous page" }).click();
    await expect(page.getByLabel("Path and query")).not.toHaveValue(/_offset=3/);
    await expect.poll(() => resultReferences(page)).toEqual(firstPage);

    // Each exchange is in the page's history; choosing one shows it again.
    const history = page.getByRole("region", { name: "History" }).getByRole("listitem");
    await expect(history).toHaveCount(3);
    await page.getByRole("button", { name: /^#2 GET open\/Patient\?.*_offset=3.* → 200$/ }).click();
    await expect.poll(() => resultReferences(page)).toEqual(secondPage);
  });

  test("a hostile narrative is rendered sanitised: no script runs, no handler, no request elsewhere", async ({
    page,
  }) => {
    await openExplorer(page);
    const hostileDiv =
      '<div xmlns="http://www.w3.org/1999/xhtml"><p>Eve Mallory, safe narrative text</p>' +
      "<script>window.__xss=1</script>" +
      '<img src=x onerror="window.__xss=2">' +
      '<img src="https://evil.example/pixel.png" alt="tracking pixel">' +
      '<p style="color: #1b1f24; background-image: url(https://evil.example/bg.png)">Styled line</p>' +
      '<a href="javascript:window.__xss=3">click me</a>' +
      '<p onmouseover="window.__xss=4" id="name">Hover line</p></div>';
    const created = await page.evaluate(async (div) => {
      const response = await fetch("/smart-lab/open/fhir/Patient", {
        method: "POST",
        headers: { "content-type": "application/fhir+json" },
        body: JSON.stringify({
          resourceType: "Patient",
          name: [{ given: ["Eve"], family: "Mallory" }],
          text: { status: "additional", div },
        }),
      });
      return { status: response.status, id: ((await response.json()) as { id: string }).id };
    }, hostileDiv);
    expect(created.status).toBe(201);

    await sendGet(page, `Patient/${created.id}`);
    await expect(statusLine(page)).toContainText("HTTP 200 OK");
    const narrative = page.getByRole("region", { name: `Narrative of Patient/${created.id}` });
    await expect(narrative).toContainText("Eve Mallory, safe narrative text");
    await expect(narrative).toContainText("Styled line");
    await expect(narrative).toContainText("[image not loaded: tracking pixel]");
    await narrative.getByText("Hover line").hover();
    await narrative.getByText("click me").click();

    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    await expect(narrative.locator("script")).toHaveCount(0);
    await expect(narrative.locator("[onerror]")).toHaveCount(0);
    await expect(narrative.locator("img")).toHaveCount(0);
    const attributes = await narrative.evaluate((element) =>
      [...element.querySelectorAll("*")].flatMap((node) =>
        [...node.attributes].map((attribute) => `${attribute.name}=${attribute.value}`),
      ),
    );
    expect(attributes.filter((attribute) => /^on/i.test(attribute))).toEqual([]);
    expect(attributes.filter((attribute) => /javascript:|url\(|evil\.example/i.test(attribute))).toEqual([]);
    // Ids are namespaced, so a narrative cannot clobber the page's globals (window.name).
    expect(attributes).toContain("id=user-content-name");
    // The JSON view shows the stored markup as text: the server keeps what it was sent, the UI made it safe.
    await expect(page.locator(".resource-view .json-view")).toContainText("<script>window.__xss=1</script>");
    // The fixture fails the test if any request (the pixel, the background) left the origin.
  });

  test("learner changes persist across reloads until Reset lab restores the original data set", async ({ page }) => {
    await openExplorer(page);
    await page.getByRole("button", { name: "Template: create an Observation" }).click();
    await expect(page.getByLabel("Method")).toHaveValue("POST");
    await expect(page.getByLabel("Request body (JSON)")).toBeFocused();
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect(statusLine(page)).toContainText("HTTP 201 Created");
    const reference = ((await page.locator(".resource-view h3").textContent()) ?? "").trim();
    expect(reference).toMatch(/^Observation\/[A-Za-z0-9.-]+$/);
    await expect(page.getByTestId("version-id")).toHaveText("1");

    await reloadLab(page);
    await sendGet(page, reference);
    await expect(statusLine(page)).toContainText("HTTP 200 OK");
    await expect(page.getByTestId("version-id")).toHaveText("1");

    await page.getByRole("button", { name: "Edit as PUT" }).click();
    await expect(page.getByLabel("Method")).toHaveValue("PUT");
    const body = page.getByLabel("Request body (JSON)");
    await expect(body).toBeFocused();
    const resource = JSON.parse(await body.inputValue()) as { valueQuantity: { value: number } };
    resource.valueQuantity.value = 70.4;
    await body.fill(JSON.stringify(resource, null, 2));
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect(statusLine(page)).toContainText("HTTP 200 OK");
    await expect(page.getByTestId("version-id")).toHaveText("2");

    await reloadLab(page);
    await sendGet(page, reference);
    await expect(statusLine(page)).toContainText("HTTP 200 OK");
    await expect(page.getByTestId("version-id")).toHaveText("2");
    await expect(page.locator(".resource-view .json-view")).toContainText("70.4");

    await settleWorkerUpdate(page);
    await page.getByRole("button", { name: "Reset lab" }).click();
    const dialog = page.getByRole("dialog", { name: "Reset the lab?" });
    await expect(dialog).toBeVisible();
    await Promise.all([page.waitForEvent("load"), dialog.getByRole("button", { name: "Reset everything" }).click()]);
    await waitForLab(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("FHIR explorer");

    await sendGet(page, reference);
    await expect(statusLine(page)).toContainText("HTTP 404 Not Found");
    const issues = page.getByRole("table", { name: "Issues reported by the server" });
    await expect(issues).toBeVisible();
    await expect(issues).toContainText("error");
    await expect(issues).toContainText("not-found");

    await sendGet(page, "Patient/smart-1");
    await expect(statusLine(page)).toContainText("HTTP 200 OK");
    await expect(page.getByRole("region", { name: "Narrative of Patient/smart-1" })).toContainText("Amy Shaw");
  });

  test("secured mode without a token: 401 with the WWW-Authenticate challenge shown", async ({ page }) => {
    await openExplorer(page);
    await page.getByRole("radio", { name: /^Secured/ }).check();
    await expect(page.getByRole("note", { name: "Open mode" })).toHaveCount(0);
    await expect(page.getByRole("textbox", { name: "Access token" })).toHaveValue("");
    await sendGet(page, "Patient?name=shaw");
    await expect(statusLine(page)).toContainText("HTTP 401 Unauthorized");
    const challenge = page.getByRole("region", { name: "401: authorization required" });
    await expect(challenge).toContainText(`WWW-Authenticate: Bearer realm="${SECURED_BASE}"`);
    await expect(challenge).toContainText("no access token");
    await expect(page.getByRole("note", { name: "Open mode" })).toHaveCount(0);
    await expect(page.getByRole("table", { name: "Issues reported by the server" })).toContainText("login");
  });

  test("secured mode with a granular token: each resource shown as returned or hidden, with reason and scope", async ({
    page,
  }) => {
    await openExplorer(page);
    // A backend service (RFC 7591 + client_credentials) gets a token for laboratory Observations only.
    const scope =
      "system/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory";
    const service = await registerBackendService(page, { name: "Explorer e2e backend", scope, kid: "explorer-e2e" });
    expect(service.registrationStatus).toBe(201);
    const tokenUrl = `${ORIGIN}/smart-lab/auth/token`;
    const token = await requestClientCredentials(page, tokenUrl, await signClientAssertion(service, tokenUrl), scope);
    expect(token.status).toBe(200);

    await page.getByRole("radio", { name: /^Secured/ }).check();
    await page.getByRole("textbox", { name: "Access token" }).fill(token.body.access_token);
    await sendGet(page, "Observation?patient=smart-1&_count=5");
    await expect(statusLine(page)).toContainText("HTTP 200 OK");
    const decisions = page.getByRole("region", { name: "Scope-filtered results" });
    await expect(decisions).toContainText(token.body.scope);
    const table = decisions.getByRole("table", { name: "Scope decision per resource" });
    const returned = table.locator('tr[data-verdict="returned"]');
    const hidden = table.locator('tr[data-verdict="hidden"]');
    await expect(returned).toHaveCount(5);
    expect(await hidden.count()).toBeGreaterThan(0);
    await expect(returned.first()).toContainText(token.body.scope);
    await expect(hidden.first()).toContainText(/category|laboratory/);
    // The returned resources are exactly the page's matches.
    const returnedReferences = await returned.locator("th").allInnerTexts();
    expect(returnedReferences).toEqual(await resultReferences(page).then((refs) => refs.slice(0, 5)));
    await expectNoAxeViolations(page);
    await decisions.getByLabel("Show").selectOption("hidden");
    await expect(returned).toHaveCount(0);

    // Without the lab's explanation the answer is what an app gets: nothing about what was hidden.
    await page.getByRole("checkbox", { name: "Explain hidden resources (lab only)" }).uncheck();
    await sendGet(page, "Observation?patient=smart-1&_count=5");
    await expect(statusLine(page)).toContainText("HTTP 200 OK");
    await expect(decisions).toContainText("hidden: not reported");
    await expect(table.locator('tr[data-verdict="hidden"]')).toHaveCount(0);
    await expect(table.locator('tr[data-verdict="returned"]')).toHaveCount(5);
  });

  test("with DevTools' Bypass for network on, an answer from the web host says the service worker was bypassed", async ({
    page,
    context,
  }) => {
    await openExplorer(page);
    // What the checkbox in DevTools' Application panel does: the page's requests skip its service worker.
    const devtools = await context.newCDPSession(page);
    await devtools.send("Network.enable");
    await devtools.send("Network.setBypassServiceWorker", { bypass: true });
    await sendGet(page, "Patient?name=shaw");
    await expect(statusLine(page)).toContainText("HTTP 404");
    const alert = page.getByTestId("web-host-answer");
    await expect(alert).toHaveAttribute("role", "alert");
    await expect(alert).toContainText("not the lab's FHIR server's");
    await expect(alert).toContainText('"Bypass for network"');
    await expectNoAxeViolations(page);
    await saveScreenshot(page.locator(".explorer-response"), "explorer-web-host-answer");

    // The lab's own answers never carry the warning.
    await devtools.send("Network.setBypassServiceWorker", { bypass: false });
    await sendGet(page, "Patient?name=shaw");
    await expect(statusLine(page)).toContainText("HTTP 200 OK");
    await expect(alert).toHaveCount(0);
  });

  for (const theme of ["light", "dark"] as const) {
    test(`no axe violations with results, a resource and an error shown (${theme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
      await openExplorer(page);
      await page.getByRole("button", { name: "_revinclude conditions" }).click();
      await expect(statusLine(page)).toContainText("HTTP 200 OK");
      await expect(page.getByRole("table", { name: "Bundle entries" })).toBeVisible();
      await expectNoAxeViolations(page);

      await page.getByRole("button", { name: "Patient/smart-1", exact: true }).click();
      await expect(page.getByRole("region", { name: "Narrative of Patient/smart-1" })).toBeVisible();
      await expectNoAxeViolations(page);

      await page.getByRole("radio", { name: /^Secured/ }).check();
      await sendGet(page, "Observation?patient=smart-1");
      await expect(page.getByRole("region", { name: "401: authorization required" })).toBeVisible();
      await expectNoAxeViolations(page);
    });
  }
});
