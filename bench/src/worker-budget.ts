// Benchmark 1: budget fidelity and utilization across worker processes.
//   node --import tsx packages/dev-services/src/cli.ts run -- node --import tsx bench/src/worker-budget.ts [flags]
// Flags [defaults]: --scale [4] (the sandbox clock runs this many times faster; the budget window is 60 s / scale),
//   --processes [3], --creators [50], --videos [2000], --page-size [20], --profile-jobs [8] per creator,
//   --ingestion-concurrency [1] and --refresh-concurrency [2] per process (FerretDB stalls under many concurrent
//   writers), --per-minute [90], --sandbox-per-minute [100], --jitter-ms [150] (real ms added to the workers' window: the
//   sandbox logs arrivals, not budget grants, and the scale multiplies their jitter).
// The backlog runs on real worker processes: the initial ingestion of every creator (one /v2/video/list/ call per
// page, at ingestion priority) and, at metrics priority, `--profile-jobs` profile refreshes per creator (one
// /v2/user/info/ call each); the run ends when the profile refreshes are done. The profile refreshes are there because on FerretDB the ingestion alone cannot
// produce calls as fast as the budget allows on this machine (see worker-cost), and an idle budget would measure
// nothing. Reported, from the sandbox's request log on its own clock: the most calls in any sliding 60 s window
// (must be ≤ the budget), 429s (must be 0), and the average calls per window during the backlog as a share of it.
import { uniqueName } from "@trendpot/dev-services/testing";
import { createHarness, maxInSlidingWindow, scaledClock, spawnWorkers, workerEnv } from "@trendpot/worker/testing";
import { report } from "./report-support";
import { numberFlag, seedCreators, servicesFromEnv, until, videoCounts } from "./worker-support";

const MINUTE = 60_000;
const argv = process.argv.slice(2);
const scale = numberFlag(argv, "scale", 4);
const processes = numberFlag(argv, "processes", 3);
const creators = numberFlag(argv, "creators", 50);
const videos = numberFlag(argv, "videos", 2_000);
const pageSize = numberFlag(argv, "page-size", 20);
const profileJobs = numberFlag(argv, "profile-jobs", 8);
const ingestionConcurrency = numberFlag(argv, "ingestion-concurrency", 1);
const refreshConcurrency = numberFlag(argv, "refresh-concurrency", 2);
const perMinute = numberFlag(argv, "per-minute", 90);
const sandboxPerMinute = numberFlag(argv, "sandbox-per-minute", 100);
const jitterMs = numberFlag(argv, "jitter-ms", 150);

const services = servicesFromEnv();
const name = uniqueName("bench_wb");
const env = {
  TIKTOK_INGESTION_PAGE_SIZE: String(pageSize),
  TIKTOK_INGESTION_RATE_LIMIT_PER_MIN: String(perMinute),
  TIKTOK_INGESTION_RATE_LIMIT_PER_DAY: "1000000",
  TIKTOK_INGESTION_CONCURRENCY: String(ingestionConcurrency),
  TIKTOK_REFRESH_CONCURRENCY: String(refreshConcurrency),
  LOG_LEVEL: "warn",
};
const harness = await createHarness({
  services,
  name,
  env,
  sandbox: { now: scaledClock(scale), rateLimit: { perMinute: sandboxPerMinute, perDay: 10_000_000 } },
});
const { scenario } = harness.sandbox;
let workers: { stop(): Promise<void> } | undefined;
try {
  const accountIds = await seedCreators(harness, videoCounts(creators, videos, "uniform"));
  // The consent exchanges count at TikTok too: start the backlog in a fresh window.
  scenario.advanceClock(MINUTE);
  scenario.clearRequests();
  for (const accountId of accountIds) {
    await harness.deps.queues.enqueueIngestion({ accountId, reason: "consent" }, { key: "bench" });
    for (let k = 0; k < profileJobs; k += 1) {
      await harness.deps.queues.enqueueProfileRefresh({ accountId }, { key: `bench-${k}` });
    }
  }
  workers = await spawnWorkers(processes, {
    ...workerEnv(services, harness.sandbox, name, env),
    WORKER_CHILD_WINDOW_MS: String(MINUTE / scale + jitterMs),
  });
  const started = Date.now();
  // Measured until the profile backlog is drained: from then on only the FerretDB-bound ingestion is left, which
  // asks for fewer calls than the budget allows (it keeps going in the background until the workers stop).
  await until(
    async () =>
      ((await harness.deps.queues.metricsRefresh.getJobCounts("completed")).completed ?? 0) === creators * profileJobs,
    30 * MINUTE,
  );
  const ingestedCreators = (await harness.deps.queues.ingestion.getJobCounts("completed")).completed ?? 0;
  const elapsedMs = Date.now() - started;

  const calls = scenario.requests().filter((r) => r.endpoint !== "oembed" && r.endpoint !== "authorize");
  const times = calls.map((call) => call.at).sort((a, b) => a - b);
  const first = times[0] ?? 0;
  const last = times.at(-1) ?? 0;
  // The backlog lasts while profile refreshes still wait; after that only the DB-bound ingestion tail is left.
  const backlogEnd = Math.max(first, ...calls.filter((call) => call.endpoint === "user.info").map((call) => call.at));
  const windows: number[] = [];
  for (let end = first + MINUTE; end <= backlogEnd; end += 1_000) {
    windows.push(times.filter((t) => t > end - MINUTE && t <= end).length);
  }
  const average = windows.length > 0 ? windows.reduce((a, b) => a + b, 0) / windows.length : Number.NaN;
  const stored = await harness.deps.database.db.collection("videos").countDocuments({});
  const pass = report(
    "worker-budget",
    [
      // What TikTok must never see: more calls in a sliding minute than the budget, or a 429.
      {
        metric: "most calls in any sliding sandbox minute",
        unit: "calls",
        measured: maxInSlidingWindow(times, MINUTE),
        target: { op: "<=", value: perMinute },
      },
      {
        metric: "429 answers",
        unit: "",
        measured: calls.filter((call) => call.status === 429).length,
        target: { op: "<=", value: 0 },
      },
      {
        metric: `average calls per sliding minute during the backlog (${windows.length} minutes, 1 s apart)`,
        unit: "calls",
        measured: average,
      },
      { metric: `utilization during the backlog (of ${perMinute} a minute)`, unit: "×", measured: average / perMinute },
      { metric: "calls in all", unit: "calls", measured: calls.length },
      { metric: "backlog length", unit: "sandbox min", measured: (backlogEnd - first) / MINUTE },
      { metric: "all calls' span", unit: "sandbox min", measured: (last - first) / MINUTE },
      { metric: "run time", unit: "s", measured: elapsedMs / 1000 },
    ],
    {
      settings: {
        scale,
        processes,
        creators,
        videos,
        pageSize,
        profileJobs,
        ingestionConcurrency,
        refreshConcurrency,
        perMinute,
        sandboxPerMinute,
        jitterMs,
      },
      callsByEndpoint: Object.fromEntries(
        [...new Set(calls.map((call) => call.endpoint))].map((e) => [e, calls.filter((c) => c.endpoint === e).length]),
      ),
      ingestionAtEnd: { creatorsDone: ingestedCreators, videosStored: stored },
    },
  );
  process.exitCode = pass ? 0 : 1;
} finally {
  await workers?.stop();
  await harness.deps.database.db.dropDatabase();
  await harness.close();
}
