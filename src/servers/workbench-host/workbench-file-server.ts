import type { WorkbenchProjectId } from "../../data/workbench-templates.ts";
import { type KeyValueStorage, readJson, writeJson } from "../key-value-storage.ts";

/** What the workbench host serves: a learner's files by project, starting from the templates. */
export interface WorkbenchFileServer {
  /** Answers `GET {BASE}workbench/app/<project>/<file>` with the learner's file (404 when there is none). */
  handle(request: Request): Promise<Response>;
  /** The project's files (the templates until the learner changes one), name → content, in a stable order. */
  files(project: WorkbenchProjectId): Readonly<Record<string, string>>;
  read(project: WorkbenchProjectId, name: string): string | undefined;
  /** Saves one file; refuses a bad name or an oversized file with the reason. */
  write(project: WorkbenchProjectId, name: string, content: string): { ok: true } | { ok: false; error: string };
  remove(project: WorkbenchProjectId, name: string): void;
  /** Back to the templates. */
  reset(project: WorkbenchProjectId): void;
  /** The URL of the project's folder (`…/workbench/app/<project>/`). */
  projectUrl(project: WorkbenchProjectId): string;
  /** Which project and file a URL names, or null when it is not a workbench file URL. */
  locate(url: string): { project: WorkbenchProjectId; name: string } | null;
}

interface Deps {
  storage: KeyValueStorage;
  /** The app's absolute URL with its base path (`https://…/<repo>/`). */
  appUrl: string;
  templates: Readonly<Record<WorkbenchProjectId, Readonly<Record<string, string>>>>;
}

/** A file name the host serves: lower-case, a known text type, no folders. */
const FILE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}\.(html|js|css|json|md)$/;
const MAX_FILE_CHARS = 200_000;
const MAX_FILES = 20;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json; charset=utf-8",
  md: "text/markdown; charset=utf-8",
};

/** Why a file name cannot be used, or null. */
function workbenchFileNameProblem(name: string): string | null {
  if (FILE_NAME.test(name)) return null;
  return "File names are lower-case letters, digits, '.', '-' or '_', end in .html, .js, .css, .json or .md, and have no folder.";
}

/**
 * The workbench's static file host: the learner's project files at real URLs under the lab's origin and base path,
 * so an unmodified SMART client runs there as on any web host. Files live in storage (Reset lab restores the
 * templates). Navigations to its HTML files are served by the app's host page (a cold load never reaches a
 * service worker handler); scripts, styles and data the pages load come from here.
 */
export function createWorkbenchFileServer({ storage, appUrl, templates }: Deps): WorkbenchFileServer {
  const root = `${appUrl}workbench/app/`;
  const key = (project: WorkbenchProjectId) => `files:${project}`;
  const isProject = (value: string): value is WorkbenchProjectId => Object.hasOwn(templates, value);
  const files = (project: WorkbenchProjectId): Record<string, string> => {
    const stored = readJson<unknown>(storage, key(project), null);
    if (stored && typeof stored === "object" && !Array.isArray(stored)) {
      const entries = Object.entries(stored as Record<string, unknown>).filter(
        (entry): entry is [string, string] => typeof entry[1] === "string" && FILE_NAME.test(entry[0]),
      );
      if (entries.length > 0) return Object.fromEntries(entries);
    }
    return { ...templates[project] };
  };
  const locate = (url: string) => {
    const { origin, pathname } = new URL(url);
    const rootUrl = new URL(root);
    if (origin !== rootUrl.origin || !pathname.startsWith(rootUrl.pathname)) return null;
    const [project, name, ...rest] = pathname.slice(rootUrl.pathname.length).split("/");
    if (project === undefined || !isProject(project) || rest.length > 0) return null;
    return { project, name: decodeURIComponent(name || "index.html") };
  };
  return {
    async handle(request) {
      const where = locate(request.url);
      if (request.method !== "GET" && request.method !== "HEAD")
        return new Response("The workbench host serves files: GET only.", { status: 405, headers: { allow: "GET" } });
      const content = where ? files(where.project)[where.name] : undefined;
      if (!where || content === undefined) {
        const name = where ? `${where.project}/${where.name}` : new URL(request.url).pathname;
        return new Response(`No file ${name} in your workbench project.`, {
          status: 404,
          headers: { "content-type": "text/plain; charset=utf-8" },
        });
      }
      const extension = where.name.slice(where.name.lastIndexOf(".") + 1);
      return new Response(request.method === "HEAD" ? null : content, {
        status: 200,
        headers: {
          "content-type": CONTENT_TYPES[extension] ?? "text/plain; charset=utf-8",
          // The learner edits these: never serve a stale copy.
          "cache-control": "no-store",
        },
      });
    },
    files,
    read: (project, name) => files(project)[name],
    write(project, name, content) {
      const problem = workbenchFileNameProblem(name);
      if (problem) return { ok: false, error: problem };
      if (content.length > MAX_FILE_CHARS)
        return { ok: false, error: `A file may have at most ${MAX_FILE_CHARS.toLocaleString("en")} characters.` };
      const current = files(project);
      if (!(name in current) && Object.keys(current).length >= MAX_FILES)
        return { ok: false, error: `A project may have at most ${MAX_FILES} files.` };
      writeJson(storage, key(project), { ...current, [name]: content });
      return { ok: true };
    },
    remove(project, name) {
      const { [name]: _removed, ...rest } = files(project);
      writeJson(storage, key(project), rest);
    },
    reset(project) {
      storage.removeItem(key(project));
    },
    projectUrl: (project) => `${root}${project}/`,
    locate,
  };
}
