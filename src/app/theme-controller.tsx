import { useEffect, useSyncExternalStore } from "react";
import { resolveTheme, useThemeStore } from "../features/theme/theme-store.ts";

const darkQuery = () => window.matchMedia("(prefers-color-scheme: dark)");

function subscribe(onChange: () => void) {
  const query = darkQuery();
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/** Mirrors the display preferences onto `<html data-theme data-presenter>`, where the CSS reads them. */
export function ThemeController() {
  const theme = useThemeStore((s) => s.theme);
  const presenter = useThemeStore((s) => s.presenter);
  // The server snapshot (light) is only for hydration; the effect below runs with the real preference.
  const prefersDark = useSyncExternalStore(
    subscribe,
    () => darkQuery().matches,
    () => false,
  );
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = resolveTheme(theme, prefersDark);
    root.dataset.presenter = presenter ? "on" : "off";
  }, [theme, prefersDark, presenter]);
  return null;
}
