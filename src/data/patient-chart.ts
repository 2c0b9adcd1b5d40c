import type { FhirResource } from "../protocol/fhir/fhir-resource.ts";
import type { CodeEntry, ObservationCode } from "./clinical-codes.ts";
import type { DisplayedReference } from "./fhir-datatypes.ts";
import type { PatientProfile } from "./patient-profile.ts";
import type { SeededRandom } from "./seeded-random.ts";

/**
 * One patient's record as it is written: who they are, the random draws (in one order, so the data set is the
 * same for the same seed), ids in the patient's own sequence (`smart-1-obs-3`), and where the resources go.
 */
export interface PatientChart {
  profile: PatientProfile;
  patient: DisplayedReference;
  /** The general practitioner, `Practitioner/<id>`. */
  gp: string;
  random: SeededRandom;
  nextId(kind: string): string;
  push(resource: FhirResource): void;
}

/** One past visit being written: its encounter, who saw the patient, when, and how old the patient was. */
export interface ChartVisit {
  /** Position among the patient's past visits (some panels are drawn every second or third check-up). */
  index: number;
  encounter: { reference: string };
  practitioner: string;
  start: number;
  /** When the visit's observations were taken, and when their results were issued. */
  effective: string;
  issued: string;
  age: number;
  child: boolean;
  /** Pushes an Observation of this visit (`value` is its value[x], `extra` further elements) and returns its id. */
  obs(
    code: ObservationCode | CodeEntry,
    category: string,
    value: Record<string, unknown>,
    extra?: Record<string, unknown>,
  ): string;
}
