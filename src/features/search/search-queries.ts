import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type MiniSearch from "minisearch";
import { SEARCH_OPTIONS, type SearchDocument } from "./search-document.ts";

let loading: Promise<MiniSearch<SearchDocument>> | null = null;

/** MiniSearch and the build-time index, loaded together on first use (never on the landing route). */
function loadIndex(): Promise<MiniSearch<SearchDocument>> {
  loading ??= Promise.all([import("minisearch"), import("virtual:lab-search")]).then(([module, index]) =>
    module.default.loadJSON<SearchDocument>(index.default, SEARCH_OPTIONS),
  );
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

/** One hit: the document's stored fields and the query terms it matched. */
export interface SearchHit {
  id: string;
  path: string;
  title: string;
  heading: string;
  text: string;
  terms: string[];
}

/** The hits for a query (the best 12), once the search is open. */
export function useSearchResults(query: string, open: boolean) {
  return useQuery({
    queryKey: ["search", query.trim()],
    enabled: open,
    placeholderData: keepPreviousData,
    queryFn: async (): Promise<SearchHit[]> => {
      const index = await loadIndex();
      if (query.trim().length < 2) return [];
      return index
        .search(query)
        .slice(0, 12)
        .map((hit) => ({
          id: String(hit.id),
          path: String(hit.path),
          title: String(hit.title),
          heading: String(hit.heading ?? ""),
          text: String(hit.text ?? ""),
          terms: hit.terms,
        }));
    },
  });
}
