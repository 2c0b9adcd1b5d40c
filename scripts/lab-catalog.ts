import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { LabCatalog, LabSession, LabStep } from "../src/features/labs/lab-catalog-types.ts";

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
export async function readLabCatalog(labsDir: string): Promise<{ catalog: LabCatalog; problems: LabCatalogProblem[] }> {
  const problems: LabCatalogProblem[] = [];
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
  return { catalog, problems };
}
