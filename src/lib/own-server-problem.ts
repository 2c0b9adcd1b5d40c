/**
 * Why a "bring your own server" FHIR base cannot be used, or null. Only https: a SMART server on another origin
 * is reached over the internet, and the lab never sends a learner's app to a plain-http one.
 */
export function ownServerProblem(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:") return "The server's FHIR base must be an https URL.";
    if (parsed.search || parsed.hash) return "The FHIR base is a plain URL, without ? or #.";
    return null;
  } catch {
    return "Enter the server's FHIR base URL, e.g. https://launch.smarthealthit.org/v/r4/fhir.";
  }
}
