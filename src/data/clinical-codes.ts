/**
 * The terminology the generated data set uses: real LOINC, SNOMED CT, RxNorm and CVX codes with UCUM units, so
 * learners can look codes up and search by them exactly as they would against a production server.
 * @see https://hl7.org/fhir/R4/terminologies-systems.html
 */

/** Code system URIs as FHIR R4 names them. */
export const SYSTEMS = {
  loinc: "http://loinc.org",
  snomed: "http://snomed.info/sct",
  rxnorm: "http://www.nlm.nih.gov/research/umls/rxnorm",
  cvx: "http://hl7.org/fhir/sid/cvx",
  ucum: "http://unitsofmeasure.org",
  observationCategory: "http://terminology.hl7.org/CodeSystem/observation-category",
  conditionCategory: "http://terminology.hl7.org/CodeSystem/condition-category",
  conditionClinical: "http://terminology.hl7.org/CodeSystem/condition-clinical",
  conditionVerification: "http://terminology.hl7.org/CodeSystem/condition-ver-status",
  allergyClinical: "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
  allergyVerification: "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification",
  actCode: "http://terminology.hl7.org/CodeSystem/v3-ActCode",
  roleCode: "http://terminology.hl7.org/CodeSystem/v3-RoleCode",
  participationType: "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
  diagnosticServiceSection: "http://terminology.hl7.org/CodeSystem/v2-0074",
  identifierType: "http://terminology.hl7.org/CodeSystem/v2-0203",
  npi: "http://hl7.org/fhir/sid/us-npi",
  mrn: "https://smart-lab.example.org/mrn",
} as const;

/** A code with its display text. */
export interface CodeEntry {
  code: string;
  display: string;
}

/** A LOINC observation code with its UCUM unit. */
export interface ObservationCode extends CodeEntry {
  unit: string;
}

/** Vital-sign codes (the FHIR vital signs profile set). @see https://hl7.org/fhir/R4/observation-vitalsigns.html */
export const VITALS = {
  bloodPressure: { code: "85354-9", display: "Blood pressure panel with all children optional", unit: "mm[Hg]" },
  systolic: { code: "8480-6", display: "Systolic blood pressure", unit: "mm[Hg]" },
  diastolic: { code: "8462-4", display: "Diastolic blood pressure", unit: "mm[Hg]" },
  heartRate: { code: "8867-4", display: "Heart rate", unit: "/min" },
  bodyWeight: { code: "29463-7", display: "Body weight", unit: "kg" },
  bodyHeight: { code: "8302-2", display: "Body height", unit: "cm" },
  bmi: { code: "39156-5", display: "Body mass index (BMI) [Ratio]", unit: "kg/m2" },
  temperature: { code: "8310-5", display: "Body temperature", unit: "Cel" },
} satisfies Record<string, ObservationCode>;

/** Laboratory codes. @see https://loinc.org */
export const LABS = {
  hba1c: { code: "4548-4", display: "Hemoglobin A1c/Hemoglobin.total in Blood", unit: "%" },
  glucose: { code: "2339-0", display: "Glucose [Mass/volume] in Blood", unit: "mg/dL" },
  cholesterol: { code: "2093-3", display: "Cholesterol [Mass/volume] in Serum or Plasma", unit: "mg/dL" },
  ldl: {
    code: "18262-6",
    display: "Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay",
    unit: "mg/dL",
  },
  creatinine: { code: "2160-0", display: "Creatinine [Mass/volume] in Serum or Plasma", unit: "mg/dL" },
  hemoglobin: { code: "718-7", display: "Hemoglobin [Mass/volume] in Blood", unit: "g/dL" },
} satisfies Record<string, ObservationCode>;

/** Lab panels reported as DiagnosticReports, with the lab results each groups. */
export const LAB_PANELS = {
  lipid: { code: "57698-3", display: "Lipid panel with direct LDL - Serum or Plasma" },
  metabolic: { code: "51990-0", display: "Basic metabolic panel - Blood" },
  hba1c: { code: "4548-4", display: "Hemoglobin A1c/Hemoglobin.total in Blood" },
  cbc: { code: "58410-2", display: "CBC panel - Blood by Automated count" },
} satisfies Record<string, CodeEntry>;

/** Social history and survey codes. */
export const SOCIAL = {
  smoking: { code: "72166-2", display: "Tobacco smoking status" },
  phq2: { code: "55757-9", display: "Patient Health Questionnaire 2 item (PHQ-2) [Reported]", unit: "{score}" },
  phq9: {
    code: "44261-6",
    display: "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
    unit: "{score}",
  },
} as const;

/** SNOMED CT smoking status answers. */
export const SMOKING_STATUS = {
  never: { code: "266919005", display: "Never smoked tobacco" },
  former: { code: "8517006", display: "Ex-smoker" },
  current: { code: "449868002", display: "Smokes tobacco daily" },
} satisfies Record<string, CodeEntry>;

