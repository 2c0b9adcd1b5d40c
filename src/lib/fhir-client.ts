/**
 * fhirclient, loaded on demand: its browser adapter reads and caches `location` when the module is evaluated
 * (DESIGN.md §3), and it is only needed on the sample app's pages, so it stays out of the landing route.
 */
export async function loadFhirClient() {
  const module = await import("fhirclient");
  return module.default;
}

/** The client fhirclient's `ready()` resolves to. */
export type FhirClient = Awaited<ReturnType<Awaited<ReturnType<typeof loadFhirClient>>["oauth2"]["ready"]>>;
