import type { FhirResource } from "../protocol/fhir/fhir-resource.ts";
import { clinicResources } from "./clinic-resources.ts";
import { generatePatient } from "./generate-patient.ts";
import { DAY } from "./lab-calendar.ts";
import { CURATED_PROFILES, randomProfile } from "./patient-profile.ts";
import { createSeededRandom } from "./seeded-random.ts";

/** How to generate the data set; the defaults give the curated lab data set. @see https://hl7.org/fhir/R4/resourcelist.html */
export interface LabDataOptions {
  /** Number of patients: the first eight are the curated lesson patients, the rest are generated alike. */
  patients?: number;
  /** PRNG seed: the same seed gives the same data, resource for resource. */
  seed?: number;
  /** The lab's "today" (YYYY-MM-DD): ages, encounter dates and in-progress encounters are relative to it. */
  today?: string;
}

/** The lab's fixed "today", so lesson text can rely on ages and dates. */
const LAB_DATA_TODAY = "2026-01-15";

/** The number of curated lesson patients (ids `smart-1` … `smart-8`). */
export const CURATED_PATIENT_COUNT = 8;

/**
 * Generates the lab's synthetic FHIR R4 data set, deterministically from a seed: the clinic (Organization,
 * Practitioners, PractitionerRoles), the curated patients with a RelatedPerson (the parent of the child patient),
 * and for every patient Encounters, Observations (vital signs, laboratory, social history, survey), Conditions,
 * MedicationRequests, AllergyIntolerances, Immunizations, Procedures and DiagnosticReports. Ids are stable
 * (`Patient/smart-1`, `Observation/smart-1-obs-3`); more patients scale it up for benchmarks.
 */
export function generateLabData(options: LabDataOptions = {}): FhirResource[] {
  const patientCount = options.patients ?? CURATED_PATIENT_COUNT;
  const random = createSeededRandom(options.seed ?? 20260115);
  const today = Date.parse(`${options.today ?? LAB_DATA_TODAY}T00:00:00Z`);
  const lastUpdated = new Date(today - DAY).toISOString();
  const out: FhirResource[] = [];
  const push = (resource: FhirResource): void => {
    out.push({ ...resource, meta: { versionId: "1", lastUpdated } });
  };

  for (const resource of clinicResources()) push(resource);

  for (let n = 1; n <= patientCount; n++) {
    const profile = CURATED_PROFILES[n - 1] ?? randomProfile(random, today);
    generatePatient(n, profile, random, today, push);
  }
  return out;
}
