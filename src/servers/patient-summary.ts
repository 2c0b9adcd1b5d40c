/**
 * A patient as the launch pickers (the authorization server's patient picker, the EHR's chart list) show it, read
 * from the lab's FHIR data.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#launch-context-arrives-with-your-access_token
 */
export interface PatientSummary {
  id: string;
  name: string;
  birthDate?: string;
  gender?: string;
}
