import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { GlossaryEntry } from "../src/features/glossary/glossary-entry.ts";
import type { AgendaBreak, LabCatalog, LabSession, LabStep } from "../src/features/labs/lab-catalog-types.ts";
import { readLessonFrontmatter } from "../src/features/labs/lesson-frontmatter.ts";

/** A problem found in `labs/`, with the file it concerns. */
export interface LabCatalogProblem {
  file: string;
  message: string;
}

const NUMBERED = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;
const NUMBERED_STEP = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.mdx$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Reads the YAML frontmatter block at the top of an MDX file; `null` when there is none. */
export function readFrontmatter(source: string): Record<string, unknown> | null {
  const match = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(source);
  if (!match) return null;
  const data = parseYaml(match[1] ?? "");
  return data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string" && item.trim() !== "");
}

/**
 * Derives the agenda from the files in `labs/`: numbered session folders (`NN-slug/session.yaml`) holding
 * numbered step files (`NN-slug.mdx`). Returns the catalog plus every problem found, so the build and the
 * lesson test can both refuse a malformed lab with a precise message.
 */
export async function readLabCatalog(
  labsDir: string,
): Promise<{ catalog: LabCatalog; breaks: AgendaBreak[]; problems: LabCatalogProblem[] }> {
  const problems: LabCatalogProblem[] = [];
  const breaks = await readBreaks(labsDir, problems);
  const catalog: LabCatalog = [];
  const entries = (await readdir(labsDir, { withFileTypes: true })).filter((e) => e.isDirectory());
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const dir of entries) {
    const folder = `labs/${dir.name}`;
    const folderMatch = NUMBERED.exec(dir.name);
    if (!folderMatch) {
      problems.push({ file: folder, message: "session folders are named NN-kebab-case (e.g. 03-understanding-fhir)" });
      continue;
    }
    let meta: Record<string, unknown> = {};
    try {
      const parsed = parseYaml(await readFile(join(labsDir, dir.name, "session.yaml"), "utf8"));
      meta = parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
    } catch (error) {
      problems.push({ file: `${folder}/session.yaml`, message: `cannot read session.yaml: ${String(error)}` });
      continue;
    }
    const { title, time, minutes, summary, objectives } = meta;
    if (typeof title !== "string" || !title.trim())
      problems.push({ file: `${folder}/session.yaml`, message: "missing `title`" });
    if (typeof time !== "string" || !TIME.test(time))
      problems.push({ file: `${folder}/session.yaml`, message: "`time` must be HH:MM (quote it in YAML)" });
    if (typeof minutes !== "number" || minutes <= 0)
      problems.push({ file: `${folder}/session.yaml`, message: "`minutes` must be a positive number" });
    if (typeof summary !== "string" || !summary.trim())
      problems.push({ file: `${folder}/session.yaml`, message: "missing `summary`" });
    if (!isStringList(objectives) || objectives.length === 0)
      problems.push({ file: `${folder}/session.yaml`, message: "`objectives` must be a non-empty list of strings" });

    const steps: LabStep[] = [];
    const files = (await readdir(join(labsDir, dir.name))).filter((name) => name.endsWith(".mdx")).sort();
    for (const name of files) {
      const file = `${folder}/${name}`;
      const stepMatch = NUMBERED_STEP.exec(name);
      if (!stepMatch) {
        problems.push({ file, message: "step files are named NN-kebab-case.mdx (e.g. 01-what-is-smart.mdx)" });
        continue;
      }
      const frontmatter = readFrontmatter(await readFile(join(labsDir, dir.name, name), "utf8"));
      const stepTitle = frontmatter?.title;
      if (typeof stepTitle !== "string" || !stepTitle.trim()) {
        problems.push({ file, message: "frontmatter needs a `title`" });
        continue;
      }
      for (const message of readLessonFrontmatter(frontmatter).problems) problems.push({ file, message });
      steps.push({ slug: stepMatch[2] ?? "", order: Number(stepMatch[1]), title: stepTitle.trim(), file: `/${file}` });
    }
    if (steps.length === 0) problems.push({ file: folder, message: "a session needs at least one step file" });
    const duplicate = steps.find((step, i) => steps.findIndex((other) => other.slug === step.slug) !== i);
    if (duplicate) problems.push({ file: folder, message: `two steps share the slug "${duplicate.slug}"` });

    const session: LabSession = {
      slug: folderMatch[2] ?? "",
      order: Number(folderMatch[1]),
      title: typeof title === "string" ? title.trim() : dir.name,
      time: typeof time === "string" ? time : "",
      minutes: typeof minutes === "number" ? minutes : 0,
      summary: typeof summary === "string" ? summary.trim() : "",
      objectives: isStringList(objectives) ? objectives : [],
      steps,
    };
    catalog.push(session);
  }
  const dupSession = catalog.find((s, i) => catalog.findIndex((o) => o.slug === s.slug) !== i);
  if (dupSession) problems.push({ file: "labs", message: `two sessions share the slug "${dupSession.slug}"` });
  if (catalog.length === 0) problems.push({ file: "labs", message: "no session folders found" });
  return { catalog, breaks, problems };
}

