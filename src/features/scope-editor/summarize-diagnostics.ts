import type { ScopeDiagnostic, ScopeDiagnosticSeverity } from "../../protocol/scopes/scope-diagnostic.ts";

/** How the accessible list names a severity. */
export const SEVERITY_LABELS: Readonly<Record<ScopeDiagnosticSeverity, string>> = {
  error: "Error",
  warning: "Warning",
  info: "Note",
};

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** The one-line status a screen reader hears after each change: "No problems found." or counts by severity. */
export function summarizeDiagnostics(diagnostics: readonly ScopeDiagnostic[]): string {
  if (diagnostics.length === 0) return "No problems found.";
  const count = (severity: ScopeDiagnosticSeverity) => diagnostics.filter((d) => d.severity === severity).length;
  const parts = [
    [count("error"), "error"],
    [count("warning"), "warning"],
    [count("info"), "note"],
  ] as const;
  const detail = parts
    .filter(([n]) => n > 0)
    .map(([n, word]) => plural(n, word))
    .join(", ");
  return `${plural(diagnostics.length, "problem")}: ${detail}.`;
}
