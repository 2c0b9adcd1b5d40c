import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createProcessor } from "@mdx-js/mdx";
import MiniSearch from "minisearch";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import type { GlossaryEntry } from "../src/features/glossary/glossary-entry.ts";
import type { LabCatalog } from "../src/features/labs/lab-catalog-types.ts";
import { SEARCH_OPTIONS, type SearchDocument } from "../src/features/search/search-document.ts";

interface MdNode {
  type: string;
  depth?: number;
  value?: string;
  children?: MdNode[];
}

/** The words of a node as a reader sees them: text and inline code, no code blocks, no component markup. */
function textOf(node: MdNode): string {
  if (node.type === "text" || node.type === "inlineCode") return node.value ?? "";
  if (node.type === "code" || node.type === "yaml" || node.type === "mdxjsEsm" || node.type === "mdxFlowExpression")
    return "";
  return (node.children ?? []).map(textOf).join(node.type === "paragraph" || node.type === "heading" ? "" : " ");
}

/**
 * One search document per section of a step (its `##` heading and the text under it; the step's title for the text
 * before the first heading), so a hit links to the section and shows its sentence.
 */
export function sectionsOf(source: string, path: string, title: string): SearchDocument[] {
  const tree = createProcessor({ remarkPlugins: [remarkFrontmatter, remarkGfm] }).parse(source) as MdNode;
  const documents: SearchDocument[] = [];
  let current: SearchDocument = { id: path, path, title, heading: "", text: "" };
  for (const node of tree.children ?? []) {
    if (node.type === "heading" && node.depth === 2) {
      if (current.text.trim()) documents.push(current);
      const heading = textOf(node).trim();
      current = { id: `${path}#${documents.length}`, path, title, heading, text: "" };
      continue;
    }
    const text = textOf(node).replace(/\s+/g, " ").trim();
    if (text) current.text += `${current.text ? " " : ""}${text}`;
  }
  if (current.text.trim()) documents.push(current);
  return documents;
}

/**
 * The search index of every lesson and glossary term, built at build time with MiniSearch and serialised: the
 * browser loads it, and MiniSearch, only when the learner opens the search.
 */
export async function buildSearchIndex(labsDir: string, catalog: LabCatalog, glossary: readonly GlossaryEntry[]) {
  const documents: SearchDocument[] = [];
  for (const session of catalog) {
    for (const step of session.steps) {
      const source = await readFile(join(labsDir, "..", step.file), "utf8");
      documents.push(...sectionsOf(source, `/labs/${session.slug}/${step.slug}`, step.title));
    }
  }
  for (const entry of glossary) {
    documents.push({
      id: `/glossary#term-${entry.id}`,
      path: `/glossary#term-${entry.id}`,
      title: `Glossary: ${entry.term}`,
      heading: "",
      text: entry.definition,
    });
  }
  const index = new MiniSearch<SearchDocument>(SEARCH_OPTIONS);
  index.addAll(documents);
  return JSON.stringify(index);
}
