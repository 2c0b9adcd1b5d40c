import { useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * A URL of this page's origin as the page shows it: whole in the browser, its path alone in the prerendered HTML
 * (built without knowing which origin will serve it) and in the first render that hydrates that HTML.
 */
export function usePageUrl(url: string): string {
  return useSyncExternalStore(
    never,
    () => url,
    () => {
      const parsed = new URL(url);
      return `${parsed.pathname}${parsed.search}`;
    },
  );
}
