// Benchmark 2: metrics refresh efficiency, i.e. videos refreshed per /v2/video/query/ call in steady state.
//   node --import tsx packages/dev-services/src/cli.ts run -- node --import tsx bench/src/worker-refresh.ts [flags]
// Flags [defaults]: --creators [50], --videos [2000], --cycles [3], --mix [both] (uniform, mixed or both).
// The creators are ingested, then the planner runs every 15 minutes of a moved clock and its batches run through
// the real refresh job; the budget is lifted so only the planner decides. Steady state is every cycle after the
// first. "mixed" spreads the videos unevenly (5 to ~3× the mean per creator): a creator with fewer than 20 videos
// can never fill a call. Target: steady-state videos per call at least the best possible when every creator's
// videos go out in ⌈count / 20⌉ calls.
import { uniqueName } from "@trendpot/dev-services/testing";
import type { MetricsBatchJob } from "@trendpot/jobs";
import {
  createHarness,
  type Harness,
  ingestAccount,
  type PlannerQueues,
  planMetricsRefresh,
  refreshMetricsBatch,
} from "@trendpot/worker/testing";
import { type Row, report } from "./report-support";
import { numberFlag, seedCreators, servicesFromEnv, videoCounts } from "./worker-support";

const argv = process.argv.slice(2);
const creators = numberFlag(argv, "creators", 50);
const videos = numberFlag(argv, "videos", 2_000);
const cycles = numberFlag(argv, "cycles", 3);
const mixFlag = argv[argv.indexOf("--mix") + 1];
const mixes =
  argv.includes("--mix") && mixFlag !== "both" ? [mixFlag as "uniform" | "mixed"] : (["uniform", "mixed"] as const);
const INTERVAL = 15 * 60_000;

async function runCycle(harness: Harness, cycle: number): Promise<{ calls: number; ids: number }> {
  const batches: MetricsBatchJob[] = [];
  const queues: PlannerQueues = {
    pendingBatchVideoIds: async () => new Set(),
    pendingIngestionAccountIds: async () => new Set(),
    enqueueBatch: async (payload) => void batches.push(payload),
    enqueueProfileRefresh: async () => undefined,
    enqueueIncrementalIngestion: async () => undefined,
  };
  await planMetricsRefresh(harness.deps.job, queues, {
    cycle,
    intervalMs: INTERVAL,
    batchSize: 20,
    budget: await harness.deps.runtime.budget.state(),
  });
  const before = harness.sandbox.scenario.requests().filter((r) => r.endpoint === "video.query").length;
  let ids = 0;
  for (const batch of batches) {
    const result = await refreshMetricsBatch(harness.deps.job, { ...batch, requestId: `bench-${cycle}` });
    if (result.status === "completed") ids += result.refreshed;
  }
  const calls = harness.sandbox.scenario.requests().filter((r) => r.endpoint === "video.query").length - before;
  return { calls, ids };
}

async function measure(mix: "uniform" | "mixed") {
  const env = {
    TIKTOK_INGESTION_RATE_LIMIT_PER_MIN: "600",
    TIKTOK_INGESTION_RATE_LIMIT_PER_DAY: "1000000",
    LOG_LEVEL: "warn",
  };
  const harness = await createHarness({
    services: servicesFromEnv(),
    name: uniqueName("bench_wr"),
    env,
    sandbox: { rateLimit: { perMinute: 1_000_000, perDay: 100_000_000 } },
  });
  try {
    const counts = videoCounts(creators, videos, mix);
    const accountIds = await seedCreators(harness, counts);
    for (const accountId of accountIds)
      await ingestAccount(harness.deps.job, { accountId, requestId: "bench", pageSize: 20 });
    const perCycle: { calls: number; ids: number }[] = [];
    for (let cycle = 1; cycle <= cycles; cycle += 1) {
      harness.clock.advance(INTERVAL + 60_000);
      perCycle.push(await runCycle(harness, cycle));
    }
    const steady = perCycle.slice(1);
    const calls = steady.reduce((n, c) => n + c.calls, 0);
    const ids = steady.reduce((n, c) => n + c.ids, 0);
    return {
      mix,
      creatorsWithFewerThan20Videos: counts.filter((count) => count < 20).length,
      perCycle,
      steadyState: { cycles: steady.length, calls, ids },
      steadyStateVideosPerCall: ids / calls,
      bestPossibleVideosPerCall: videos / counts.reduce((n, c) => n + Math.ceil(c / 20), 0),
    };
  } finally {
    await harness.deps.database.db.dropDatabase();
    await harness.close();
  }
}

const results = [];
for (const mix of mixes) results.push(await measure(mix));
const rows: Row[] = results.flatMap((r) => [
  // A call carries one creator's ids, at most 20: refreshing every video takes at least ⌈count / 20⌉ calls per
  // creator. The planner tops up partial batches, so in steady state its calls must be at least that full.
  {
    metric: `${r.mix}: videos per /v2/video/query/ call, steady state`,
    unit: "videos",
    measured: r.steadyStateVideosPerCall,
    target: { op: ">=", value: r.bestPossibleVideosPerCall },
  },
  {
    metric: `${r.mix}: calls in ${r.steadyState.cycles} steady-state cycles`,
    unit: "calls",
    measured: r.steadyState.calls,
  },
  {
    metric: `${r.mix}: videos refreshed in ${r.steadyState.cycles} steady-state cycles`,
    unit: "videos",
    measured: r.steadyState.ids,
  },
]);
const pass = report("worker-refresh", rows, { settings: { creators, videos, cycles }, results });
process.exitCode = pass ? 0 : 1;
