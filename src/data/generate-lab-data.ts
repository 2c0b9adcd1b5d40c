import type { CodeableConcept, FhirResource } from "../protocol/fhir/fhir-resource.ts";
import {
  ALLERGIES,
  CONDITIONS,
  type CodeEntry,
  ENCOUNTER_TYPES,
  LAB_PANELS,
  LABS,
  MEDICATIONS,
  type ObservationCode,
  PROCEDURES,
  SMOKING_STATUS,
  SOCIAL,
  SYSTEMS,
  VACCINES,
  VITALS,
} from "./clinical-codes.ts";
import { createSeededRandom, type SeededRandom } from "./seeded-random.ts";

/** How to generate the data set; the defaults give the curated lab data set. @see https://hl7.org/fhir/R4/resourcelist.html */
export interface LabDataOptions {
  /** Number of patients: the first eight are the curated lesson patients, the rest are generated alike. */
  patients?: number;
  /** PRNG seed: the same seed gives the same data, resource for resource. */
  seed?: number;
  /** The lab's "today" (YYYY-MM-DD): ages, encounter dates and in-progress encounters are relative to it. */
  today?: string;
}

/** The lab's fixed "today", so lesson text can rely on ages and dates. @see https://hl7.org/fhir/R4/resourcelist.html */
const LAB_DATA_TODAY = "2026-01-15";

/** The number of curated lesson patients (ids `smart-1` … `smart-8`). @see https://hl7.org/fhir/R4/resourcelist.html */
export const CURATED_PATIENT_COUNT = 8;

type ConditionKey = keyof typeof CONDITIONS;
type MedicationKey = keyof typeof MEDICATIONS;
type AllergyKey = keyof typeof ALLERGIES;

interface PatientProfile {
  given: string;
  family: string;
  gender: "female" | "male";
  birthDate: string;
  practitioner: 1 | 2;
  chronic: ConditionKey[];
  meds: MedicationKey[];
  allergies: AllergyKey[];
  smoking: keyof typeof SMOKING_STATUS;
  /** Extra practitioner who sees the patient in one encounter (so they appear in that practitioner's list). */
  consultant?: number;
  /** Whether the patient's latest encounter is still in progress (for encounter-level launches). */
  inProgress?: boolean;
  street: string;
}

/** The curated lesson patients; ASCII names only (fhirclient decodes tokens with atob). */
const CURATED: PatientProfile[] = [
  {
    given: "Amy",
    family: "Shaw",
    gender: "female",
    birthDate: "1987-02-20",
    practitioner: 1,
    chronic: ["asthma", "prediabetes"],
    meds: ["albuterol", "fluticasone"],
    allergies: ["penicillin"],
    smoking: "never",
    inProgress: true,
    street: "12 Birch Lane",
  },
  {
    given: "James",
    family: "Wilson",
    gender: "male",
    birthDate: "1958-07-03",
    practitioner: 1,
    chronic: ["diabetes", "hypertension", "hyperlipidemia"],
    meds: ["metformin", "lisinopril", "atorvastatin"],
    allergies: [],
    smoking: "former",
    consultant: 3,
    inProgress: true,
    street: "48 Harbor Road",
  },
  {
    given: "Robert",
    family: "Nguyen",
    gender: "male",
    birthDate: "1940-11-11",
    practitioner: 1,
    chronic: ["copd", "ckd3", "atrialFibrillation", "hypertension"],
    meds: ["apixaban", "amlodipine", "hydrochlorothiazide"],
    allergies: ["shellfish"],
    smoking: "former",
    consultant: 3,
    street: "7 Elm Court",
  },
  {
    given: "Linda",
    family: "Park",
    gender: "female",
    birthDate: "1972-05-30",
    practitioner: 1,
    chronic: ["hypothyroidism", "depression"],
    meds: ["levothyroxine", "sertraline"],
    allergies: [],
    smoking: "current",
    street: "301 Maple Avenue",
  },
  {
    given: "Emma",
    family: "Brown",
    gender: "female",
    birthDate: "2018-09-14",
    practitioner: 2,
    chronic: [],
    meds: [],
    allergies: ["peanut"],
    smoking: "never",
    inProgress: true,
    street: "22 Willow Street",
  },
  {
    given: "Noah",
    family: "Davis",
    gender: "male",
    birthDate: "2010-03-08",
    practitioner: 2,
    chronic: ["asthma"],
    meds: ["albuterol"],
    allergies: [],
    smoking: "never",
    street: "95 Cedar Drive",
  },
  {
    given: "Olivia",
    family: "Martin",
    gender: "female",
    birthDate: "1995-12-01",
    practitioner: 2,
    chronic: ["migraine", "anemia"],
    meds: ["ibuprofen"],
    allergies: ["penicillin"],
    smoking: "never",
    street: "16 Orchard Way",
  },
  {
    given: "George",
    family: "Thompson",
    gender: "male",
    birthDate: "1949-04-22",
    practitioner: 2,
    chronic: ["hypertension", "osteoarthritis", "hyperlipidemia"],
    meds: ["lisinopril", "atorvastatin", "acetaminophen"],
    allergies: [],
    smoking: "former",
    street: "5 Station Square",
  },
];

