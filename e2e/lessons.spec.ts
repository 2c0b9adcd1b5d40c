import { readFile } from "node:fs/promises";
import { expect, type Page } from "@playwright/test";
import { readFrontmatter, readLabCatalog } from "../scripts/lab-catalog.ts";
import { readLessonFrontmatter } from "../src/features/labs/lesson-frontmatter.ts";
import { expectNoAxeViolations, press, reachLessonTools, saveScreenshot, test, waitForLab } from "./lab-fixtures.ts";

const root = new URL("..", import.meta.url).pathname;
const { catalog } = await readLabCatalog(`${root}labs`);
const steps = catalog.flatMap((session) => session.steps.map((step) => ({ session, step })));

/** The step's lesson with every embedded tool loaded (no "Loading …" placeholder left). */
async function openStep(page: Page, path: string) {
  await page.goto(path);
  await waitForLab(page);
  await reachLessonTools(page);
  await expect(page.locator(".lesson [role='status']").filter({ hasText: /^(Loading|Starting)/ })).toHaveCount(0, {
    timeout: 20_000,
  });
}

async function checkOf(file: string) {
  return readLessonFrontmatter(readFrontmatter(await readFile(`${root}${file.slice(1)}`, "utf8"))).frontmatter.check;
}

test.describe("lessons", () => {
  // Split in three so the workers share the ~40 steps.
  for (const part of [0, 1, 2]) {
    test(`every step has no axe violations, with its runnable element loaded (part ${part + 1} of 3)`, async ({
      page,
    }) => {
      test.setTimeout(240_000);
      for (const [index, { session, step }] of steps.entries()) {
        if (index % 3 !== part) continue;
        await openStep(page, `labs/${session.slug}/${step.slug}`);
        await expect(page.getByRole("heading", { name: "In this step you will" })).toBeVisible();
        await expect(page.getByRole("heading", { name: "Check yourself" })).toBeVisible();
        await expect(page.getByRole("heading", { name: "What you learned" })).toBeVisible();
        await expect(page.locator(".lesson-tool, .scope-editor").first()).toBeVisible();
        await expectNoAxeViolations(page);
      }
    });
  }

  test("a whole session from the keyboard: read, run its element, pass every self-check, the agenda marks it done", async ({
    page,
  }) => {
    const session = catalog.find((candidate) => candidate.slug === "understanding-fhir");
    if (!session) throw new Error("no Understanding FHIR session");
    for (const step of session.steps) {
      await openStep(page, `labs/${session.slug}/${step.slug}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(step.title);

      // Run the step's prepared request in the embedded FHIR explorer.
      const explorer = page.getByRole("region", { name: "FHIR explorer" }).first();
      await press(explorer.getByRole("button", { name: /^Send/ }));
      await expect(explorer.getByText(/^HTTP \d{3}/).first()).toBeVisible();

      // A wrong answer first: marked, and every option explained.
      const check = page.getByRole("region", { name: "Check yourself" });
      const questions = await checkOf(step.file);
      const first = questions[0];
      if (!first) throw new Error(`${step.file} has no self-check`);
      const wrong = first.options.findIndex((option) => !option.correct);
      const groups = check.getByRole("group");
      await press(groups.nth(0).getByRole("radio").nth(wrong), "Space");
      await press(check.getByRole("button", { name: "Check my answers" }));
      await expect(groups.nth(0)).toContainText("Not quite");
      await expect(groups.nth(0).locator(".self-check-explanations li")).toHaveCount(first.options.length);

      // Then every right answer, chosen from the keyboard: the check passes.
      for (const [index, question] of questions.entries()) {
        const right = question.options.findIndex((option) => option.correct);
        await press(groups.nth(index).getByRole("radio").nth(right), "Space");
      }
      await press(check.getByRole("button", { name: "Check my answers" }));
      await expect(check.getByText(/check passed, the step is marked done/)).toBeVisible();
      await expect(
        page
          .getByRole("navigation", { name: "Workshop agenda" })
          .getByRole("link", { name: `${step.title} (completed)` }),
      ).toBeVisible();
    }
    await expect(page.getByRole("navigation", { name: "Workshop agenda" })).toContainText(
      `${session.steps.length} of ${session.steps.length} steps completed`,
    );
  });

  test("Tab reaches a tool far down a lesson (it loads ahead of the reader) before the self-check after it", async ({
    page,
  }) => {
    await page.goto("labs/deep-dive-into-smart/oauth2-scopes");
    await waitForLab(page);
    await page.getByRole("heading", { level: 1 }).focus();
    let reached = "";
    for (let i = 0; i < 300 && !reached; i++) {
      // At a brisk reader's pace, not a machine's: a tool a reader nears has a moment to mount.
      await page.waitForTimeout(40);
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => {
        const active = document.activeElement;
        if (active?.closest(".lesson-tool")) return "tool";
        if (active?.closest(".self-check")) return "check";
        return "";
      });
    }
    expect(reached).toBe("tool");
  });

  test("screenshots of three steps (light, dark, presenter)", async ({ page }) => {
    const shots: [string, "light" | "dark", boolean][] = [
      ["labs/introduction-to-smart-on-fhir/the-problem-and-the-idea", "light", false],
      ["labs/deep-dive-into-smart/launch-contexts", "dark", false],
      ["labs/understanding-oauth-and-identity-providers/pkce", "light", true],
    ];
    for (const [path, theme, presenter] of shots) {
      await page.emulateMedia({ colorScheme: theme });
      await page.setViewportSize({ width: 1280, height: 720 });
      await openStep(page, path);
      if (presenter) await press(page.getByRole("button", { name: "Presenter mode" }));
      await page.locator(".lesson-diagram, .lesson-tool").first().scrollIntoViewIfNeeded();
      await saveScreenshot(page, `lesson-${path.split("/").at(-1)}-${theme}${presenter ? "-presenter" : ""}`);
      if (presenter) await press(page.getByRole("button", { name: /presenter mode/i }));
    }
  });
});
