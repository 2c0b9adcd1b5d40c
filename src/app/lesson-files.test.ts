import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { compile, createProcessor } from "@mdx-js/mdx";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkMdxFrontmatter from "remark-mdx-frontmatter";
import { describe, expect, it } from "vitest";
import { readFrontmatter, readGlossary, readLabCatalog } from "../../scripts/lab-catalog.ts";
import { readLessonFrontmatter } from "../features/labs/lesson-frontmatter.ts";
import { LAB_TOOLS } from "../lib/app-paths.ts";
import { lessonComponents } from "./lesson-components.tsx";
import { LESSON_DIAGRAMS } from "./lesson-diagram.tsx";

const labsDir = fileURLToPath(new URL("../../labs", import.meta.url));
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const { catalog, breaks, problems } = await readLabCatalog(labsDir);
const glossary = await readGlossary(labsDir, catalog);
const remarkPlugins = [remarkFrontmatter, remarkMdxFrontmatter, remarkGfm];

interface MdNode {
  type: string;
  name?: string | null;
  url?: string;
  value?: string;
  depth?: number;
  children?: MdNode[];
  position?: { start: { line: number } };
}

function walk(node: MdNode, visit: (node: MdNode) => void) {
  visit(node);
  for (const child of node.children ?? []) walk(child, visit);
}

/** Pages a lesson may link to: the lab tools and every step. */
const appPaths = new Set([
  "/",
  "/glossary",
  ...LAB_TOOLS.map((tool) => tool.path),
  ...catalog.flatMap((session) => session.steps.map((step) => `/labs/${session.slug}/${step.slug}`)),
]);

/** The workshop deck's agenda (../shared/workshop): every session, in order, at its time, for its length. */
const agenda = [
  { title: "Welcome", time: "09:00", minutes: 20 },
  { title: "Introduction to SMART on FHIR", time: "09:20", minutes: 30 },
  { title: "Understanding FHIR", time: "09:50", minutes: 30 },
  { title: "Understanding OAuth 2.0 and Identity Providers", time: "10:20", minutes: 30 },
  { title: "Deep Dive into SMART", time: "11:10", minutes: 60 },
  { title: "Hands-on: Building a SMART App & Setting-up OAuth", time: "13:00", minutes: 90 },
  { title: "Hands-on: Integrating with FHIR Server", time: "15:00", minutes: 90 },
  { title: "Q&A and Closing Remarks", time: "16:30", minutes: 30 },
];
const deckBreaks = [
  { time: "10:50", minutes: 20 },
  { time: "12:10", minutes: 50 },
  { time: "14:30", minutes: 30 },
];

/** The teaching components that are something to run (not text decoration). */
const RUNNABLE = new Set([
  "FlowVisualizer",
  "JwtInspector",
  "ScopePlayground",
  "ScopeEditor",
  "FhirExplorer",
  "Workbench",
]);
/** The most words of prose a step may have (code, tables of code and the frontmatter not counted). */
const MAX_WORDS = 900;

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

