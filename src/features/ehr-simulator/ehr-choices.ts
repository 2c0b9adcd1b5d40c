import type { Persona } from "../../servers/authorization-server/authorization-server-deps.ts";
import type { RegisteredClient } from "../../servers/authorization-server/registered-client.ts";
import type { EncounterDetails } from "../../servers/fhir-server/lab-directory.ts";
import type { PatientSummary } from "../../servers/patient-summary.ts";

/** What the simulated EHR offers: the patients' charts, the clinicians who can be signed in, the apps to launch. */
export interface EhrChoices {
  patients: readonly PatientSummary[];
  practitioners: readonly Persona[];
  clients: readonly RegisteredClient[];
}

/**
 * The EHR's choices from the lab's registrations, personas and patients. One app per launch URL: an EHR launches an
 * app at its URL and the app decides which client it is, so the sample apps (one shared launch URL) appear once,
 * as the public sample, which the server lists first. Only apps that use the authorization code can be launched.
 */
export function ehrChoices(lab: {
  clients: readonly RegisteredClient[];
  personas: readonly Persona[];
  patients: readonly PatientSummary[];
}): EhrChoices {
  const seen = new Set<string>();
  const clients = lab.clients.filter((client) => {
    if (!client.launchUri || !client.grantTypes.includes("authorization_code") || seen.has(client.launchUri))
      return false;
    seen.add(client.launchUri);
    return true;
  });
  return {
    patients: lab.patients,
    practitioners: lab.personas.filter((persona) => persona.kind === "practitioner"),
    clients,
  };
}

/** An encounter as the EHR's picker lists it: "Office visit · 2025-11-02 · finished", leaving out what is unknown. */
export function encounterOptionLabel(encounter: EncounterDetails): string {
  return [encounter.type ?? encounter.class ?? "Encounter", encounter.period?.start?.slice(0, 10), encounter.status]
    .filter(Boolean)
    .join(" · ");
}
