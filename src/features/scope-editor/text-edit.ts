/** A replacement of `[start, end)` of the text by `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Applies an edit to a string. */
export function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.start) + edit.text + text.slice(edit.end);
}

/**
 * The smallest single edit turning `before` into `after` (common prefix and suffix kept), so an external change
 * such as a quick fix from the list reaches the editor as one undoable edit that keeps the cursor in place.
 */
export function minimalEdit(before: string, after: string): TextEdit | null {
  if (before === after) return null;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before[start] === after[start]) start++;
  let tail = 0;
  while (tail < max - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}
