import { PERMISSION_ORDER, type Permission, type PermissionSet } from "./parsed-scope.ts";

/**
 * The verb each permission letter stands for.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-fhir-resources
 */
export const PERMISSION_VERBS: Readonly<Record<Permission, string>> = {
  c: "create",
  r: "read",
  u: "update",
  d: "delete",
  s: "search",
};

/**
 * The granted letters in `.cruds` order (read and search give `rs`).
 *
 */
export function permissionLetters(permissions: PermissionSet): string {
  let letters = "";
  for (const p of PERMISSION_ORDER) if (permissions[p]) letters += p;
  return letters;
}

/**
 * A permission set built from letters; characters other than c, r, u, d, s are ignored.
 *
 */
export function permissionSet(letters: string): PermissionSet {
  return {
    c: letters.includes("c"),
    r: letters.includes("r"),
    u: letters.includes("u"),
    d: letters.includes("d"),
    s: letters.includes("s"),
  };
}

/**
 * Joins words the way a sentence does: "a", "a and b", "a, b and c".
 *
 */
export function joinWords(words: readonly string[], conjunction = "and"): string {
  if (words.length <= 1) return words[0] ?? "";
  return `${words.slice(0, -1).join(", ")} ${conjunction} ${words[words.length - 1]}`;
}

/**
 * The permissions in words ("read and search", "create, update and delete"), or "nothing" when empty.
 *
 */
export function describePermissions(permissions: PermissionSet): string {
  const words = PERMISSION_ORDER.filter((p) => permissions[p]).map((p) => PERMISSION_VERBS[p]);
  return words.length === 0 ? "nothing" : joinWords(words);
}
