import { parse } from "acorn";

/** A syntax error in a learner's file, where the editor marks it (1-based line and column). */
export interface SyntaxProblem {
  line: number;
  column: number;
  message: string;
}

function check(code: string, lineOffset: number, columnOffset: number): SyntaxProblem[] {
  try {
    parse(code, { ecmaVersion: "latest", sourceType: "script", allowAwaitOutsideFunction: false, locations: true });
    return [];
  } catch (error) {
    const at = (error as { loc?: { line: number; column: number } }).loc;
    const message = (error as Error).message.replace(/\s*\(\d+:\d+\)$/, "");
    if (!at) return [{ line: lineOffset + 1, column: 1, message }];
    return [
      {
        line: at.line + lineOffset,
        // The first line of an inline script starts after its <script> tag.
        column: at.column + 1 + (at.line === 1 ? columnOffset : 0),
        message: `SyntaxError: ${message}`,
      },
    ];
  }
}

/**
 * The syntax errors of a learner's file before it runs: a `.js` file as a classic script (what `<script src>`
 * loads), and every inline `<script>` of an `.html` file at its own place in the page.
 */
export function scriptSyntaxProblems(fileName: string, content: string): SyntaxProblem[] {
  if (fileName.endsWith(".js")) return check(content, 0, 0);
  if (!fileName.endsWith(".html")) return [];
  const problems: SyntaxProblem[] = [];
  for (const match of content.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    const attributes = match[1] ?? "";
    if (/\bsrc\s*=/.test(attributes) || /type\s*=\s*["']?(?!text\/javascript|module)[^"'\s>]+/i.test(attributes))
      continue;
    const start = (match.index ?? 0) + match[0].indexOf(">") + 1;
    const before = content.slice(0, start);
    const lineOffset = before.split("\n").length - 1;
    const columnOffset = start - (before.lastIndexOf("\n") + 1);
    problems.push(...check(match[2] ?? "", lineOffset, columnOffset));
  }
  return problems;
}
