import type { GlossaryEntry } from "./glossary-entry.ts";

let loading: Promise<GlossaryEntry[]> | null = null;

/** The glossary (its own chunk), loaded once on first use by a term or the glossary page. */
export function glossaryQuery() {
  return {
    queryKey: ["glossary"],
    queryFn: (): Promise<GlossaryEntry[]> => {
      loading ??= import("virtual:lab-glossary").then((module) => module.default);
      return loading;
    },
    staleTime: Number.POSITIVE_INFINITY,
  } as const;
}
