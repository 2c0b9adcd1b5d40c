/**
 * Benchmark of the mock FHIR server (not a timed test): loads ~100,000 generated resources and measures searches
 * through `handle()` in open and secured mode, plus the heap the data set takes.
 *
 *   node scripts/bench-fhir.ts [targetResources=100000] [iterations=400]
 *
 * Targets (issue 4): p95 <= 5 ms per search, <= 300 MB for 100k resources.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { generateLabData } from "../src/data/generate-lab-data.ts";
import { createFhirStore } from "../src/servers/fhir-server/create-fhir-store.ts";
import { createTestServer } from "../src/servers/fhir-server/fhir-test-server.ts";
import { createMemoryStorage } from "../src/servers/key-value-storage.ts";

const target = Number(process.argv[2] ?? 100_000);
const iterations = Number(process.argv[3] ?? 400);

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heapMb = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

const baseline = heapMb();
const sample = generateLabData({ patients: 40 }).length / 40;
const patients = Math.ceil((target - 10) / sample);
let started = performance.now();
let resources = generateLabData({ patients });
const generated = performance.now() - started;
const count = resources.length;

let counter = 0;
const store = createFhirStore({
  storage: createMemoryStorage(),
  seed: () => {
    const out = resources;
    resources = []; // the store keeps its own references; drop ours so the heap figure is the store's
    return out;
  },
  now: () => Date.parse("2026-01-15T12:00:00Z"),
  createId: () => `bench-${++counter}`,
});
started = performance.now();
store.count("Patient"); // first use loads and indexes the data set
const loaded = performance.now() - started;
const heap = heapMb() - baseline;

const secured = await createTestServer({ store });
const open = await createTestServer({ mode: "open", store });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measure(
  label: string,
  server: typeof secured,
  path: (patient: string) => string,
  token?: (patient: string) => Promise<string>,
): Promise<void> {
  const tokens = new Map<string, string>();
  const picks = Array.from({ length: 50 }, (_, i) => `smart-${1 + ((i * 7919) % patients)}`);
  if (token) for (const patient of picks) tokens.set(patient, await token(patient));
  const times: number[] = [];
  let entries = 0;
  for (let i = 0; i < iterations + 50; i++) {
    const patient = picks[i % picks.length] ?? "smart-1";
    const t0 = performance.now();
    const response = await server.request(
      path(patient),
      tokens.has(patient) ? { token: tokens.get(patient) ?? "" } : {},
    );
    const body = (await response.json()) as { entry?: unknown[] };
    const elapsed = performance.now() - t0;
    if (response.status !== 200) throw new Error(`${label}: HTTP ${response.status}`);
    if (i >= 50) {
      times.push(elapsed); // the first 50 warm the JIT and the lazy indexes
      entries += body.entry?.length ?? 0;
    }
  }
  times.sort((a, b) => a - b);
  console.info(
    `${label.padEnd(58)} p50 ${percentile(times, 50).toFixed(2).padStart(6)} ms  p95 ${percentile(times, 95).toFixed(2).padStart(6)} ms  max ${(times[times.length - 1] ?? 0).toFixed(2).padStart(7)} ms  (${(entries / times.length).toFixed(1)} entries)`,
  );
}

started = performance.now();
await open.request("Observation?patient=smart-1&_count=1");
await open.request("Patient?_id=smart-1");
const firstQuery = performance.now() - started;
const heapIndexed = heapMb() - baseline;

console.info(
  `Node ${process.version}, ${count} resources (${patients} patients); generated in ${generated.toFixed(0)} ms`,
);
console.info(
  `store load: ${loaded.toFixed(0)} ms; first Observation + Patient queries (build their indexes): ${firstQuery.toFixed(0)} ms`,
);
console.info(
  `heap: data set ${heap.toFixed(1)} MB; with the Observation and Patient indexes ${heapIndexed.toFixed(1)} MB`,
);
const lab = (patient: string) => `Observation?patient=${patient}&category=laboratory&_count=50`;
const year = (patient: string) => `Observation?patient=${patient}&date=ge2020-01-01&date=lt2021-01-01`;
const patientToken = (patient: string) => secured.token({ scope: "launch/patient patient/Observation.rs", patient });
const systemToken = () => secured.token({ scope: "system/Observation.rs" });
await measure("open     Observation?patient&category=laboratory&_count=50", open, lab);
await measure("open     Observation?patient&date=ge2020&date=lt2021", open, year);
await measure("secured  (patient/Observation.rs) lab search", secured, lab, patientToken);
await measure("secured  (patient/Observation.rs) date-range search", secured, year, patientToken);
await measure("secured  (system/Observation.rs) lab search", secured, lab, systemToken);
await measure(
  "open     Observation?date=ge2020-03-01&date=lt2020-03-08 (no patient)",
  open,
  () => "Observation?date=ge2020-03-01&date=lt2020-03-08&_count=50",
);
await measure("open     Patient/[id] read", open, (patient) => `Patient/${patient}`);
console.info(`heap after the runs: ${(heapMb() - baseline).toFixed(1)} MB`);
