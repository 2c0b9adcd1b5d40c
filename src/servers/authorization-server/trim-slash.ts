/** The URL without trailing slashes: the lab compares endpoint and audience URLs with and without one as equal. */
export function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
