import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import { appStorageKey } from "../../lib/app-storage.ts";

interface ProgressState {
  /** Steps the learner has opened, by step key ("session/step"). */
  visited: Record<string, boolean>;
  /** Steps the learner finished (moved on with Next, or marked done). */
  completed: Record<string, boolean>;
  /** Steps whose self-check the learner passed (passing also completes the step). */
  checks: Record<string, boolean>;
  /** The step last opened, so the home page can offer "Continue". */
  lastStep: string | null;
  markVisited(key: string): void;
  markCompleted(key: string, done?: boolean): void;
  markCheckPassed(key: string): void;
}

/** The learner's progress through the labs, persisted under the app's prefix (DESIGN.md §3). */
export const useProgressStore = create<ProgressState>()(
  persist(
    (set) => ({
      visited: {},
      completed: {},
      checks: {},
      lastStep: null,
      markVisited: (key) =>
        set((state) =>
          state.visited[key] && state.lastStep === key
            ? state
            : {
                visited: { ...state.visited, [key]: true },
                lastStep: key,
              },
        ),
      markCompleted: (key, done = true) => set((state) => ({ completed: { ...state.completed, [key]: done } })),
      markCheckPassed: (key) =>
        set((state) => ({ checks: { ...state.checks, [key]: true }, completed: { ...state.completed, [key]: true } })),
    }),
    {
      name: appStorageKey("progress"),
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: ({ visited, completed, checks, lastStep }) => ({ visited, completed, checks, lastStep }),
    },
  ),
);
