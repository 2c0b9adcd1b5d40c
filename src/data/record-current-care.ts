import { allergyIntoleranceResource } from "./allergy-intolerance-resource.ts";
import { CONDITIONS, MEDICATIONS, SYSTEMS } from "./clinical-codes.ts";
import { concept, narrative } from "./fhir-datatypes.ts";
import { atHour, DAY } from "./lab-calendar.ts";
import { medicationRequestResource } from "./medication-request-resource.ts";
import type { PatientChart } from "./patient-chart.ts";
import type { ConditionKey } from "./patient-profile.ts";

/** What the past visits established that the current record refers to. */
interface CareHistory {
  /** When each chronic condition was first seen. */
  chronicOnset: ReadonlyMap<ConditionKey, number>;
  /** The latest check-up, where the current medications were prescribed (none: a month ago, no encounter). */
  lastCheckupEncounter: string | undefined;
  lastCheckupTime: number;
  /** When the allergies were recorded: the first visit. */
  recordedDate: string;
  today: number;
}

/**
 * Writes what the patient has today: the problem list (each chronic condition once, active), the current
 * medications and the allergies.
 */
export function recordCurrentCare(chart: PatientChart, history: CareHistory): void {
  const { patient, gp, profile, nextId, push } = chart;
  const { today } = history;
  // Problem list: each chronic condition recorded once, still active.
  for (const key of profile.chronic) {
    const onset = new Date(atHour(history.chronicOnset.get(key) ?? today, 10)).toISOString();
    push({
      resourceType: "Condition",
      id: nextId("cond"),
      text: narrative(`${CONDITIONS[key].display}, active since ${onset.slice(0, 10)}.`),
      clinicalStatus: concept(SYSTEMS.conditionClinical, { code: "active", display: "Active" }),
      verificationStatus: concept(SYSTEMS.conditionVerification, { code: "confirmed", display: "Confirmed" }),
      category: [concept(SYSTEMS.conditionCategory, { code: "problem-list-item", display: "Problem List Item" })],
      code: concept(SYSTEMS.snomed, CONDITIONS[key]),
      subject: patient,
      onsetDateTime: onset,
      recordedDate: onset,
      recorder: { reference: gp },
    });
  }
  // Current medications, prescribed at the latest check-up.
  const authored = new Date((history.lastCheckupTime || today - 30 * DAY) + 15 * 60_000).toISOString();
  for (const key of profile.meds) {
    const encounter = history.lastCheckupEncounter
      ? { reference: `Encounter/${history.lastCheckupEncounter}` }
      : undefined;
    const request = medicationRequestResource(
      nextId("medreq"),
      patient,
      encounter,
      gp,
      MEDICATIONS[key],
      "active",
      authored,
    );
    if (key === "apixaban") {
      // One request points at a Medication resource instead of inlining the code, for _include=MedicationRequest:medication.
      delete request.medicationCodeableConcept;
      request.medicationReference = {
        reference: "Medication/smart-med-apixaban",
        display: MEDICATIONS.apixaban.display,
      };
    }
    push(request);
  }
  for (const key of profile.allergies) {
    push(allergyIntoleranceResource(nextId("allergy"), key, patient, history.recordedDate, gp));
  }
}
