/**
 * Runs every benchmark script (`scripts/bench-*.ts`) one after the other and prints their figures. Benchmarks
 * print numbers; they are not timed tests and do not fail on a slow machine.
 *
 *   npm run bench            all of them
 *   npm run bench -- fhir    only scripts whose name contains "fhir"
 */
import { spawnSync } from "node:child_process";
import { readdir } from "node:fs/promises";

const filter = process.argv[2] ?? "";
const scripts = (await readdir(new URL(".", import.meta.url)))
  .filter((name) => /^bench-.+\.ts$/.test(name) && name.includes(filter))
  .sort();
if (scripts.length === 0) {
  console.error(`No benchmark matches "${filter}".`);
  process.exit(1);
}
let failed = 0;
for (const name of scripts) {
  console.info(`\n=== ${name} ===`);
  const run = spawnSync(process.execPath, ["--expose-gc", new URL(name, import.meta.url).pathname], {
    stdio: "inherit",
  });
  if (run.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
