import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { compile, createProcessor } from "@mdx-js/mdx";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkMdxFrontmatter from "remark-mdx-frontmatter";
import { describe, expect, it } from "vitest";
import { readLabCatalog } from "../../scripts/lab-catalog.ts";
import { LAB_TOOLS } from "../lib/app-paths.ts";
import { lessonComponents } from "./lesson-components.tsx";

const labsDir = fileURLToPath(new URL("../../labs", import.meta.url));
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const { catalog, problems } = await readLabCatalog(labsDir);
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
  ...LAB_TOOLS.map((tool) => tool.path),
  ...catalog.flatMap((session) => session.steps.map((step) => `/labs/${session.slug}/${step.slug}`)),
]);

/** The agenda the workshop follows (issue #2): every session must exist, in this order. */
const agenda = [
  "Welcome",
  "Introduction to SMART on FHIR",
  "Understanding FHIR",
  "Understanding OAuth 2.0 and Identity Providers",
  "Deep Dive into SMART",
  "Hands-on: Building a SMART App & Setting-up OAuth",
  "Hands-on: Integrating with FHIR Server",
  "Q&A and recap",
];

describe("labs/", () => {
  it("has a valid structure (numbered folders, session.yaml, titled steps)", () => {
    expect(problems).toEqual([]);
  });

  it("follows the workshop agenda, in order, with increasing start times", () => {
    expect(catalog.map((s) => s.title)).toEqual(agenda);
    const times = catalog.map((s) => s.time);
    expect([...times].sort()).toEqual(times);
    expect(catalog.find((s) => s.title === "Deep Dive into SMART")?.steps).toHaveLength(4);
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
          walk(tree, (node) => {
            const line = node.position?.start.line ?? "?";
            if (node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement") {
              const name = node.name ?? "<>";
              if (/^[A-Z]/.test(name) && !(name in lessonComponents))
                issues.push(`line ${line}: unknown component <${name}>`);
            }
            if (node.type === "mdxjsEsm") issues.push(`line ${line}: lessons are content; no import/export`);
            if (node.type === "image" && node.url && /^[a-z]+:|^\/\//i.test(node.url))
              issues.push(`line ${line}: image from another origin (${node.url}); the lab must work offline`);
            if (node.type === "heading" && node.depth === 1)
              issues.push(`line ${line}: the step title is the page's only h1; start lesson headings at ##`);
            if (node.type === "link" && node.url?.startsWith("/") && !appPaths.has(node.url.split(/[?#]/)[0] ?? ""))
              issues.push(`line ${line}: link to ${node.url}, which is no page of the lab`);
            if (node.type === "paragraph") paragraphs++;
          });
          expect(issues).toEqual([]);
          expect(paragraphs, "a step needs real text").toBeGreaterThanOrEqual(2);
        });
      });
    }
  }
});
