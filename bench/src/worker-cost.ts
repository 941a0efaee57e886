// Benchmark 3: worker cost with the budget lifted: videos ingested per second and CPU ms per video (list page,
// oEmbed fetch + sanitize, upsert, event) in one real worker process.
//   node --import tsx packages/dev-services/src/cli.ts run -- node --import tsx bench/src/worker-cost.ts [flags]
// Flags [defaults]: --creators [20], --videos [2000], --concurrency [4] ingestion jobs at a time.
// The sandbox runs in this process and the worker in a child, so the child's CPU time (from /proc, Linux) is the
// worker's own: its share of the sandbox, MongoDB and Redis work is not included.
import { readFileSync } from "node:fs";
import { uniqueName } from "@trendpot/dev-services/testing";
import { createHarness, spawnWorkers, workerEnv } from "@trendpot/worker/testing";
import { numberFlag, seedCreators, servicesFromEnv, until, videoCounts } from "./worker-support";

const argv = process.argv.slice(2);
const creators = numberFlag(argv, "creators", 20);
const videos = numberFlag(argv, "videos", 2_000);
const concurrency = numberFlag(argv, "concurrency", 4);

/** User + system CPU time of a process in ms, from /proc/<pid>/stat (fields 14 and 15, in clock ticks). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

const services = servicesFromEnv();
const name = uniqueName("bench_wc");
const env = {
  TIKTOK_INGESTION_PAGE_SIZE: "20",
  TIKTOK_INGESTION_RATE_LIMIT_PER_MIN: "600",
  TIKTOK_INGESTION_RATE_LIMIT_PER_DAY: "1000000",
  TIKTOK_INGESTION_MAX_IN_FLIGHT: "50",
  TIKTOK_INGESTION_CONCURRENCY: String(concurrency),
  LOG_LEVEL: "warn",
};
const harness = await createHarness({
  services,
  name,
  env,
  sandbox: { rateLimit: { perMinute: 1_000_000, perDay: 100_000_000 } },
});
let workers: Awaited<ReturnType<typeof spawnWorkers>> | undefined;
try {
  const accountIds = await seedCreators(harness, videoCounts(creators, videos, "uniform"));
  workers = await spawnWorkers(1, {
    ...workerEnv(services, harness.sandbox, name, env),
    WORKER_CHILD_WINDOW_MS: "60000",
  });
  const pid = workers.pids[0] ?? 0;
  const cpuBefore = cpuMs(pid);
  const started = performance.now();
  for (const accountId of accountIds) {
    await harness.deps.queues.enqueueIngestion({ accountId, reason: "consent" }, { key: "bench" });
  }
  await until(
    async () => (await harness.deps.queues.ingestion.getJobCounts("completed")).completed === creators,
    30 * 60_000,
    100,
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuMs(pid) - cpuBefore;
  const stored = await harness.deps.database.db.collection("videos").countDocuments({});
  console.log(
    JSON.stringify(
      {
        benchmark: "worker-cost",
        settings: { creators, videos, concurrency, pageSize: 20 },
        videosStored: stored,
        seconds: Number(seconds.toFixed(2)),
        videosPerSecond: Number((stored / seconds).toFixed(1)),
        workerCpuMsPerVideo: Number((cpu / stored).toFixed(2)),
        mongo: process.env.TRENDPOT_MONGO_KIND ?? "unknown",
      },
      null,
      2,
    ),
  );
} finally {
  await workers?.stop();
  await harness.deps.database.db.dropDatabase();
  await harness.close();
}
