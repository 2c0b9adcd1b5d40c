import type { ALLERGIES, CONDITIONS, MEDICATIONS, SMOKING_STATUS } from "./clinical-codes.ts";
import { DAY } from "./lab-calendar.ts";
import type { SeededRandom } from "./seeded-random.ts";

export type ConditionKey = keyof typeof CONDITIONS;
type MedicationKey = keyof typeof MEDICATIONS;
export type AllergyKey = keyof typeof ALLERGIES;

/** Who a generated patient is and what their record holds, before any resource is written. */
export interface PatientProfile {
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
export const CURATED_PROFILES: PatientProfile[] = [
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

/** A patient beyond the curated ones: age, sex, chronic conditions and their medications drawn from `random`. */
export function randomProfile(random: SeededRandom, today: number): PatientProfile {
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
