/**
 * The edit distance (insertions, deletions, substitutions) between two strings, used to suggest the resource
 * type or scope a learner probably meant.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#fhir-resource-scope-syntax
 */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Two rolling rows keep memory at O(|b|); the candidates are short names, so this stays cheap.
  let previous: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current: number[] = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate closest to `input` (a case-insensitive exact match wins outright), or null when even the closest
 * one is more than `maxDistance` edits away.
 *
 */
export function closestMatch(input: string, candidates: readonly string[], maxDistance: number): string | null {
  const lower = input.toLowerCase();
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const candidateLower = candidate.toLowerCase();
    if (candidateLower === lower) return candidate;
    // Length alone bounds the distance from below: skip candidates that cannot beat the best so far.
    if (Math.abs(candidateLower.length - lower.length) >= bestDistance) continue;
    const distance = levenshtein(lower, candidateLower);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return bestDistance <= maxDistance ? best : null;
}
