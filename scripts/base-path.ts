/**
 * Turns the BASE_PATH environment variable into the form Vite's `base` wants: a leading and a trailing slash.
 * `undefined`/empty → "/"; "smart-lab" → "/smart-lab/".
 */
export function normalizeBasePath(raw: string | undefined): string {
  const trimmed = (raw ?? "").trim();
  if (trimmed === "" || trimmed === "/") return "/";
  if (/^[a-z]+:\/\//i.test(trimmed)) throw new Error(`BASE_PATH must be a path, not a URL: ${trimmed}`);
  const inner = trimmed.replace(/^\/+|\/+$/g, "");
  return `/${inner}/`;
}