describe("labs/", () => {
  it("has a valid structure (numbered folders, session.yaml, titled steps)", () => {
    expect(problems).toEqual([]);
  });

  it("follows the workshop agenda: titles, order, times and lengths, with the deck's breaks", () => {
    expect(catalog.map(({ title, time, minutes }) => ({ title, time, minutes }))).toEqual(agenda);
    expect(breaks.map(({ time, minutes }) => ({ time, minutes }))).toEqual(deckBreaks);
    // Sessions and breaks fill the day from 09:00 to 17:00 without a gap or an overlap.
    const day = [...catalog, ...breaks].sort((a, b) => a.time.localeCompare(b.time));
    let clock = minutes("09:00");
    for (const slot of day) {
      expect(minutes(slot.time), `${slot.time} starts when the slot before it ends`).toBe(clock);
      clock += slot.minutes;
    }
    expect(clock).toBe(minutes("17:00"));
  });

  it("the Deep Dive has the deck's four topics, in order", () => {
    const deepDive = catalog.find((s) => s.title === "Deep Dive into SMART");
    const titles = deepDive?.steps.map((step) => step.title.toLowerCase()) ?? [];
    const topics = [/scopes/, /launch context/, /token/, /workflow/];
    let at = 0;
    for (const topic of topics) {
      const found = titles.findIndex((title, index) => index >= at && topic.test(title));
      expect(found, `a Deep Dive step about ${topic}`).toBeGreaterThanOrEqual(at);
      at = found + 1;
    }
  });

  it("the cheat sheet compiles and links only to pages that exist", async () => {
    const source = await readFile(`${repoRoot}labs/cheat-sheet.mdx`, "utf8");
    await expect(compile(source, { remarkPlugins })).resolves.toBeDefined();
    const links: string[] = [];
    walk(createProcessor({ remarkPlugins }).parse(source) as MdNode, (node) => {
      if (node.type === "link" && node.url?.startsWith("/")) links.push(node.url.split(/[?#]/)[0] ?? "");
    });
    expect(links.filter((link) => !appPaths.has(link))).toEqual([]);
  });

  it("has a valid glossary, and every term a lesson uses is in it", () => {
    expect(glossary.problems).toEqual([]);
    expect(glossary.glossary.length).toBeGreaterThanOrEqual(30);
  });

  for (const session of catalog) {
    for (const step of session.steps) {
      describe(step.file, () => {
        it("compiles, embeds only known teaching components and loads nothing from elsewhere", async () => {
          const source = await readFile(`${repoRoot}${step.file}`, "utf8");
          await expect(compile(source, { remarkPlugins })).resolves.toBeDefined();
          const tree = createProcessor({ remarkPlugins }).parse(source) as MdNode;
          const issues: string[] = [];
          let paragraphs = 0;
          let words = 0;
          const runnable: string[] = [];
          walk(tree, (node) => {
            const line = node.position?.start.line ?? "?";
            if (node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement") {
              const name = node.name ?? "<>";
              if (/^[A-Z]/.test(name) && !(name in lessonComponents))
                issues.push(`line ${line}: unknown component <${name}>`);
              if (RUNNABLE.has(name)) runnable.push(name);
              if (name === "Diagram") {
                const diagram = (node as { attributes?: { name?: string; value?: unknown }[] }).attributes?.find(
                  (attribute) => attribute.name === "name",
                )?.value;
                if (typeof diagram !== "string" || !LESSON_DIAGRAMS.includes(diagram))
                  issues.push(
                    `line ${line}: <Diagram name="${String(diagram)}"> is not one of ${LESSON_DIAGRAMS.join(", ")}`,
                  );
              }
            }
            if (node.type === "mdxjsEsm") issues.push(`line ${line}: lessons are content; no import/export`);
            if (node.type === "image" && node.url && /^[a-z]+:|^\/\//i.test(node.url))
              issues.push(`line ${line}: image from another origin (${node.url}); the lab must work offline`);
            if (node.type === "heading" && node.depth === 1)
              issues.push(`line ${line}: the step title is the page's only h1; start lesson headings at ##`);
            if (node.type === "link" && node.url?.startsWith("/") && !appPaths.has(node.url.split(/[?#]/)[0] ?? ""))
              issues.push(`line ${line}: link to ${node.url}, which is no page of the lab`);
            if (node.type === "table") {
              const header = node.children?.[0]?.children ?? [];
              if (header.some((cell) => !(cell.children ?? []).length))
                issues.push(`line ${line}: a table's header cells need text (screen readers announce them)`);
            }
            if (node.type === "paragraph") paragraphs++;
            if ((node.type === "text" || node.type === "inlineCode") && node.value)
              words += node.value.split(/\s+/).filter((word) => word !== "").length;
          });
          expect(issues).toEqual([]);
          expect(paragraphs, "a step needs real text").toBeGreaterThanOrEqual(2);
          expect(words, `at most ~${MAX_WORDS} words of prose: split the step`).toBeLessThanOrEqual(MAX_WORDS);
          expect(runnable, "something to run in the step").not.toEqual([]);
        });

        it("declares objectives, a self-check with one correct answer per question and explanations, and a summary", async () => {
          const source = await readFile(`${repoRoot}${step.file}`, "utf8");
          const { frontmatter, problems: frontmatterProblems } = readLessonFrontmatter(readFrontmatter(source));
          expect(frontmatterProblems).toEqual([]);
          expect(frontmatter.objectives.length).toBeGreaterThanOrEqual(2);
          expect(frontmatter.summary.length).toBeGreaterThanOrEqual(3);
          expect(frontmatter.check.length).toBeGreaterThanOrEqual(3);
          for (const question of frontmatter.check)
            expect(question.options.filter((option) => option.correct)).toHaveLength(1);
          // These strings are shown by InlineCodeText, which renders `code` and nothing else of Markdown.
          const shown = [
            ...frontmatter.objectives,
            ...frontmatter.summary,
            frontmatter.notes,
            ...frontmatter.check.flatMap((q) => [q.question, ...q.options.flatMap((o) => [o.text, o.why])]),
          ];
          for (const line of shown) {
            expect((line.match(/`/g) ?? []).length % 2, `unpaired backtick in: ${line}`).toBe(0);
            expect(line, "only `code` is rendered in frontmatter text").not.toMatch(/\*\*|\[[^\]]*\]\(/);
          }
        });
      });
    }
  }
});
