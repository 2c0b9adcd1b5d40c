import { type ParseScopesOptions, parseScopes } from "../../protocol/scopes/parse-scopes.ts";
import type { ScopeDiagnostic } from "../../protocol/scopes/scope-diagnostic.ts";
import { applyEdit, type TextEdit } from "./text-edit.ts";

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

/**
 * The edit that applies a diagnostic's quick fix: the engine's range and replacement, widened when the fix
 * deletes a whole scope so the separating whitespace goes with it (no double spaces left behind). Null when
 * the diagnostic has no fix.
 */
export function fixEdit(text: string, diagnostic: Pick<ScopeDiagnostic, "range" | "fix">): TextEdit | null {
  if (!diagnostic.fix) return null;
  let { start, end } = diagnostic.range;
  const replacement = diagnostic.fix.replacement;
  const wholeToken = (start === 0 || isSpace(text[start - 1])) && (end === text.length || isSpace(text[end]));
  if (replacement === "" && wholeToken && end > start) {
    if (start > 0) {
      while (start > 0 && isSpace(text[start - 1])) start--;
    } else {
      while (end < text.length && isSpace(text[end])) end++;
    }
  }
  return { start, end, text: replacement };
}

/**
 * Applies the fix of a diagnostic computed on `diagnosedText` to `currentText`. When the learner has typed since
 * (the diagnostics lag behind the text), the same diagnostic is looked up again in the current text — same code,
 * same fix, same words under it — so a fix never lands on shifted positions; null when it no longer applies.
 */
export function applyDiagnosticFix(
  currentText: string,
  diagnostic: ScopeDiagnostic,
  diagnosedText: string,
  options: ParseScopesOptions = {},
): string | null {
  let target: ScopeDiagnostic | undefined = diagnostic;
  if (currentText !== diagnosedText) {
    const words = diagnosedText.slice(diagnostic.range.start, diagnostic.range.end);
    target = parseScopes(currentText, options).diagnostics.find(
      (d) =>
        d.code === diagnostic.code &&
        d.fix?.title === diagnostic.fix?.title &&
        d.fix?.replacement === diagnostic.fix?.replacement &&
        currentText.slice(d.range.start, d.range.end) === words,
    );
  }
  const edit = target ? fixEdit(currentText, target) : null;
  return edit ? applyEdit(currentText, edit) : null;
}