/** The day's breaks from `labs/agenda.yaml` (`breaks: [{ time, minutes, title }]`), shown between the sessions. */
async function readBreaks(labsDir: string, problems: LabCatalogProblem[]): Promise<AgendaBreak[]> {
  const file = "labs/agenda.yaml";
  let data: unknown;
  try {
    data = parseYaml(await readFile(join(labsDir, "agenda.yaml"), "utf8"));
  } catch (error) {
    problems.push({ file, message: `cannot read agenda.yaml: ${String(error)}` });
    return [];
  }
  const list = (data as { breaks?: unknown } | null)?.breaks;
  if (!Array.isArray(list)) {
    problems.push({ file, message: "`breaks` must be a list of { time, minutes, title }" });
    return [];
  }
  return list.flatMap((item: unknown, index): AgendaBreak[] => {
    const { time, minutes, title } = (item ?? {}) as Record<string, unknown>;
    if (
      typeof time !== "string" ||
      !TIME.test(time) ||
      typeof minutes !== "number" ||
      minutes <= 0 ||
      typeof title !== "string" ||
      !title.trim()
    ) {
      problems.push({ file, message: `break ${index + 1} needs time "HH:MM", positive minutes and a title` });
      return [];
    }
    return [{ time, minutes, title: title.trim() }];
  });
}

const TERM_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Reads `labs/glossary.yaml` (`terms: [{ id, term, definition, source }]`) and finds, in every step, the terms
 * it uses. Problems: a malformed or repeated entry, and a `<Term id>` that the glossary does not define.
 */
export async function readGlossary(
  labsDir: string,
  catalog: LabCatalog,
): Promise<{ glossary: GlossaryEntry[]; problems: LabCatalogProblem[] }> {
  const file = "labs/glossary.yaml";
  const problems: LabCatalogProblem[] = [];
  let data: unknown;
  try {
    data = parseYaml(await readFile(join(labsDir, "glossary.yaml"), "utf8"));
  } catch (error) {
    return { glossary: [], problems: [{ file, message: `cannot read glossary.yaml: ${String(error)}` }] };
  }
  const terms = (data as { terms?: unknown } | null)?.terms;
  if (!Array.isArray(terms)) return { glossary: [], problems: [{ file, message: "`terms` must be a list" }] };
  const glossary: GlossaryEntry[] = [];
  for (const [index, item] of terms.entries()) {
    const { id, term, definition, source } = (item ?? {}) as Record<string, unknown>;
    const ok = (value: unknown) => typeof value === "string" && value.trim() !== "";
    if (typeof id !== "string" || !TERM_ID.test(id) || !ok(term) || !ok(definition) || !ok(source)) {
      problems.push({
        file,
        message: `term ${index + 1} needs a kebab-case id, a term, a definition and a source URL`,
      });
      continue;
    }
    if (!/^https:\/\//.test(String(source))) problems.push({ file, message: `${id}: the source must be an https URL` });
    if (glossary.some((entry) => entry.id === id)) problems.push({ file, message: `${id} is defined twice` });
    glossary.push({
      id,
      term: String(term).trim(),
      definition: String(definition).trim(),
      source: String(source),
      usedIn: [],
    });
  }
  for (const session of catalog) {
    for (const step of session.steps) {
      const source = await readFile(join(labsDir, "..", step.file), "utf8");
      for (const match of source.matchAll(/<Term\s+id="([^"]*)"/g)) {
        const entry = glossary.find((candidate) => candidate.id === match[1]);
        if (!entry) {
          problems.push({ file: step.file.slice(1), message: `<Term id="${match[1]}"> is not in labs/glossary.yaml` });
          continue;
        }
        const path = `/labs/${session.slug}/${step.slug}`;
        if (!entry.usedIn.some((use) => use.path === path)) entry.usedIn.push({ path, title: step.title });
      }
    }
  }
  glossary.sort((a, b) => a.term.localeCompare(b.term, "en", { sensitivity: "base" }));
  return { glossary, problems };
}
