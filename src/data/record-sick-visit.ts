import { CONDITIONS, MEDICATIONS, PROCEDURES, SYSTEMS, VITALS } from "./clinical-codes.ts";
import { concept, narrative, quantity, round } from "./fhir-datatypes.ts";
import { DAY } from "./lab-calendar.ts";
import { medicationRequestResource } from "./medication-request-resource.ts";
import type { ChartVisit, PatientChart } from "./patient-chart.ts";
import type { ConditionKey } from "./patient-profile.ts";
import { procedureResource } from "./procedure-resource.ts";

/**
 * Writes a sick visit for an acute condition: fever and pulse, the diagnosis (resolved ten days later), and for
 * otitis media and half the sore throats amoxicillin (unless the patient is allergic to penicillin), a sore throat
 * with a throat culture first.
 */
export function recordSickVisit(chart: PatientChart, visit: ChartVisit, acute: ConditionKey): void {
  const { patient, profile, random, nextId, push } = chart;
  const { encounter, practitioner, start, effective, obs } = visit;
  obs(VITALS.temperature, "vital-signs", quantity(round(random.normal(38.2, 0.4), 1), VITALS.temperature.unit));
  obs(VITALS.heartRate, "vital-signs", quantity(Math.round(random.normal(92, 8)), VITALS.heartRate.unit));
  push({
    resourceType: "Condition",
    id: nextId("cond"),
    text: narrative(`${CONDITIONS[acute].display}, diagnosed ${effective.slice(0, 10)}; resolved.`),
    clinicalStatus: concept(SYSTEMS.conditionClinical, { code: "resolved", display: "Resolved" }),
    verificationStatus: concept(SYSTEMS.conditionVerification, { code: "confirmed", display: "Confirmed" }),
    category: [concept(SYSTEMS.conditionCategory, { code: "encounter-diagnosis", display: "Encounter Diagnosis" })],
    code: concept(SYSTEMS.snomed, CONDITIONS[acute]),
    subject: patient,
    encounter,
    onsetDateTime: effective,
    abatementDateTime: new Date(start + 10 * DAY).toISOString(),
    recordedDate: effective,
    recorder: { reference: practitioner },
  });
  if (acute === "otitisMedia" || (acute === "pharyngitis" && random.chance(0.5))) {
    if (acute === "pharyngitis")
      push(procedureResource(nextId("proc"), patient, encounter, PROCEDURES.throatCulture, start, practitioner));
    if (!profile.allergies.includes("penicillin")) {
      push(
        medicationRequestResource(
          nextId("medreq"),
          patient,
          encounter,
          practitioner,
          MEDICATIONS.amoxicillin,
          "completed",
          effective,
        ),
      );
    }
  }
}
