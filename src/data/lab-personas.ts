/**
 * A user the lab's login page lets a learner be, with the FHIR resource that user is (`fhirUser`). Consistent
 * with the generated data set: the practitioners' panels are the patients whose `generalPractitioner` they are
 * (Dr. Reyes has no panel and sees two patients through encounters), and Sarah Brown is the mother of Emma.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#fhiruser
 */
export interface LabPersona {
  id: string;
  kind: "practitioner" | "patient" | "related-person";
  name: string;
  description: string;
  fhirUser: `Practitioner/${string}` | `Patient/${string}` | `RelatedPerson/${string}`;
}

/** The lab's user personas, for the authorization server's login and pickers. */
export const LAB_PERSONAS: readonly LabPersona[] = [
  {
    id: "dr-carter",
    kind: "practitioner",
    name: "Dr. Alice Carter",
    description: "Family physician. Panel: Amy Shaw, James Wilson, Robert Nguyen, Linda Park.",
    fhirUser: "Practitioner/smart-practitioner-1",
  },
  {
    id: "dr-okafor",
    kind: "practitioner",
    name: "Dr. Ben Okafor",
    description: "Pediatrician and family physician. Panel: Emma Brown, Noah Davis, Olivia Martin, George Thompson.",
    fhirUser: "Practitioner/smart-practitioner-2",
  },
  {
    id: "dr-reyes",
    kind: "practitioner",
    name: "Dr. Carmen Reyes",
    description: "Cardiologist with no panel of her own: sees James Wilson and Robert Nguyen through their encounters.",
    fhirUser: "Practitioner/smart-practitioner-3",
  },
  {
    id: "amy-shaw",
    kind: "patient",
    name: "Amy Shaw",
    description: "Adult patient (born 1987) with asthma and prediabetes; has a visit in progress today.",
    fhirUser: "Patient/smart-1",
  },
  {
    id: "sarah-brown",
    kind: "related-person",
    name: "Sarah Brown",
    description: "Mother of Emma Brown (born 2018), who has a peanut allergy; can see Emma's record.",
    fhirUser: "RelatedPerson/smart-related-1",
  },
];
