import { WORKBENCH_PROJECT_IDS, type WorkbenchProjectId } from "../../data/workbench-templates.ts";

/** One console argument as text: strings as they are, errors with their name, values as JSON. */
function argumentText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (value === undefined) return "undefined";
  try {
    const json = JSON.stringify(value, null, 2);
    return json === undefined ? String(value) : json.length > 4000 ? `${json.slice(0, 4000)}…` : json;
  } catch {
    return String(value);
  }
}

/** What `console.log(a, b, …)` printed, as one line of text (as the browser's console joins them). */
export function formatConsoleArguments(args: readonly unknown[]): string {
  return args.map(argumentText).join(" ");
}

/**
 * Where in the project an error happened (`app.js:12:5`), from the script URL the browser reports: project files
 * by name, other URLs as they are.
 */
export function whereInProject(
  url: string,
  projectUrl: (project: WorkbenchProjectId) => string,
  line: number,
  column: number,
): string {
  let name = url;
  for (const project of WORKBENCH_PROJECT_IDS) {
    const base = projectUrl(project);
    if (url.startsWith(base)) name = url.slice(base.length).split(/[?#]/)[0] || "index.html";
  }
  return `${name}:${line}:${column}`;
}
