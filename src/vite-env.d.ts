declare module "virtual:lab-catalog" {
  const catalog: import("./features/labs/lab-catalog-types.ts").LabCatalog;
  export default catalog;
  export const agendaBreaks: import("./features/labs/lab-catalog-types.ts").AgendaBreak[];
}

declare module "virtual:lab-glossary" {
  const glossary: import("./features/glossary/glossary-entry.ts").GlossaryEntry[];
  export default glossary;
}
