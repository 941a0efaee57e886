// Heavier variants of the e2e fault and load suites (not part of CI): the same tests with a longer, wider load
// and a much bigger creator in the kill -9 run. Usage (services start for the run):
//   node --import tsx packages/dev-services/src/cli.ts run -- node --import tsx bench/src/e2e-heavy.ts
//   [--duration-ms 60000] [--concurrency 32] [--videos 1000]
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { resolve } from "node:path";

function flag(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const e2eDir = resolve(import.meta.dirname, "../../e2e");
const env = {
  ...process.env,
  E2E_LOAD_DURATION_MS: flag("duration-ms", "60000"),
  E2E_LOAD_CONCURRENCY: flag("concurrency", "32"),
  E2E_CRASH_VIDEOS: flag("videos", "1000"),
};
console.log(
  `e2e heavy: load ${env.E2E_LOAD_DURATION_MS} ms × ${env.E2E_LOAD_CONCURRENCY} loops, kill -9 during a ${env.E2E_CRASH_VIDEOS}-video ingestion`,
);
// Vitest's own entry run by this Node: a project dependency, not a program that must be on the machine.
const vitest = createRequire(resolve(e2eDir, "package.json")).resolve("vitest/vitest.mjs");
const run = spawnSync(
  process.execPath,
  [vitest, "run", "--testTimeout", "1800000", "src/faults/load.test.ts", "src/faults/worker-crash.test.ts"],
  {
    cwd: e2eDir,
    env,
    stdio: "inherit",
  },
);
process.exit(run.status ?? 1);
