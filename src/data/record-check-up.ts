import { ORGANIZATION_ID } from "./clinic-resources.ts";
import {
  type CodeEntry,
  LAB_PANELS,
  LABS,
  type ObservationCode,
  PROCEDURES,
  SMOKING_STATUS,
  SOCIAL,
  SYSTEMS,
  VACCINES,
  VITALS,
} from "./clinical-codes.ts";
import { concept, narrative, quantity, round } from "./fhir-datatypes.ts";
import type { ChartVisit, PatientChart } from "./patient-chart.ts";
import { procedureResource } from "./procedure-resource.ts";
import type { SeededRandom } from "./seeded-random.ts";

/** An adult patient's own vital signs, drawn once, that every check-up varies around. */
export interface AdultVitals {
  weight: number;
  height: number;
  systolic: number;
  diastolic: number;
}

/**
 * Writes a check-up: the full vital signs (a child's from growth curves), smoking status and depression screening
 * by age, an adult's laboratory panels with their DiagnosticReports, the vaccines due, and a medication
 * reconciliation when the patient takes medications.
 */
export function recordCheckUp(chart: PatientChart, visit: ChartVisit, vitals: AdultVitals): void {
  const { patient, profile, random, nextId, push } = chart;
  const { index, encounter, practitioner, start, effective, issued, age, child, obs } = visit;
  const diabetic = profile.chronic.includes("diabetes");
  const prediabetic = profile.chronic.includes("prediabetes");
  // Full vital signs.
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
  obs(VITALS.heartRate, "vital-signs", quantity(Math.round(random.normal(child ? 90 : 72, 6)), VITALS.heartRate.unit));
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
    push(procedureResource(nextId("proc"), patient, encounter, PROCEDURES.depressionScreening, start, practitioner));
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
    push(
      procedureResource(nextId("proc"), patient, encounter, PROCEDURES.medicationReconciliation, start, practitioner),
    );
  }
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
