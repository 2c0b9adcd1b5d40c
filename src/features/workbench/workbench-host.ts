import type { Lab } from "../../lib/create-lab.ts";
import { type WorkbenchConsoleEntry, writeWorkbenchConsole } from "../../lib/workbench-console.ts";
import { formatConsoleArguments, whereInProject } from "./console-text.ts";

/**
 * Hosts one page of the learner's app at its real URL (`{BASE}workbench/app/<project>/<file>`). GitHub Pages has
 * no such file, so it answers with the app's 404.html, and the app comes here instead of rendering itself: with
 * the mock worker already started (so the page's FHIR and OAuth requests reach the lab's servers), it replaces
 * the document with the learner's HTML. The page keeps its address — query string, `code` and `state` included —
 * so an unmodified SMART client reads them exactly as on any host, on a cold load and on a reload.
 *
 * Whatever the page logs, throws or rejects goes to the workbench's console (another frame or tab).
 */
export function hostWorkbenchPage(lab: Lab): void {
  const where = lab.workbench.locate(location.href);
  const content = where ? lab.workbench.read(where.project, where.name) : undefined;
  const page = where ? `${where.project}/${where.name}` : location.pathname;
  const workbenchUrl = `${lab.endpoints.appUrl}workbench`;
  const report = (entry: Omit<WorkbenchConsoleEntry, "at" | "page">) =>
    writeWorkbenchConsole({ at: Date.now(), page, ...entry });

  if (content === undefined) {
    report({ level: "error", text: `This page does not exist in your project: ${page}` });
    replaceDocument(
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not in your project</title></head><body>` +
        `<h1>No file ${escapeHtml(page)}</h1><p>Your workbench project has no such file. ` +
        `<a href="${escapeHtml(workbenchUrl)}">Back to the workbench</a></p></body></html>`,
    );
    return;
  }

  for (const level of ["log", "info", "warn", "error"] as const) {
    // biome-ignore lint/suspicious/noConsole: the learner's console is wrapped, so the workbench sees what it prints.
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      original(...args);
      report({ level, text: formatConsoleArguments(args) });
    };
  }
  const html = where?.name.endsWith(".html")
    ? content
    : `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page)}</title></head>` +
      `<body><pre>${escapeHtml(content)}</pre></body></html>`;
  replaceDocument(html, () => {
    // Installed after document.open() (which removes a window's listeners) and before the learner's scripts run.
    addEventListener("error", (event) => {
      const at = event.filename
        ? whereInProject(event.filename, lab.workbench.projectUrl, event.lineno, event.colno)
        : "";
      report({ level: "error", text: `Uncaught ${event.message}`, ...(at ? { where: at } : {}) });
    });
    addEventListener("unhandledrejection", (event) =>
      report({ level: "error", text: `Unhandled rejection: ${formatConsoleArguments([event.reason])}` }),
    );
  });
}

/** Replaces the whole document; the learner's scripts run as the parser meets them, as on a normal page load. */
function replaceDocument(html: string, beforeWrite?: () => void) {
  document.open();
  beforeWrite?.();
  document.write(html);
  document.close();
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
