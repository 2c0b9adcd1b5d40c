import type { FhirResource } from "../protocol/fhir/fhir-resource.ts";
import { CONDITIONS, ENCOUNTER_TYPES, SYSTEMS, VITALS } from "./clinical-codes.ts";
import { encounterResource } from "./encounter-resource.ts";
import { narrative, quantity } from "./fhir-datatypes.ts";
import { atHour, DAY } from "./lab-calendar.ts";
import { observationResource } from "./observation-resource.ts";
import type { ChartVisit, PatientChart } from "./patient-chart.ts";
import type { ConditionKey, PatientProfile } from "./patient-profile.ts";
import { patientResource } from "./patient-resource.ts";
import { type AdultVitals, recordCheckUp } from "./record-check-up.ts";
import { recordCurrentCare } from "./record-current-care.ts";
import { recordSickVisit } from "./record-sick-visit.ts";
import type { SeededRandom } from "./seeded-random.ts";

/**
 * Writes one patient's record: the Patient (and, for the fifth, the mother as RelatedPerson), a yearly check-up and
 * some sick visits over up to eight years, the problem list, current medications and allergies, and an
 * in-progress visit today when the profile asks for one.
 * @see https://hl7.org/fhir/R4/patient.html
 */
export function generatePatient(
  n: number,
  profile: PatientProfile,
  random: SeededRandom,
  today: number,
  push: (resource: FhirResource) => void,
): void {
  const patientId = `smart-${n}`;
  const patient = { reference: `Patient/${patientId}`, display: `${profile.given} ${profile.family}` };
  const gp = `Practitioner/smart-practitioner-${profile.practitioner}`;
  const birth = Date.parse(`${profile.birthDate}T00:00:00Z`);
  const ageAt = (time: number): number => (time - birth) / (365.25 * DAY);
  const counters = new Map<string, number>();
  const nextId = (kind: string): string => {
    const count = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, count);
    return `${patientId}-${kind}-${count}`;
  };
  const chart: PatientChart = { profile, patient, gp, random, nextId, push };

  push(patientResource(n, patientId, profile, gp));

  if (n === 5) {
    // The child's parent: the RelatedPerson persona of the lessons on patient access by proxy.
    push({
      resourceType: "RelatedPerson",
      id: "smart-related-1",
      text: narrative(`Sarah Brown, mother of ${profile.given} ${profile.family}.`),
      active: true,
      patient,
      relationship: [{ coding: [{ system: SYSTEMS.roleCode, code: "MTH", display: "mother" }], text: "Mother" }],
      name: [{ use: "official", family: "Brown", given: ["Sarah"] }],
      telecom: [{ system: "phone", value: "555-0155", use: "mobile" }],
      gender: "female",
      birthDate: "1988-06-02",
    });
  }

  // Encounter dates: a yearly check-up for up to eight years, plus a sick visit roughly every other year.
  // Each patient has their own check-up season, so visits spread over the year rather than bunching in January.
  const firstVisit = Math.max(birth + 30 * DAY, today - 8 * 365 * DAY + random.int(0, 300) * DAY);
  const visits: { start: number; kind: "checkup" | "sick" }[] = [];
  for (let year = 0; firstVisit + year * 365 * DAY < today - 20 * DAY; year++) {
    visits.push({ start: firstVisit + year * 365 * DAY + random.int(0, 40) * DAY, kind: "checkup" });
    if (random.chance(0.5))
      visits.push({ start: firstVisit + year * 365 * DAY + random.int(90, 300) * DAY, kind: "sick" });
  }
  const past = visits.filter((visit) => visit.start < today - DAY).sort((a, b) => a.start - b.start);

  const vitals: AdultVitals = {
    weight: profile.gender === "female" ? random.normal(68, 8) : random.normal(84, 9),
    height: profile.gender === "female" ? random.normal(164, 6) : random.normal(177, 6),
    systolic: profile.chronic.includes("hypertension") ? 142 : 118,
    diastolic: profile.chronic.includes("hypertension") ? 90 : 76,
  };
  const chronicOnset = new Map<ConditionKey, number>();
  for (const key of profile.chronic) {
    chronicOnset.set(
      key,
      past.length > 0 ? (past[random.int(0, Math.min(2, past.length - 1))]?.start ?? today) : today,
    );
  }

  let lastCheckupEncounter: string | undefined;
  let lastCheckupTime = 0;
  let consultantUsed = false;
  for (const [index, visit] of past.entries()) {
    const start = atHour(visit.start, 9 + random.int(0, 7));
    const end = start + (visit.kind === "checkup" ? 30 : 20) * 60_000;
    const encounterId = nextId("enc");
    const encounter = { reference: `Encounter/${encounterId}` };
    const age = ageAt(start);
    const child = age < 18;
    const practitioner =
      profile.consultant !== undefined && !consultantUsed && visit.kind === "checkup" && index > past.length / 2
        ? `Practitioner/smart-practitioner-${profile.consultant}`
        : gp;
    if (practitioner !== gp) consultantUsed = true;
    const type =
      visit.kind === "sick" ? ENCOUNTER_TYPES.symptom : child ? ENCOUNTER_TYPES.wellChild : ENCOUNTER_TYPES.checkUp;
    const acute: ConditionKey | undefined =
      visit.kind === "sick"
        ? random.pick(
            child ? (["otitisMedia", "pharyngitis"] as const) : (["sinusitis", "pharyngitis", "bronchitis"] as const),
          )
        : undefined;
    push(
      encounterResource(
        encounterId,
        patient,
        practitioner,
        type,
        "finished",
        start,
        end,
        acute ? CONDITIONS[acute] : undefined,
      ),
    );
    const effective = new Date(start + 5 * 60_000).toISOString();
    const issued = new Date(start + 2 * 3_600_000).toISOString();
    const visitRecord: ChartVisit = {
      index,
      encounter,
      practitioner,
      start,
      effective,
      issued,
      age,
      child,
      obs(code, category, value, extra = {}) {
        const id = nextId("obs");
        push(observationResource(id, patient, encounter, category, code, effective, issued, value, extra));
        return id;
      },
    };

    if (visit.kind === "sick" && acute) {
      recordSickVisit(chart, visitRecord, acute);
      continue;
    }
    recordCheckUp(chart, visitRecord, vitals);
    lastCheckupEncounter = encounterId;
    lastCheckupTime = start;
  }

  recordCurrentCare(chart, {
    chronicOnset,
    lastCheckupEncounter,
    lastCheckupTime,
    recordedDate: new Date(firstVisit).toISOString(),
    today,
  });
  if (profile.inProgress) {
    // Today's visit, still open: the encounter an EHR launch puts in context.
    const start = atHour(today, 8) + 30 * 60_000;
    const encounterId = nextId("enc");
    push(
      encounterResource(encounterId, patient, gp, ENCOUNTER_TYPES.followUp, "in-progress", start, undefined, undefined),
    );
    push(
      observationResource(
        nextId("obs"),
        patient,
        { reference: `Encounter/${encounterId}` },
        "vital-signs",
        VITALS.heartRate,
        new Date(start + 10 * 60_000).toISOString(),
        new Date(start + 10 * 60_000).toISOString(),
        quantity(Math.round(random.normal(76, 5)), VITALS.heartRate.unit),
        { status: "preliminary" },
      ),
    );
  }
}
