import { useSyncExternalStore } from "react";

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "data-presenter"] });
  return () => observer.disconnect();
}

// A string snapshot, so React sees an unchanged value as unchanged.
function snapshot(): string {
  const root = document.documentElement;
  const theme = root.dataset.theme === "dark" ? "dark" : "light";
  return `${theme} ${Number.parseFloat(getComputedStyle(root).fontSize) || 16}`;
}

/**
 * The app's display settings as the shell sets them on `<html data-theme data-presenter>` (features do not import
 * the theme feature; they read what it renders): the theme, and the root font size that presenter mode enlarges.
 */
export function useDocumentDisplay(): { theme: "light" | "dark"; fontSize: number } {
  const value = useSyncExternalStore(subscribe, snapshot, () => "light 16");
  const [theme, size] = value.split(" ");
  return { theme: theme === "dark" ? "dark" : "light", fontSize: Number(size) };
}