/** SNOMED CT conditions used for problem lists and encounter diagnoses. */
export const CONDITIONS = {
  asthma: { code: "195967001", display: "Asthma" },
  prediabetes: { code: "714628002", display: "Prediabetes" },
  diabetes: { code: "44054006", display: "Diabetes mellitus type 2" },
  hypertension: { code: "38341003", display: "Hypertensive disorder, systemic arterial" },
  hyperlipidemia: { code: "55822004", display: "Hyperlipidemia" },
  copd: { code: "13645005", display: "Chronic obstructive lung disease" },
  ckd3: { code: "433144002", display: "Chronic kidney disease stage 3" },
  atrialFibrillation: { code: "49436004", display: "Atrial fibrillation" },
  hypothyroidism: { code: "40930008", display: "Hypothyroidism" },
  depression: { code: "35489007", display: "Depressive disorder" },
  otitisMedia: { code: "65363002", display: "Otitis media" },
  migraine: { code: "37796009", display: "Migraine" },
  anemia: { code: "87522002", display: "Iron deficiency anemia" },
  osteoarthritis: { code: "396275006", display: "Osteoarthritis" },
  sinusitis: { code: "444814009", display: "Viral sinusitis" },
  pharyngitis: { code: "195662009", display: "Acute viral pharyngitis" },
  bronchitis: { code: "10509002", display: "Acute bronchitis" },
} satisfies Record<string, CodeEntry>;

/** RxNorm clinical drugs. */
export const MEDICATIONS = {
  albuterol: { code: "745679", display: "200 ACTUAT Albuterol 0.09 MG/ACTUAT Metered Dose Inhaler" },
  fluticasone: { code: "895994", display: "120 ACTUAT Fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler" },
  metformin: { code: "860975", display: "24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet" },
  lisinopril: { code: "314076", display: "lisinopril 10 MG Oral Tablet" },
  hydrochlorothiazide: { code: "310798", display: "Hydrochlorothiazide 25 MG Oral Tablet" },
  amlodipine: { code: "197361", display: "amlodipine 5 MG Oral Tablet" },
  atorvastatin: { code: "259255", display: "atorvastatin 80 MG Oral Tablet" },
  levothyroxine: { code: "966222", display: "Levothyroxine Sodium 0.075 MG Oral Tablet" },
  sertraline: { code: "312938", display: "sertraline 100 MG Oral Tablet" },
  apixaban: { code: "1364430", display: "apixaban 5 MG Oral Tablet" },
  amoxicillin: { code: "308182", display: "Amoxicillin 250 MG Oral Capsule" },
  ibuprofen: { code: "310965", display: "Ibuprofen 200 MG Oral Tablet" },
  acetaminophen: { code: "313782", display: "Acetaminophen 325 MG Oral Tablet" },
} satisfies Record<string, CodeEntry>;

/** SNOMED CT allergies with the substance each is about. */
export const ALLERGIES = {
  peanut: {
    code: "91935009",
    display: "Allergy to peanuts",
    category: "food",
    substance: { code: "256349002", display: "Peanut" },
  },
  penicillin: {
    code: "91936005",
    display: "Allergy to penicillin",
    category: "medication",
    substance: { code: "764146007", display: "Penicillin" },
  },
  shellfish: {
    code: "300913006",
    display: "Shellfish allergy",
    category: "food",
    substance: { code: "227037002", display: "Fish - dietary (substance)" },
  },
} as const;

/** CVX vaccine codes. */
export const VACCINES = {
  influenza: { code: "140", display: "Influenza, seasonal, injectable, preservative free" },
  covid: {
    code: "208",
    display: "SARS-COV-2 (COVID-19) vaccine, mRNA, spike protein, LNP, preservative free, 30 mcg/0.3mL dose",
  },
  hepB: { code: "08", display: "Hep B, adolescent or pediatric" },
  dtap: { code: "20", display: "DTaP" },
  ipv: { code: "10", display: "IPV" },
  mmr: { code: "03", display: "MMR" },
  varicella: { code: "21", display: "varicella" },
  pcv13: { code: "133", display: "Pneumococcal conjugate PCV 13" },
  tdap: { code: "115", display: "Tdap" },
  hpv: { code: "62", display: "HPV, quadrivalent" },
  ppsv23: { code: "33", display: "pneumococcal polysaccharide vaccine, 23 valent" },
  zoster: { code: "187", display: "zoster vaccine recombinant" },
} satisfies Record<string, CodeEntry>;

/** SNOMED CT procedures and encounter types. */
export const PROCEDURES = {
  medicationReconciliation: { code: "430193006", display: "Medication reconciliation (procedure)" },
  depressionScreening: { code: "171207006", display: "Depression screening (procedure)" },
  colonoscopy: { code: "73761001", display: "Colonoscopy (procedure)" },
  throatCulture: { code: "117015009", display: "Throat culture (procedure)" },
} satisfies Record<string, CodeEntry>;

/** SNOMED CT encounter types. */
export const ENCOUNTER_TYPES = {
  checkUp: { code: "185349003", display: "Encounter for check up (procedure)" },
  wellChild: { code: "410620009", display: "Well child visit (procedure)" },
  symptom: { code: "185345009", display: "Encounter for symptom (procedure)" },
  followUp: { code: "390906007", display: "Follow-up encounter (procedure)" },
  admission: { code: "32485007", display: "Hospital admission (procedure)" },
} satisfies Record<string, CodeEntry>;
