/** One glossary term as the lab defines it, with the steps that use it (`<Term id="…">` in their text). */
export interface GlossaryEntry {
  id: string;
  term: string;
  definition: string;
  /** The spec section that defines it. */
  source: string;
  usedIn: { path: string; title: string }[];
}
