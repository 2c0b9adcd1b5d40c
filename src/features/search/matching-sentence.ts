import { escapeRegExp } from "../../lib/escape-reg-exp.ts";

/** A piece of a result's sentence; `marked` where it matches a query term. */
export interface SentencePart {
  text: string;
  marked: boolean;
}

/**
 * The sentence of `text` that best matches the query (the most query terms, then the first), cut to about `max`
 * characters around the first match, split into parts with the matches marked: what a result shows under its title.
 */
export function matchingSentence(text: string, terms: readonly string[], max = 220): SentencePart[] {
  const sentences = text.split(/(?<=[.!?:])\s+/).filter((sentence) => sentence.trim() !== "");
  const lower = [...new Set(terms.map((term) => term.toLowerCase()).filter((term) => term !== ""))];
  const score = (sentence: string) => lower.filter((term) => sentence.toLowerCase().includes(term)).length;
  let best = sentences[0] ?? "";
  for (const sentence of sentences) if (score(sentence) > score(best)) best = sentence;
  const positions = lower.map((term) => best.toLowerCase().indexOf(term)).filter((at) => at >= 0);
  const first = positions.length > 0 ? Math.min(...positions) : 0;
  if (best.length > max) {
    const start = Math.max(0, Math.min(first - Math.floor(max / 3), best.length - max));
    best = `${start > 0 ? "…" : ""}${best.slice(start, start + max)}${start + max < best.length ? "…" : ""}`;
  }
  if (lower.length === 0) return [{ text: best, marked: false }];
  const pattern = new RegExp(`(${lower.map(escapeRegExp).join("|")})`, "gi");
  return best
    .split(pattern)
    .filter((part) => part !== "")
    .map((part) => ({ text: part, marked: lower.includes(part.toLowerCase()) }));
}
