/**
 * Benchmark for the scope engine: parse a 20-scope grant once, then decide a search interaction on 10,000
 * synthetic resources the way the mock FHIR server does (compartment supplied, its search engine as granular matcher).
 * Run: `node scripts/bench-scopes.ts` (Node 22 strips the types). Target: well under 50 ms per run.
 */
import { type AccessContext, type AccessRequest, decideAccess } from "../src/protocol/scopes/decide-access.ts";
import { matchesGranularQuery } from "../src/protocol/scopes/matches-granular-query.ts";
import { parseScopes } from "../src/protocol/scopes/parse-scopes.ts";

const RESOURCE_COUNT = 10_000;
const WARMUP_RUNS = 3;
const MEASURED_RUNS = 15;

const OBS_CAT = "http://terminology.hl7.org/CodeSystem/observation-category";
const COND_CAT = "http://terminology.hl7.org/CodeSystem/condition-category";

// 20 granted scopes: patient, user and system levels; v1 and v2 permissions; granular and plain.
const GRANTED = [
  `patient/Observation.rs?category=${OBS_CAT}|laboratory`,
  `patient/Observation.rs?category=${OBS_CAT}|vital-signs`,
  `patient/Condition.rs?category=${COND_CAT}|problem-list-item`,
  "patient/Condition.read",
  "patient/AllergyIntolerance.rs",
  "patient/MedicationRequest.rs?status=active",
  "patient/Encounter.read",
  "patient/Patient.r",
  "user/Observation.rs?code=http://loinc.org|4548-4",
  "user/Observation.rs?category=social-history",
  "user/Condition.rs?clinical-status=active",
  "user/Encounter.rs?class=AMB",
  "user/DiagnosticReport.read",
  "user/Procedure.rs",
  "user/Immunization.rs?status=completed",
  "system/Practitioner.rs",
  "system/Organization.read",
  "system/Location.rs",
  "launch/patient",
  "openid",
].join(" ");

// A small deterministic generator (LCG), so every run decides the same data set.
function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function buildRequests(count: number): AccessRequest[] {
  const random = makeRandom(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const patients = Array.from({ length: 40 }, (_, i) => `p${i}`);
  const observationCategories = ["laboratory", "vital-signs", "social-history", "survey", "exam", "imaging"];
  const conditionCategories = ["problem-list-item", "encounter-diagnosis", "health-concern"];
  const loinc = ["4548-4", "8867-4", "85354-9", "2339-0", "72166-2"];
  const requests: AccessRequest[] = [];
  for (let i = 0; i < count; i++) {
    const patient = pick(patients);
    const subject = { reference: `Patient/${patient}` };
    const roll = random();
    let resource: AccessRequest["resource"];
    if (roll < 0.5) {
      resource = {
        resourceType: "Observation",
        id: `obs-${i}`,
        status: "final",
        subject,
        category: [{ coding: [{ system: OBS_CAT, code: pick(observationCategories) }] }],
        code: { coding: [{ system: "http://loinc.org", code: pick(loinc) }] },
        encounter: { reference: `Encounter/enc-${i % 500}` },
      };
    } else if (roll < 0.7) {
      resource = {
        resourceType: "Condition",
        id: `cond-${i}`,
        subject,
        category: [{ coding: [{ system: COND_CAT, code: pick(conditionCategories) }] }],
        clinicalStatus: {
          coding: [
            { system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: pick(["active", "resolved"]) },
          ],
        },
      };
    } else if (roll < 0.78) {
      resource = { resourceType: "MedicationRequest", id: `mr-${i}`, subject, status: pick(["active", "stopped"]) };
    } else if (roll < 0.85) {
      resource = {
        resourceType: "Encounter",
        id: `enc-${i}`,
        subject,
        class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: pick(["AMB", "IMP", "EMER"]) },
      };
    } else if (roll < 0.9) {
      resource = { resourceType: "AllergyIntolerance", id: `al-${i}`, patient: subject };
    } else if (roll < 0.94) {
      resource = { resourceType: "Immunization", id: `imm-${i}`, patient: subject, status: "completed" };
    } else if (roll < 0.97) {
      resource = { resourceType: "Patient", id: patient };
    } else {
      resource = { resourceType: pick(["Practitioner", "Organization", "Medication"]), id: `other-${i}` };
    }
    const inCompartment = ["Practitioner", "Organization", "Medication"].includes(resource.resourceType)
      ? []
      : [patient];
    requests.push({
      interaction: "search",
      resourceType: resource.resourceType,
      resource,
      compartmentPatients: inCompartment,
      matches: (query) => matchesGranularQuery(resource, query, "https://lab.example/fhir", Date.parse("2026-01-15")),
    });
  }
  return requests;
}

function runOnce(
  requests: readonly AccessRequest[],
  context: AccessContext,
  considered: boolean,
): { ms: number; shown: number } {
  const start = performance.now();
  const granted = parseScopes(GRANTED);
  let shown = 0;
  for (const request of requests) {
    if (decideAccess(granted, context, request, { considered }).allowed) shown++;
  }
  return { ms: performance.now() - start, shown };
}

function measure(requests: readonly AccessRequest[], context: AccessContext, considered: boolean) {
  for (let i = 0; i < WARMUP_RUNS; i++) runOnce(requests, context, considered);
  const times: number[] = [];
  let shown = 0;
  for (let i = 0; i < MEASURED_RUNS; i++) {
    const result = runOnce(requests, context, considered);
    times.push(result.ms);
    shown = result.shown;
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] ?? Number.NaN, best: times[0] ?? Number.NaN, shown };
}

function perDecision(ms: number): string {
  return `${((ms * 1000) / RESOURCE_COUNT).toFixed(2)} µs`;
}

const requests = buildRequests(RESOURCE_COUNT);
const context: AccessContext = {
  patient: "p1",
  fhirUser: "Practitioner/7",
  userPatients: new Set(["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"]),
};

const plain = measure(requests, context, false);
const traced = measure(requests, context, true);
const granted = parseScopes(GRANTED);

console.info(`scope engine benchmark (Node ${process.version})`);
console.info(
  `  ${granted.scopes.length} granted scopes (${granted.clinical.length} resource scopes), ${RESOURCE_COUNT} resources, search interaction`,
);
console.info(`  ${plain.shown} shown, ${RESOURCE_COUNT - plain.shown} hidden`);
console.info(
  `  parse + decide all, ${MEASURED_RUNS} runs after ${WARMUP_RUNS} warm-up: median ${plain.median.toFixed(2)} ms, best ${plain.best.toFixed(2)} ms`,
);
console.info(`  per decision: median ${perDecision(plain.median)}, best ${perDecision(plain.best)}`);
console.info(
  `  with { considered: true }: median ${traced.median.toFixed(2)} ms (${perDecision(traced.median)}), best ${traced.best.toFixed(2)} ms`,
);
const samples = new Map<string, string>();
for (const request of requests) {
  const reason = decideAccess(granted, context, request).reason;
  const kind = reason.startsWith("shown") ? "shown" : reason.includes("does not cover") ? "filter" : "other";
  if (!samples.has(kind)) samples.set(kind, reason);
}
for (const reason of samples.values()) console.info(`  sample: ${reason}`);
