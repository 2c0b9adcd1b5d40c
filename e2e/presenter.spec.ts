import { readFile } from "node:fs/promises";
import { expect } from "@playwright/test";
import { readFrontmatter } from "../scripts/lab-catalog.ts";
import { readLessonFrontmatter } from "../src/features/labs/lesson-frontmatter.ts";
import { expectNoAxeViolations, press, reachLessonTools, saveScreenshot, test, waitForLab } from "./lab-fixtures.ts";

const root = new URL("..", import.meta.url).pathname;

async function notesOf(file: string) {
  return readLessonFrontmatter(readFrontmatter(await readFile(`${root}${file}`, "utf8"))).frontmatter.notes;
}

test.describe("presenter and self-study", () => {
  test("the presenter view follows the projected window and moves it; clicker keys; blank; notes only there", async ({
    page,
    context,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto("labs/understanding-oauth-and-identity-providers/pkce");
    await waitForLab(page);
    const notes = await notesOf("labs/03-understanding-oauth-and-identity-providers/03-pkce.mdx");
    expect(notes.length).toBeGreaterThan(20);
    // Speaker notes are never shown in the normal view.
    await expect(page.locator("main")).not.toContainText(notes.slice(0, 40));

    await press(page.getByRole("button", { name: "Presenter mode" }));
    const presenterWindow = context.waitForEvent("page");
    await press(page.getByRole("button", { name: "Open presenter view" }));
    const presenter = await presenterWindow;
    await presenter.waitForLoadState();
    await expect(presenter.getByRole("heading", { level: 1 })).toHaveText("PKCE and why public clients need it", {
      timeout: 20_000,
    });
    await expect(presenter.locator(".presenter-notes")).toContainText(notes.slice(0, 40));
    // The notes' `backticks` are shown as code, not as literal backticks.
    await expect(presenter.locator(".presenter-notes code", { hasText: "invalid_request" })).toBeVisible();
    await expect(presenter.locator(".presenter-notes")).not.toContainText("`");
    await expect(presenter.locator(".presenter-slot")).toContainText(
      /Understanding OAuth 2\.0 and Identity Providers: \d+ of 30 min/,
    );
    await expect(presenter.locator(".presenter-next")).toContainText("Next:");
    await saveScreenshot(presenter, "presenter-view");

    // The clicker (PageDown) in the projected window moves through the sections: the presenter view follows.
    await page.locator("#step-title").focus();
    await page.keyboard.press("PageDown");
    await expect(presenter.getByText(/Section 1 of \d+/)).toBeVisible();
    await page.keyboard.press("PageDown");
    await expect(presenter.getByText(/Section 2 of \d+/)).toBeVisible();

    // B blanks the projected screen (the presenter view says so); B again shows it.
    await page.keyboard.press("b");
    await expect(page.locator(".presenter-blank")).toBeVisible();
    await expect(presenter.getByText("the projected screen is blank")).toBeVisible();
    await page.keyboard.press("b");
    await expect(page.locator(".presenter-blank")).toHaveCount(0);

    // The presenter view moves the projected window, to the next step in the end.
    const sections = Number(
      /Section \d+ of (\d+)/.exec((await presenter.getByText(/Section \d+ of \d+/).textContent()) ?? "")?.[1],
    );
    expect(sections).toBeGreaterThan(2);
    for (let i = 0; i < sections; i++) await press(presenter.getByRole("button", { name: "Next →" }));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tokens, OpenID Connect and JWTs", {
      timeout: 10_000,
    });
    await expect(presenter.getByRole("heading", { level: 1 })).toHaveText("Tokens, OpenID Connect and JWTs");

    // ? lists the keys; Esc closes the list, Esc again leaves presenter mode. Closing the presenter view is harmless.
    await page.locator("#step-title").focus();
    await page.keyboard.press("?");
    await expect(page.getByRole("dialog", { name: "Presenter keys" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog", { name: "Presenter keys" })).toBeHidden();
    await presenter.close();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("button", { name: "Presenter mode" })).toHaveAttribute("aria-pressed", "false");
  });

  test("presenter mode at 1280×720: no horizontal scroll and no text under 20 px", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    for (const path of ["labs/deep-dive-into-smart/oauth2-scopes", "labs/understanding-fhir/search"]) {
      await page.goto(path);
      await waitForLab(page);
      if ((await page.getByRole("button", { name: "Presenter mode" }).getAttribute("aria-pressed")) !== "true")
        await press(page.getByRole("button", { name: "Presenter mode" }));
      // Every tool on the step mounted (they load as the reader nears them), so their text is measured too.
      await reachLessonTools(page);
      await expect(page.locator(".lesson [role='status']").filter({ hasText: /^(Loading|Starting)/ })).toHaveCount(0, {
        timeout: 20_000,
      });
      const small = await page.evaluate(() =>
        [...document.querySelectorAll("main *")]
          .filter((element) => {
            if (element.closest("svg, .monaco-editor, .visually-hidden")) return false;
            const hasText = [...element.childNodes].some(
              (n) => n.nodeType === 3 && (n.textContent ?? "").trim() !== "",
            );
            if (!hasText || (element as HTMLElement).offsetParent === null) return false;
            return Number.parseFloat(getComputedStyle(element).fontSize) < 20;
          })
          .map(
            (element) => `${element.tagName.toLowerCase()}.${element.className}: ${getComputedStyle(element).fontSize}`,
          ),
      );
      expect(small).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
    }
    // Esc in the search closes the search, and only it: presenter mode stays on.
    await page.locator("#step-title").focus();
    await page.keyboard.press("/");
    await expect(page.getByRole("dialog", { name: "Search the lessons and the glossary" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog", { name: "Search the lessons and the glossary" })).toBeHidden();
    await expect(page.getByRole("button", { name: "Presenter mode" })).toHaveAttribute("aria-pressed", "true");
  });

  test("search from the keyboard: / opens it, the matching sentence shows, ↓ and Enter open the step", async ({
    page,
  }) => {
    await page.goto("");
    await waitForLab(page);
    await expect(page.getByRole("button", { name: "Search /" })).toBeVisible();
    await page.keyboard.press("/");
    const dialog = page.getByRole("dialog", { name: "Search the lessons and the glossary" });
    await expect(dialog).toBeVisible();
    await page.keyboard.type("code verifier");
    const results = dialog.getByRole("list", { name: "Results" });
    await expect(results.getByRole("link").first()).toBeVisible();
    await expect(results.locator("mark").first()).toBeVisible();
    await dialog.getByLabel("Search for").press("ArrowDown");
    await expect(results.getByRole("link").first()).toBeFocused();
    await saveScreenshot(page, "search");
    await expectNoAxeViolations(page);
    const target = await results.getByRole("link").first().getAttribute("href");
    await page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();
    expect(new URL(page.url()).pathname).toBe(target?.split("#")[0]);
  });

  test("the glossary: a term's definition on focus, the glossary page links back; the cheat sheet prints alone", async ({
    page,
  }) => {
    await page.goto("labs/understanding-oauth-and-identity-providers/pkce");
    await waitForLab(page);
    const term = page.locator(".term-link").first();
    await term.focus();
    await expect(page.getByRole("tooltip").first()).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("tooltip").first()).toBeHidden();
    await press(term);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Glossary");
    await expect(page.locator("dt:focus")).toHaveCount(1);
    await expectNoAxeViolations(page);

    await page.goto("cheat-sheet");
    await waitForLab(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("SMART on FHIR cheat sheet");
    await expectNoAxeViolations(page);
    await page.emulateMedia({ media: "print" });
    await expect(page.locator(".topbar")).toBeHidden();
    await expect(page.locator(".sidebar")).toBeHidden();
    await expect(page.getByRole("table").first()).toBeVisible();
    await saveScreenshot(page, "cheat-sheet-print", { fullPage: true });
  });
});
