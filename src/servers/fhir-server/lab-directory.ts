import { humanNameText } from "../../protocol/fhir/display-text.ts";
import { isJsonObject } from "../../protocol/fhir/fhir-resource.ts";
import { parseRelativeReference } from "../../protocol/fhir/match-search-filter.ts";
import type { PatientSummary } from "../patient-summary.ts";
import type { FhirStore } from "./create-fhir-store.ts";

/** What the directory knows of an encounter (the pickers make their label of it). @see https://hl7.org/fhir/R4/encounter.html */
export interface EncounterDetails {
  id: string;
  status?: string;
  class?: string;
  period?: { start?: string; end?: string };
  type?: string;
}

/** Every live patient, for the authorization server's patient picker. @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#launch-context-arrives-with-your-access_token */
export function listPatients(store: FhirStore): PatientSummary[] {
  const out: PatientSummary[] = [];
  for (const record of store.records("Patient")) {
    const patient = record.current;
    if (!patient) continue;
    const summary: PatientSummary = { id: record.id, name: displayName(patient.name) };
    if (typeof patient.birthDate === "string") summary.birthDate = patient.birthDate;
    if (typeof patient.gender === "string") summary.gender = patient.gender;
    out.push(summary);
  }
  return out;
}

/** The encounters of one patient, newest first, for the encounter picker of an EHR launch. */
export function encountersOfPatient(store: FhirStore, patientId: string): EncounterDetails[] {
  const out: EncounterDetails[] = [];
  for (const { id, current: encounter } of store.compartment(patientId, "Encounter")) {
    if (!encounter) continue;
    const summary: EncounterDetails = { id };
    if (typeof encounter.status === "string") summary.status = encounter.status;
    if (isJsonObject(encounter.class) && typeof encounter.class.code === "string") summary.class = encounter.class.code;
    if (isJsonObject(encounter.period)) {
      const period: { start?: string; end?: string } = {};
      if (typeof encounter.period.start === "string") period.start = encounter.period.start;
      if (typeof encounter.period.end === "string") period.end = encounter.period.end;
      summary.period = period;
    }
    const type = Array.isArray(encounter.type) ? encounter.type[0] : undefined;
    if (isJsonObject(type)) {
      const coding = Array.isArray(type.coding) && isJsonObject(type.coding[0]) ? type.coding[0] : undefined;
      const text =
        typeof type.text === "string" ? type.text : typeof coding?.display === "string" ? coding.display : undefined;
      if (text) summary.type = text;
    }
    out.push(summary);
  }
  return out.sort((a, b) => (b.period?.start ?? "").localeCompare(a.period?.start ?? ""));
}

/**
 * The patients a user may see, used as `userPatients` for user-level scopes: a Practitioner sees the patients
 * whose generalPractitioner they are and those of encounters they take part in; a Patient sees themself; a
 * RelatedPerson sees the patient they are related to. `fhirUser` may be relative or an absolute URL.
 */
export function patientsVisibleTo(store: FhirStore, fhirUser: string): ReadonlySet<string> {
  const match = /([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})$/.exec(fhirUser);
  const user = match?.[1] ? parseRelativeReference(match[1]) : undefined;
  const out = new Set<string>();
  if (!user) return out;
  const key = `${user.type}/${user.id}`;
  switch (user.type) {
    case "Patient":
      if (store.get("Patient", user.id)?.current) out.add(user.id);
      break;
    case "RelatedPerson": {
      const related = store.get("RelatedPerson", user.id)?.current;
      const patient = isJsonObject(related?.patient) ? related.patient.reference : undefined;
      const target = typeof patient === "string" ? parseRelativeReference(patient) : undefined;
      if (target?.type === "Patient") out.add(target.id);
      break;
    }
    case "Practitioner": {
      for (const { id } of store.lookup("Patient", "general-practitioner", key) ?? []) out.add(id);
      for (const { current: encounter } of store.lookup("Encounter", "participant", key) ?? []) {
        const subject = isJsonObject(encounter?.subject) ? encounter.subject.reference : undefined;
        const target = typeof subject === "string" ? parseRelativeReference(subject) : undefined;
        if (target?.type === "Patient") out.add(target.id);
      }
      break;
    }
  }
  return out;
}

function displayName(name: unknown): string {
  return humanNameText(name) || "(no name)";
}