const GIVEN_FEMALE = [
  "Anna",
  "Beth",
  "Clara",
  "Diana",
  "Grace",
  "Hannah",
  "Julia",
  "Laura",
  "Mia",
  "Nora",
  "Ruth",
  "Sofia",
];
const GIVEN_MALE = ["Adam", "Carl", "David", "Ethan", "Frank", "Henry", "Isaac", "Jack", "Leo", "Mark", "Paul", "Sam"];
const FAMILY = [
  "Adams",
  "Baker",
  "Clark",
  "Evans",
  "Foster",
  "Gray",
  "Hill",
  "King",
  "Lewis",
  "Moore",
  "Reed",
  "Young",
];

const CHRONIC_MEDS: Partial<Record<ConditionKey, MedicationKey>> = {
  asthma: "albuterol",
  diabetes: "metformin",
  hypertension: "lisinopril",
  hyperlipidemia: "atorvastatin",
  atrialFibrillation: "apixaban",
  hypothyroidism: "levothyroxine",
  depression: "sertraline",
  osteoarthritis: "acetaminophen",
};

/** Organization and practitioners of the lab's clinic (the user personas' fhirUser). */
const PRACTITIONERS = [
  { given: "Alice", family: "Carter", gender: "female", specialty: { code: "419772000", display: "Family practice" } },
  { given: "Ben", family: "Okafor", gender: "male", specialty: { code: "394537008", display: "Pediatric specialty" } },
  { given: "Carmen", family: "Reyes", gender: "female", specialty: { code: "394579002", display: "Cardiology" } },
] as const;

const ORGANIZATION_ID = "smart-org-1";
const DAY = 86_400_000;

