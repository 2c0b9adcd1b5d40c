/** One searchable section: a lesson step's section (or a glossary term), with its text for the matching sentence. */
export interface SearchDocument {
  id: string;
  /** App path to open (`/labs/<session>/<step>` or `/glossary#term-…`). */
  path: string;
  title: string;
  /** The section's `##` heading ("" for the text before the first one). */
  heading: string;
  text: string;
}

/** The one MiniSearch configuration, used to build the index (at build time) and to load it (in the browser). */
export const SEARCH_OPTIONS = {
  fields: ["title", "heading", "text"],
  storeFields: ["path", "title", "heading", "text"],
  searchOptions: { boost: { title: 3, heading: 2 }, prefix: true, fuzzy: 0.15, combineWith: "AND" as const },
};
