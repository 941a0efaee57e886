// Benchmark 3: what the worker costs, with the budget lifted: CPU ms per ingested video (list page, oEmbed fetch
// + sanitize, upsert, event) and per refreshed video (one /v2/video/query/ call per 20 videos, up to five calls a
// job, metrics written, event), peak resident memory and the time from spawn to ready, in one real worker process.
//   node --import tsx packages/dev-services/src/cli.ts run -- node --import tsx bench/src/worker-cost.ts [flags]
// Flags [defaults]: --creators [20], --videos [2000], --concurrency [4] jobs at a time.
// The sandbox runs in this process and the worker in a child, so the child's CPU time (from /proc, Linux) is the
// worker's own: its share of the sandbox, MongoDB and Redis work is not included. CPU is counted from ready, so
// boot is excluded. The worker is the production bundle (built here with tsup), started as the image starts it:
// telemetry on, logging at info. `--dev` runs the TypeScript sources through tsx instead (the test child: no
// telemetry), whose boot and memory include the compiler.
import { readFileSync } from "node:fs";
import { buildAppBundle } from "@trendpot/dev-services";
import { uniqueName } from "@trendpot/dev-services/testing";
import { joinIntoJobs, type RefreshBatch } from "@trendpot/jobs";
import { createHarness, type Harness, spawnWorkers, workerEnv } from "@trendpot/worker/testing";
import { report } from "./report-support";
import { numberFlag, seedCreators, servicesFromEnv, spawnBundledWorker, until, videoCounts } from "./worker-support";

const argv = process.argv.slice(2);
const creators = numberFlag(argv, "creators", 20);
const videos = numberFlag(argv, "videos", 2_000);
const concurrency = numberFlag(argv, "concurrency", 4);
const dev = argv.includes("--dev");

/** User + system CPU time of a process in ms, from /proc/<pid>/stat (fields 14 and 15, in clock ticks). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

type Db = Harness["deps"]["database"]["db"];

/** How many of each command mongod has served so far (every client's: during a phase only the worker writes). */
async function mongoCommands(db: Db): Promise<Map<string, number>> {
  const status = await db.admin().command({ serverStatus: 1 });
  const commands = (status.metrics?.commands ?? {}) as Record<string, { total?: unknown }>;
  return new Map(Object.entries(commands).map(([name, counts]) => [name, Number(counts.total ?? 0)]));
}

/** The commands served between two `mongoCommands` readings, largest first ("find 200, update 100"). */
function commandsBetween(before: Map<string, number>, after: Map<string, number>): { total: number; byName: string } {
  // serverStatus itself is the bench's reading, not the worker's.
  const deltas = [...after]
    .map(([name, total]) => [name, total - (before.get(name) ?? 0)] as const)
    .filter(([name, delta]) => delta > 0 && name !== "serverStatus")
    .sort((a, b) => b[1] - a[1]);
  return {
    total: deltas.reduce((sum, [, delta]) => sum + delta, 0),
    byName: deltas.map(([name, delta]) => `${name} ${delta}`).join(", "),
  };
}

