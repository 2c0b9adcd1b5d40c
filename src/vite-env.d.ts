declare module "virtual:lab-catalog" {
  const catalog: import("./features/labs/lab-catalog-types.ts").LabCatalog;
  export default catalog;
}
