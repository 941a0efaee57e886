// Runs every benchmark in this folder one after another (they share the machine's two cores, so never in
// parallel) and prints each one's output. Services come from the environment (`npm run bench` starts them).
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchReport, formatTable, RESULTS_DIR } from "./report-support";

const here = dirname(fileURLToPath(import.meta.url));
// Support modules, data seeding and the profile reader are not benchmarks.
const notBenchmarks = new Set(["run-all.ts", "db-seed.ts", "cpuprofile-top.ts"]);
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && !notBenchmarks.has(f) && !f.includes("support") && !f.includes("child"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const startedAt = new Date().toISOString();
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const result = spawnSync(process.execPath, ["--import", "tsx", join(here, file)], { stdio: "inherit" });
  if (result.status !== 0) {
    failed += 1;
    console.error(`${file} failed (exit ${result.status ?? result.signal})`);
  }
}
// The summary: every target of every benchmark that reported during this run (bench/results/*.json).
mkdirSync(RESULTS_DIR, { recursive: true });
const reports = readdirSync(RESULTS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith(".json"))
  .map((entry) => JSON.parse(readFileSync(join(RESULTS_DIR, entry.name), "utf8")) as BenchReport)
  .filter((r) => r.at >= startedAt);
const targets = reports.flatMap((r) =>
  r.rows.filter((row) => row.target).map((row) => ({ ...row, metric: `${r.bench}: ${row.metric}` })),
);
console.log(`\n=== summary: ${reports.length} benchmarks reported, results in ${RESULTS_DIR} ===`);
if (targets.length > 0) console.log(formatTable(targets));
process.exit(failed === 0 ? 0 : 1);
