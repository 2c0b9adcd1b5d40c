import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import { appStorageKey } from "../../lib/app-storage.ts";

export type ThemeChoice = "system" | "light" | "dark";

interface ThemeState {
  theme: ThemeChoice;
  /** Presenter mode: large type, no sidebar, for a projector. */
  presenter: boolean;
  setTheme(theme: ThemeChoice): void;
  togglePresenter(): void;
}

/** Display preferences, persisted under the app's prefix. */
export const useThemeStore = create<ThemeState>()(
  persist(
    (set) => ({
      theme: "system",
      presenter: false,
      setTheme: (theme) => set({ theme }),
      togglePresenter: () => set((state) => ({ presenter: !state.presenter })),
    }),
    {
      name: appStorageKey("display"),
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: ({ theme, presenter }) => ({ theme, presenter }),
    },
  ),
);

/** The theme after resolving "system" against the OS preference. */
export function resolveTheme(choice: ThemeChoice, prefersDark: boolean): "light" | "dark" {
  if (choice === "system") return prefersDark ? "dark" : "light";
  return choice;
}