/** Peak resident memory of a process in MB (VmHWM, Linux). */
function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? Number.NaN) / 1024;
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
let worker: { pid: number; stop(): Promise<void> } | undefined;
try {
  const accountIds = await seedCreators(harness, videoCounts(creators, videos, "uniform"));
  if (!dev) buildAppBundle("worker");
  const spawned = performance.now();
  if (dev) {
    const children = await spawnWorkers(1, {
      ...workerEnv(services, harness.sandbox, name, env),
      WORKER_CHILD_WINDOW_MS: "60000",
    });
    worker = { pid: children.pids[0] ?? 0, stop: children.stop };
  } else {
    worker = await spawnBundledWorker({
      ...workerEnv(services, harness.sandbox, name, env),
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      // Its own planner would queue refreshes beside the ones measured here.
      WORKER_SCHEDULES_ENABLED: "false",
      METRICS_PORT: "0",
      WORKER_LIVENESS_PORT: "0",
    });
  }
  const readySeconds = (performance.now() - spawned) / 1000;
  const pid = worker.pid;
  const db = harness.deps.database.db;

  // Ingestion: every creator's videos listed, embedded, sanitized and stored.
  const ingestCommandsBefore = await mongoCommands(db);
  let cpuBefore = cpuMs(pid);
  let started = performance.now();
  for (const accountId of accountIds) {
    await harness.deps.queues.enqueueIngestion({ accountId, reason: "consent" }, { key: "bench" });
  }
  const ingestion = harness.deps.queues.ingestion;
  await until(async () => (await ingestion.getJobCounts("completed")).completed === creators, 30 * 60_000, 100);
  const ingestSeconds = (performance.now() - started) / 1000;
  const ingestCpu = cpuMs(pid) - cpuBefore;
  const stored = await db.collection("videos").countDocuments({});
  const ingestCommands = commandsBetween(ingestCommandsBefore, await mongoCommands(db));
  console.log(`ingestion, MongoDB commands over ${stored} videos: ${ingestCommands.byName}`);

  // Refresh: every stored video once, in calls of 20 ids joined into the planner's jobs (up to five calls of one
  // account). The jobs are listed first and counted from before the first is queued: the worker starts on them
  // while the rest are queued.
  const calls: RefreshBatch[] = [];
  for (const accountId of accountIds) {
    const ids = (
      await db
        .collection<{ _id: string }>("videos")
        .find({ accountId }, { projection: { _id: 1 } })
        .toArray()
    ).map((doc) => doc._id);
    for (let i = 0; i < ids.length; i += 20) calls.push({ accountId, videoIds: ids.slice(i, i + 20) });
  }
  const jobs = joinIntoJobs(calls);
  const commandsBefore = await mongoCommands(db);
  cpuBefore = cpuMs(pid);
  started = performance.now();
  for (const job of jobs) await harness.deps.queues.enqueueMetricsBatch({ ...job, cycle: 1 });
  const refresh = harness.deps.queues.metricsRefresh;
  await until(async () => (await refresh.getJobCounts("completed")).completed === jobs.length, 30 * 60_000, 100);
  const refreshSeconds = (performance.now() - started) / 1000;
  const refreshCpu = cpuMs(pid) - cpuBefore;
  const refreshCommands = commandsBetween(commandsBefore, await mongoCommands(db));
  console.log(`refresh, MongoDB commands over ${jobs.length} jobs: ${refreshCommands.byName}`);

  const pass = report(
    "worker-cost",
    [
      {
        metric: `ingestion: worker CPU per video (${stored} videos, boot excluded)`,
        unit: "ms",
        measured: ingestCpu / stored,
        target: { op: "<=", value: 1 },
      },
      { metric: "ingestion: videos per second", unit: "videos/s", measured: stored / ingestSeconds },
      { metric: "ingestion: MongoDB commands per 20 videos", unit: "", measured: (ingestCommands.total * 20) / stored },
      {
        metric: `refresh: worker CPU per video (${calls.length} calls of ≤ 20 in ${jobs.length} jobs)`,
        unit: "ms",
        measured: refreshCpu / stored,
        target: { op: "<=", value: 0.5 },
      },
      { metric: "refresh: videos per second", unit: "videos/s", measured: stored / refreshSeconds },
      { metric: "refresh: MongoDB commands per call", unit: "", measured: refreshCommands.total / calls.length },
      { metric: "worker peak resident memory", unit: "MB", measured: peakRssMb(pid), target: { op: "<=", value: 150 } },
      {
        metric: `worker ready after spawn (${dev ? "tsx, not bundled" : "production bundle"})`,
        unit: "s",
        measured: readySeconds,
        target: { op: "<=", value: 1.5 },
      },
    ],
    {
      settings: { creators, videos, concurrency, pageSize: 20, worker: dev ? "tsx" : "bundle" },
      ingestCommands: ingestCommands.byName,
      refreshCommands: refreshCommands.byName,
      mongo: process.env.TRENDPOT_MONGO_KIND ?? "unknown",
    },
  );
  process.exitCode = pass ? 0 : 1;
} finally {
  await worker?.stop();
  await harness.deps.database.db.dropDatabase();
  await harness.close();
}