/**
 * Generates the lab's synthetic FHIR R4 data set, deterministically from a seed: the clinic (Organization,
 * Practitioners, PractitionerRoles), the curated patients with a RelatedPerson (the parent of the child patient),
 * and for every patient Encounters, Observations (vital signs, laboratory, social history, survey), Conditions,
 * MedicationRequests, AllergyIntolerances, Immunizations, Procedures and DiagnosticReports. Ids are stable
 * (`Patient/smart-1`, `Observation/smart-1-obs-3`); more patients scale it up for benchmarks.
 * @see https://hl7.org/fhir/R4/resourcelist.html
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

  push({
    resourceType: "Organization",
    id: ORGANIZATION_ID,
    text: narrative("Lakeside Community Health, a primary care clinic."),
    active: true,
    type: [
      {
        coding: [
          {
            system: "http://terminology.hl7.org/CodeSystem/organization-type",
            code: "prov",
            display: "Healthcare Provider",
          },
        ],
      },
    ],
    name: "Lakeside Community Health",
    telecom: [{ system: "phone", value: "555-0100" }],
    address: [{ line: ["1 Lakeside Plaza"], city: "Springfield", state: "MA", postalCode: "01101", country: "US" }],
  });
  PRACTITIONERS.forEach((practitioner, index) => {
    const id = `smart-practitioner-${index + 1}`;
    push({
      resourceType: "Practitioner",
      id,
      text: narrative(`Dr. ${practitioner.given} ${practitioner.family}, ${practitioner.specialty.display}.`),
      identifier: [{ system: SYSTEMS.npi, value: String(1_000_000_001 + index) }],
      active: true,
      name: [{ use: "official", family: practitioner.family, given: [practitioner.given], prefix: ["Dr."] }],
      telecom: [
        {
          system: "email",
          value: `${practitioner.given.toLowerCase()}.${practitioner.family.toLowerCase()}@lakeside.example.org`,
        },
      ],
      gender: practitioner.gender,
    });
    push({
      resourceType: "PractitionerRole",
      id: `smart-practitioner-role-${index + 1}`,
      active: true,
      practitioner: { reference: `Practitioner/${id}`, display: `Dr. ${practitioner.given} ${practitioner.family}` },
      organization: { reference: `Organization/${ORGANIZATION_ID}` },
      code: [
        {
          coding: [
            { system: "http://terminology.hl7.org/CodeSystem/practitioner-role", code: "doctor", display: "Doctor" },
          ],
        },
      ],
      specialty: [concept(SYSTEMS.snomed, practitioner.specialty)],
    });
  });
  push({
    resourceType: "Medication",
    id: "smart-med-apixaban",
    text: narrative(MEDICATIONS.apixaban.display),
    code: concept(SYSTEMS.rxnorm, MEDICATIONS.apixaban),
    status: "active",
    form: concept(SYSTEMS.snomed, { code: "385055001", display: "Tablet" }),
  });

  for (let n = 1; n <= patientCount; n++) {
    const profile = CURATED[n - 1] ?? randomProfile(random, today);
    generatePatient(n, profile, random, today, push);
  }
  return out;
}

function randomProfile(random: SeededRandom, today: number): PatientProfile {
  const gender = random.chance(0.5) ? "female" : "male";
  const age = random.int(1, 90);
  const birth = new Date(today - (age * 365.25 + random.int(0, 364)) * DAY).toISOString().slice(0, 10);
  const chronic: ConditionKey[] = [];
  const candidates: [ConditionKey, number][] =
    age < 18
      ? [["asthma", 0.15]]
      : [
          ["hypertension", age > 50 ? 0.45 : 0.1],
          ["hyperlipidemia", age > 45 ? 0.35 : 0.05],
          ["diabetes", age > 45 ? 0.15 : 0.03],
          ["prediabetes", 0.1],
          ["asthma", 0.08],
          ["depression", 0.1],
          ["hypothyroidism", 0.06],
          ["osteoarthritis", age > 60 ? 0.3 : 0.02],
          ["atrialFibrillation", age > 70 ? 0.1 : 0],
          ["copd", age > 60 ? 0.08 : 0],
        ];
  for (const [key, p] of candidates) if (random.chance(p)) chronic.push(key);
  const meds = chronic.flatMap((key) => CHRONIC_MEDS[key] ?? []);
  const allergies: AllergyKey[] = random.chance(0.15)
    ? [random.pick(["peanut", "penicillin", "shellfish"] as const)]
    : [];
  return {
    given: random.pick(gender === "female" ? GIVEN_FEMALE : GIVEN_MALE),
    family: random.pick(FAMILY),
    gender,
    birthDate: birth,
    practitioner: random.chance(0.5) ? 1 : 2,
    chronic,
    meds: [...new Set(meds)],
    allergies,
    smoking: age < 18 ? "never" : random.pick(["never", "never", "former", "current"] as const),
    street: `${random.int(1, 400)} ${random.pick(["Oak", "Pine", "River", "Hill", "Lake"])} Street`,
  };
}

function generatePatient(
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

  push({
    resourceType: "Patient",
    id: patientId,
    text: narrative(`${profile.given} ${profile.family}, ${profile.gender}, born ${profile.birthDate}.`),
    identifier: [
      {
        type: {
          coding: [{ system: SYSTEMS.identifierType, code: "MR", display: "Medical Record Number" }],
          text: "Medical Record Number",
        },
        system: SYSTEMS.mrn,
        value: `MRN-${String(1000 + n)}`,
      },
    ],
    active: true,
    name: [{ use: "official", family: profile.family, given: [profile.given] }],
    telecom: [{ system: "phone", value: `555-${String(1000 + (n % 9000)).padStart(4, "0")}`, use: "home" }],
    gender: profile.gender,
    birthDate: profile.birthDate,
    address: [{ line: [profile.street], city: "Springfield", state: "MA", postalCode: "01101", country: "US" }],
    generalPractitioner: [{ reference: gp }],
    managingOrganization: { reference: `Organization/${ORGANIZATION_ID}` },
  });

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
  const at = (time: number, hour: number): number => Math.floor(time / DAY) * DAY + hour * 3_600_000;

  const vitals = {
    weight: profile.gender === "female" ? random.normal(68, 8) : random.normal(84, 9),
    height: profile.gender === "female" ? random.normal(164, 6) : random.normal(177, 6),
    systolic: profile.chronic.includes("hypertension") ? 142 : 118,
    diastolic: profile.chronic.includes("hypertension") ? 90 : 76,
  };
  const diabetic = profile.chronic.includes("diabetes");
  const prediabetic = profile.chronic.includes("prediabetes");
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
    const start = at(visit.start, 9 + random.int(0, 7));
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
    const obs = (
      code: ObservationCode | CodeEntry,
      category: string,
      value: Record<string, unknown>,
      extra: Record<string, unknown> = {},
    ): string => {
      const id = nextId("obs");
      push(observation(id, patient, encounter, category, code, effective, issued, value, extra));
      return id;
    };

    if (visit.kind === "sick" && acute) {
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
          push(procedure(nextId("proc"), patient, encounter, PROCEDURES.throatCulture, start, practitioner));
        if (!profile.allergies.includes("penicillin")) {
          push(
            medicationRequest(
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
      continue;
    }

    // Check-up: full vital signs.
    const height = child ? childHeight(age, profile.gender) : vitals.height;
    const weight = child
      ? childWeight(age, profile.gender) * random.normal(1, 0.05)
      : vitals.weight + random.normal(0, 1.5);
    const systolic = Math.round(random.normal(child ? 104 : vitals.systolic, 6));
    const diastolic = Math.round(random.normal(child ? 64 : vitals.diastolic, 4));
    obs(
      VITALS.bloodPressure,
      "vital-signs",
      {},
      {
        component: [
          { code: concept(SYSTEMS.loinc, VITALS.systolic), valueQuantity: quantity(systolic, VITALS.systolic.unit) },
          { code: concept(SYSTEMS.loinc, VITALS.diastolic), valueQuantity: quantity(diastolic, VITALS.diastolic.unit) },
        ],
      },
    );
    obs(
      VITALS.heartRate,
      "vital-signs",
      quantity(Math.round(random.normal(child ? 90 : 72, 6)), VITALS.heartRate.unit),
    );
    obs(VITALS.bodyWeight, "vital-signs", quantity(round(weight, 1), VITALS.bodyWeight.unit));
    obs(VITALS.bodyHeight, "vital-signs", quantity(round(height, 1), VITALS.bodyHeight.unit));
    obs(VITALS.bmi, "vital-signs", quantity(round(weight / (height / 100) ** 2, 1), VITALS.bmi.unit));
    obs(VITALS.temperature, "vital-signs", quantity(round(random.normal(36.8, 0.2), 1), VITALS.temperature.unit));

    if (age >= 18) {
      obs(SOCIAL.smoking, "social-history", {
        valueCodeableConcept: concept(SYSTEMS.snomed, SMOKING_STATUS[profile.smoking]),
      });
    }
    if (age >= 12) {
      const depressed = profile.chronic.includes("depression");
      obs(SOCIAL.phq2, "survey", quantity(depressed ? random.int(2, 5) : random.int(0, 2), SOCIAL.phq2.unit));
      if (depressed) obs(SOCIAL.phq9, "survey", quantity(random.int(8, 16), SOCIAL.phq9.unit));
      push(procedure(nextId("proc"), patient, encounter, PROCEDURES.depressionScreening, start, practitioner));
    }

    if (age >= 18) {
      const labs = (panel: CodeEntry, results: [ObservationCode, number][]): void => {
        const ids = results.map(([code, value]) =>
          obs(code, "laboratory", quantity(value, code.unit), { referenceRange: referenceRange(code) }),
        );
        push({
          resourceType: "DiagnosticReport",
          id: nextId("report"),
          text: narrative(
            `${panel.display}: ${results.map(([code, value]) => `${code.display} ${value} ${code.unit}`).join("; ")}.`,
          ),
          status: "final",
          category: [concept(SYSTEMS.diagnosticServiceSection, { code: "LAB", display: "Laboratory" })],
          code: concept(SYSTEMS.loinc, panel),
          subject: patient,
          encounter,
          effectiveDateTime: effective,
          issued,
          performer: [{ reference: `Organization/${ORGANIZATION_ID}` }],
          result: ids.map((id, i) => ({ reference: `Observation/${id}`, display: results[i]?.[0].display })),
        });
      };
      labs(LAB_PANELS.metabolic, [
        [LABS.glucose, Math.round(random.normal(diabetic ? 155 : prediabetic ? 112 : 92, 10))],
        [LABS.creatinine, round(random.normal(profile.chronic.includes("ckd3") ? 1.8 : 0.9, 0.12), 2)],
      ]);
      if (diabetic || prediabetic || random.chance(0.3)) {
        labs(LAB_PANELS.hba1c, [[LABS.hba1c, round(random.normal(diabetic ? 7.8 : prediabetic ? 6.0 : 5.3, 0.3), 1)]]);
      }
      if (profile.chronic.includes("hyperlipidemia") || index % 2 === 0) {
        const high = profile.chronic.includes("hyperlipidemia");
        labs(LAB_PANELS.lipid, [
          [LABS.cholesterol, Math.round(random.normal(high ? 235 : 180, 15))],
          [LABS.ldl, Math.round(random.normal(high ? 150 : 100, 12))],
        ]);
      }
      if (index % 3 === 0 || profile.chronic.includes("anemia")) {
        const low = profile.chronic.includes("anemia");
        labs(LAB_PANELS.cbc, [
          [LABS.hemoglobin, round(random.normal(low ? 10.6 : profile.gender === "female" ? 13.5 : 15, 0.5), 1)],
        ]);
      }
    }

    for (const vaccine of vaccinesAt(age, random)) {
      push({
        resourceType: "Immunization",
        id: nextId("imm"),
        text: narrative(`${vaccine.display}, given ${effective.slice(0, 10)}.`),
        status: "completed",
        vaccineCode: concept(SYSTEMS.cvx, vaccine),
        patient,
        encounter,
        occurrenceDateTime: effective,
        primarySource: true,
        lotNumber: `LOT${random.int(10000, 99999)}`,
        performer: [{ actor: { reference: practitioner } }],
      });
    }
    if (profile.meds.length > 0) {
      push(procedure(nextId("proc"), patient, encounter, PROCEDURES.medicationReconciliation, start, practitioner));
    }
    lastCheckupEncounter = encounterId;
    lastCheckupTime = start;
  }

  // Problem list: each chronic condition recorded once, still active.
  for (const key of profile.chronic) {
    const onset = new Date(at(chronicOnset.get(key) ?? today, 10)).toISOString();
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
  const authored = new Date((lastCheckupTime || today - 30 * DAY) + 15 * 60_000).toISOString();
  for (const key of profile.meds) {
    const encounter = lastCheckupEncounter ? { reference: `Encounter/${lastCheckupEncounter}` } : undefined;
    const request = medicationRequest(nextId("medreq"), patient, encounter, gp, MEDICATIONS[key], "active", authored);
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
    const allergy = ALLERGIES[key];
    push({
      resourceType: "AllergyIntolerance",
      id: nextId("allergy"),
      text: narrative(`${allergy.display}.`),
      clinicalStatus: concept(SYSTEMS.allergyClinical, { code: "active", display: "Active" }),
      verificationStatus: concept(SYSTEMS.allergyVerification, { code: "confirmed", display: "Confirmed" }),
      type: "allergy",
      category: [allergy.category],
      criticality: key === "peanut" ? "high" : "low",
      code: concept(SYSTEMS.snomed, allergy),
      patient,
      recordedDate: new Date(firstVisit).toISOString(),
      recorder: { reference: gp },
      reaction: [
        {
          substance: concept(SYSTEMS.snomed, allergy.substance),
          manifestation: [
            concept(
              SYSTEMS.snomed,
              key === "peanut"
                ? { code: "39579001", display: "Anaphylaxis" }
                : { code: "271807003", display: "Eruption of skin" },
            ),
          ],
          severity: key === "peanut" ? "severe" : "mild",
        },
      ],
    });
  }
  if (profile.inProgress) {
    // Today's visit, still open: the encounter an EHR launch puts in context.
    const start = at(today, 8) + 30 * 60_000;
    const encounterId = nextId("enc");
    push(
      encounterResource(encounterId, patient, gp, ENCOUNTER_TYPES.followUp, "in-progress", start, undefined, undefined),
    );
    push(
      observation(
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

function encounterResource(
  id: string,
  patient: { reference: string; display: string },
  practitioner: string,
  type: CodeEntry,
  status: "finished" | "in-progress",
  start: number,
  end: number | undefined,
  reason: CodeEntry | undefined,
): FhirResource {
  const period: Record<string, string> = { start: new Date(start).toISOString() };
  if (end !== undefined) period.end = new Date(end).toISOString();
  const resource: FhirResource = {
    resourceType: "Encounter",
    id,
    text: narrative(`${type.display} for ${patient.display} on ${period.start?.slice(0, 10)} (${status}).`),
    status,
    class: { system: SYSTEMS.actCode, code: "AMB", display: "ambulatory" },
    type: [concept(SYSTEMS.snomed, type)],
    subject: patient,
    participant: [
      {
        type: [{ coding: [{ system: SYSTEMS.participationType, code: "PPRF", display: "primary performer" }] }],
        individual: { reference: practitioner },
      },
    ],
    period,
    serviceProvider: { reference: `Organization/${ORGANIZATION_ID}` },
  };
  if (reason) resource.reasonCode = [concept(SYSTEMS.snomed, reason)];
  return resource;
}

function observation(
  id: string,
  patient: { reference: string; display: string },
  encounter: { reference: string },
  category: string,
  code: CodeEntry,
  effective: string,
  issued: string,
  value: Record<string, unknown>,
  extra: Record<string, unknown>,
): FhirResource {
  const rendered = renderValue(value, extra);
  return {
    resourceType: "Observation",
    id,
    text: narrative(`${code.display}: ${rendered} (${effective.slice(0, 10)}).`),
    status: "final",
    category: [
      concept(SYSTEMS.observationCategory, { code: category, display: CATEGORY_DISPLAY[category] ?? category }),
    ],
    code: concept(SYSTEMS.loinc, code),
    subject: patient,
    encounter,
    effectiveDateTime: effective,
    issued,
    ...value,
    ...extra,
  };
}

const CATEGORY_DISPLAY: Record<string, string> = {
  "vital-signs": "Vital Signs",
  laboratory: "Laboratory",
  "social-history": "Social History",
  survey: "Survey",
};

function renderValue(value: Record<string, unknown>, extra: Record<string, unknown>): string {
  const q = value.valueQuantity as { value: number; unit: string } | undefined;
  if (q) return `${q.value} ${q.unit}`;
  const c = value.valueCodeableConcept as CodeableConcept | undefined;
  if (c) return c.text ?? "";
  const components = extra.component as { valueQuantity: { value: number } }[] | undefined;
  if (components) return `${components.map((component) => component.valueQuantity.value).join("/")} mm[Hg]`;
  return "";
}

function procedure(
  id: string,
  patient: { reference: string; display: string },
  encounter: { reference: string },
  code: CodeEntry,
  start: number,
  practitioner: string,
): FhirResource {
  const period = {
    start: new Date(start + 10 * 60_000).toISOString(),
    end: new Date(start + 20 * 60_000).toISOString(),
  };
  return {
    resourceType: "Procedure",
    id,
    text: narrative(`${code.display} on ${period.start.slice(0, 10)}.`),
    status: "completed",
    code: concept(SYSTEMS.snomed, code),
    subject: patient,
    encounter,
    performedPeriod: period,
    performer: [{ actor: { reference: practitioner } }],
  };
}

function medicationRequest(
  id: string,
  patient: { reference: string; display: string },
  encounter: { reference: string } | undefined,
  practitioner: string,
  medication: CodeEntry,
  status: "active" | "completed",
  authoredOn: string,
): FhirResource {
  const resource: FhirResource = {
    resourceType: "MedicationRequest",
    id,
    text: narrative(`${medication.display}, prescribed ${authoredOn.slice(0, 10)} (${status}).`),
    status,
    intent: "order",
    category: [
      {
        coding: [
          {
            system: "http://terminology.hl7.org/CodeSystem/medicationrequest-category",
            code: "community",
            display: "Community",
          },
        ],
      },
    ],
    medicationCodeableConcept: concept(SYSTEMS.rxnorm, medication),
    subject: patient,
    authoredOn,
    requester: { reference: practitioner },
    dosageInstruction: [
      { text: status === "active" ? "Take as directed" : "Take one capsule three times daily for 10 days" },
    ],
  };
  if (encounter) resource.encounter = encounter;
  return resource;
}

function vaccinesAt(age: number, random: SeededRandom): CodeEntry[] {
  const out: CodeEntry[] = [VACCINES.influenza];
  const year = Math.floor(age);
  if (year === 0) out.push(VACCINES.hepB, VACCINES.dtap, VACCINES.ipv, VACCINES.pcv13);
  else if (year === 1) out.push(VACCINES.mmr, VACCINES.varicella, VACCINES.dtap);
  else if (year === 4) out.push(VACCINES.dtap, VACCINES.ipv, VACCINES.mmr, VACCINES.varicella);
  else if (year === 11) out.push(VACCINES.tdap, VACCINES.hpv);
  else if (year >= 65 && random.chance(0.3)) out.push(random.pick([VACCINES.ppsv23, VACCINES.zoster]));
  if (age >= 12 && random.chance(0.15)) out.push(VACCINES.covid);
  return out;
}

function referenceRange(code: ObservationCode): { low?: unknown; high?: unknown; text?: string }[] {
  const ranges: Record<string, [number, number]> = {
    [LABS.glucose.code]: [70, 99],
    [LABS.creatinine.code]: [0.6, 1.2],
    [LABS.hba1c.code]: [4, 5.6],
    [LABS.cholesterol.code]: [0, 200],
    [LABS.ldl.code]: [0, 100],
    [LABS.hemoglobin.code]: [12, 17.5],
  };
  const range = ranges[code.code];
  return range
    ? [{ low: quantity(range[0], code.unit).valueQuantity, high: quantity(range[1], code.unit).valueQuantity }]
    : [];
}

function childHeight(age: number, gender: string): number {
  return Math.min(50 + age * 6.5 + (age > 1 ? 12 : age * 12), gender === "female" ? 164 : 177);
}

function childWeight(age: number, gender: string): number {
  return Math.min(3.5 + age * 3 + (age > 10 ? (age - 10) * 2.5 : 0), gender === "female" ? 62 : 72);
}

function quantity(
  value: number,
  unit: string,
): { valueQuantity: { value: number; unit: string; system: string; code: string } } {
  return { valueQuantity: { value, unit, system: SYSTEMS.ucum, code: unit } };
}

function concept(system: string, entry: CodeEntry): CodeableConcept {
  return { coding: [{ system, code: entry.code, display: entry.display }], text: entry.display };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** A generated narrative: the XHTML `div` FHIR requires, with the text escaped. @see https://hl7.org/fhir/R4/narrative.html */
function narrative(text: string): { status: "generated"; div: string } {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return { status: "generated", div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${escaped}</p></div>` };
}
