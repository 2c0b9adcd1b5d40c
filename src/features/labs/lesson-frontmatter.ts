/** One option of a self-check question: its text, whether it is the answer, and why it is right or wrong. */
interface SelfCheckOption {
  text: string;
  correct: boolean;
  why: string;
}

/** A self-check question: exactly one of its options is correct, and every option says why. */
export interface SelfCheckQuestion {
  question: string;
  options: SelfCheckOption[];
}

/** What a lesson step declares about itself in its frontmatter, besides its text. */
export interface LessonFrontmatter {
  title: string;
  /** Two to four concrete objectives, shown at the top of the step. */
  objectives: string[];
  /** "What you learned": three to five bullets, shown at the end. */
  summary: string[];
  /** Three to five questions; passing them marks the step done. */
  check: SelfCheckQuestion[];
  /** Speaker notes for the presenter view; never shown in the normal view. */
  notes: string;
}

const text = (value: unknown): value is string => typeof value === "string" && value.trim() !== "";

function list(value: unknown, name: string, min: number, max: number, problems: string[]): string[] {
  if (!Array.isArray(value) || !value.every(text)) {
    problems.push(`\`${name}\` must be a list of ${min} to ${max} non-empty strings`);
    return [];
  }
  if (value.length < min || value.length > max)
    problems.push(`\`${name}\` has ${value.length} items; a step has ${min} to ${max}`);
  return value.map((item) => item.trim());
}

function question(value: unknown, index: number, problems: string[]): SelfCheckQuestion | null {
  const where = `check question ${index + 1}`;
  if (typeof value !== "object" || value === null) {
    problems.push(`${where} must be an object with \`question\` and \`options\``);
    return null;
  }
  const { question: asked, options } = value as Record<string, unknown>;
  if (!text(asked)) problems.push(`${where} has no \`question\` text`);
  if (!Array.isArray(options) || options.length < 2 || options.length > 5) {
    problems.push(`${where} needs 2 to 5 \`options\``);
    return null;
  }
  const read: SelfCheckOption[] = [];
  options.forEach((option: unknown, i) => {
    const { text: said, correct, why } = (option ?? {}) as Record<string, unknown>;
    if (!text(said)) problems.push(`${where}, option ${i + 1} has no \`text\``);
    if (!text(why)) problems.push(`${where}, option ${i + 1} has no \`why\` (every option explains itself)`);
    if (correct !== undefined && typeof correct !== "boolean")
      problems.push(`${where}, option ${i + 1}: \`correct\` is true or left out`);
    read.push({ text: String(said ?? "").trim(), correct: correct === true, why: String(why ?? "").trim() });
  });
  const right = read.filter((option) => option.correct).length;
  if (right !== 1) problems.push(`${where} has ${right} correct options; exactly one must be \`correct: true\``);
  const texts = new Set(read.map((option) => option.text));
  if (texts.size !== read.length) problems.push(`${where} repeats an option`);
  return { question: String(asked ?? "").trim(), options: read };
}

/**
 * Reads and validates a lesson's frontmatter. Returns what could be read plus every problem, so the catalog
 * (build) and the lesson test refuse a malformed step with a precise message, and the page never crashes on one.
 */
export function readLessonFrontmatter(value: unknown): { frontmatter: LessonFrontmatter; problems: string[] } {
  const problems: string[] = [];
  const data = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  if (!text(data.title)) problems.push("frontmatter needs a `title`");
  const objectives = list(data.objectives, "objectives", 2, 4, problems);
  const summary = list(data.summary, "summary", 3, 5, problems);
  let check: SelfCheckQuestion[] = [];
  if (!Array.isArray(data.check)) problems.push("`check` must be a list of 3 to 5 questions");
  else {
    if (data.check.length < 3 || data.check.length > 5)
      problems.push(`\`check\` has ${data.check.length} questions; a step has 3 to 5`);
    check = data.check.flatMap((item, index) => question(item, index, problems) ?? []);
  }
  if (data.notes !== undefined && typeof data.notes !== "string") problems.push("`notes` must be text");
  return {
    frontmatter: {
      title: text(data.title) ? data.title.trim() : "",
      objectives,
      summary,
      check,
      notes: typeof data.notes === "string" ? data.notes.trim() : "",
    },
    problems,
  };
}
