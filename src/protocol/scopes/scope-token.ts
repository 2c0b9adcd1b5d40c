import type { GranularParamSupport } from "./default-granular-params.ts";
import type { SourceRange } from "./parsed-scope.ts";

/**
 * One whitespace-separated token of a scope string being parsed: its text, where it starts in the whole string,
 * its index in the list, and the granular search parameters the server accepts.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#fhir-resource-scope-syntax
 */
export interface ScopeToken {
  text: string;
  start: number;
  index: number;
  granularParams: GranularParamSupport;
}

/** A source range from `start` to `end` (exclusive). */
export function span(start: number, end: number): SourceRange {
  return { start, end };
}

export function safeDecode(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

// Re-escapes only what would change how the normalised scope splits, so `|` and `:` stay readable as in the IG.
export function encodeQueryPart(value: string): string {
  return value.replace(/[%&#=\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

// How far a misspelling may be from a name to be suggested: longer names tolerate more typos.
export function maxTypoDistance(length: number): number {
  return Math.max(1, Math.min(3, Math.floor(length / 3)));
}
