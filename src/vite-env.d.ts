declare module "virtual:lab-catalog" {
  const catalog: import("./features/labs/lab-catalog-types.ts").LabCatalog;
  export default catalog;
  export const agendaBreaks: import("./features/labs/lab-catalog-types.ts").AgendaBreak[];
}

declare module "virtual:lab-glossary" {
  const glossary: import("./features/glossary/glossary-entry.ts").GlossaryEntry[];
  export default glossary;
}

declare module "virtual:lab-search" {
  /** The MiniSearch index of every lesson section and glossary term, serialised at build time. */
  const index: string;
  export default index;
}

declare module "*.mdx" {
  const Content: import("react").ComponentType;
  export default Content;
  export const frontmatter: unknown;
}
