/** The FHIR explorer: requests against the lab's FHIR server. (Being built.) */
export function FhirExplorerPage() {
  return (
    <article>
      <h1>FHIR explorer</h1>
      <p>The explorer is being built.</p>
    </article>
  );
}
