import type { ScopeExplanation } from "../../protocol/scopes/explain-scope.ts";
import type { ParsedScope, ParsedScopeList } from "../../protocol/scopes/parsed-scope.ts";

/** The scope under the cursor at `offset` (touching either end counts), or undefined between scopes. */
export function scopeAt(list: ParsedScopeList, offset: number): ParsedScope | undefined {
  return list.scopes.find((s) => s.range.start <= offset && offset <= s.range.end);
}

/** Escapes text for Markdown so scope characters such as `*` and `_` show as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

function codeSpan(text: string): string {
  // A run of backticks longer than any inside keeps the scope literal.
  const fence = "`".repeat((text.match(/`+/g) ?? []).reduce((n, run) => Math.max(n, run.length), 0) + 1);
  return `${fence}${text}${fence}`;
}

/**
 * The hover card for one scope, in Markdown: the consent-screen sentence, the notes, the v1↔v2 translation and a
 * link to the IG section, all from the scope engine's `explainScope`.
 */
export function scopeHoverMarkdown(explanation: ScopeExplanation): string {
  const lines = [`${codeSpan(explanation.scope)}: **${escapeMarkdown(explanation.title)}**`];
  if (explanation.details.length > 0) {
    lines.push("", ...explanation.details.map((d) => `- ${escapeMarkdown(d)}`));
  }
  if (explanation.translation) lines.push("", `Translation: ${escapeMarkdown(explanation.translation)}`);
  lines.push("", `[SMART App Launch 2.2: the rule behind this scope](${explanation.specUrl})`);
  return lines.join("\n");
}
