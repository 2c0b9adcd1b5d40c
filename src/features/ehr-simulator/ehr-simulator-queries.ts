import { mutationOptions, queryOptions } from "@tanstack/react-query";
import { getLab } from "../../lib/lab-servers.ts";
import type { EncounterDetails } from "../../servers/fhir-server/lab-directory.ts";
import { type EhrChoices, ehrChoices } from "./ehr-choices.ts";

/** Everything the simulated EHR shows: patients, the clinicians who can be signed in and the apps it can launch. */
export const ehrChoicesQuery = queryOptions({
  queryKey: ["ehr"],
  queryFn: async (): Promise<EhrChoices> => {
    const lab = await getLab();
    return ehrChoices({
      clients: await lab.authorization.listClients(),
      personas: lab.personas,
      patients: lab.fhirServer.listPatients(),
    });
  },
});

/** The encounters in a patient's chart, for the "open encounter" picker. */
export function ehrEncountersQuery(patientId: string) {
  return queryOptions({
    queryKey: ["ehr", "encounters", patientId],
    queryFn: async (): Promise<EncounterDetails[]> => (await getLab()).fhirServer.encountersOfPatient(patientId),
    enabled: patientId !== "",
  });
}

/** The context the clinician launches an app in. */
export interface EhrLaunchRequest {
  patient: string;
  /** "" for patient context only. */
  encounter: string;
  personaId: string;
  clientId: string;
}

/**
 * Records the launch context with the authorization server, then leaves for the app's launch URL with `iss` and
 * `launch` in the query string, as an EHR does.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#launch-app-ehr-launch
 */
export function ehrLaunchMutation() {
  return mutationOptions({
    mutationFn: async ({ patient, encounter, personaId, clientId }: EhrLaunchRequest): Promise<void> => {
      const lab = await getLab();
      const launchId = await lab.authorization.createEhrLaunch({
        patient,
        ...(encounter ? { encounter } : {}),
        ...(personaId ? { personaId } : {}),
        // The launch is bound to the app it was made for: another client presenting it is refused.
        clientId,
      });
      const url = await lab.authorization.ehrLaunchUrl(launchId, clientId);
      if (!url) throw new Error(`The app ${clientId} has no launch URL registered.`);
      window.location.assign(url);
    },
  });
}
