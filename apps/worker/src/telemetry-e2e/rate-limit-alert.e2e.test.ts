import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { QUEUE_NAMES } from "@trendpot/jobs";
import { QUEUE_STATES } from "@trendpot/telemetry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, workerEnv } from "../testing/harness";
import { pollUntil } from "./poll";
import { type PrometheusServer, prometheusConfig, startPrometheus } from "./prometheus-server";
import { evaluationDelta, pickPhaseSafeRuleFile, SAFE_DELTA_MS, scrapedTarget, writePhaseProbes } from "./rule-phase";
import { readShippedRules, ruleGroupNames, scaleDuration, scaleRuleDurations } from "./scaled-rules";
import { parseLogLines, type WorkerLogLine } from "./worker-logs";
import { startWorkerProcess, type WorkerProcess } from "./worker-process";

// ops/prometheus/alerts.yml evaluates the spike rule every minute over 5-minute windows and counts spikes over an
// hour. The check loads a copy generated from that file with every duration divided by 60 (1 min → 1 s, 5 min →
// 5 s, 1 h → 60 s) and nothing else changed (see scaled-rules.test.ts), so the shipped rule logic runs in seconds.
const TIME_SCALE = 60;
const JOB = "trendpot-worker";
const ALERT = "TikTokRateLimitSpikes";
const BURSTS = 4;
const RATE_LIMITS_PER_BURST = 3;
const SPIKE_WINDOW = scaleDuration("5m", TIME_SCALE);
const SPIKE_COUNT = `sum_over_time(tiktok:rate_limit_spike_start[${scaleDuration("1h", TIME_SCALE)}])`;
// Two scrapes more than the spike window: once this is 0 the next 429 is a new spike for the recording rule too.
const QUIET = `sum(increase(tiktok_display_rate_limit_exceeded_total{job="${JOB}"}[${scaleDuration("7m", TIME_SCALE)}]))`;
const RATE_LIMITED = `sum(tiktok_display_rate_limit_exceeded_total{job="${JOB}"})`;
const LISTED = `sum(tiktok_display_requests_total{job="${JOB}",endpoint="video.list",outcome="success"})`;

let dir: string | undefined;
let harness: Harness | undefined;
let worker: WorkerProcess | undefined;
let prometheus: PrometheusServer | undefined;
let accountId = "";
let ruleFile = { file: "", deltaMs: 0 };

async function scalar(expr: string): Promise<number | undefined> {
  const [sample] = (await prometheus?.query(expr)) ?? [];
  return sample?.value;
}

/** Alert state, spike count, scrape durations and phase: what a red run needs to be understood. */
async function diagnostics(): Promise<string> {
  const scrape = await scalar(`max_over_time(scrape_duration_seconds{job="${JOB}"}[2m])`);
  const alerts = (await prometheus?.alerts()) ?? [];
  const requests = harness?.sandbox.scenario.requests().filter((request) => request.status === 429).length;
  return JSON.stringify({
    spikes: await scalar(SPIKE_COUNT),
    rateLimited: await scalar(RATE_LIMITED),
    sandbox429s: requests,
    maxScrapeSeconds: scrape,
    evaluationDeltaMs: ruleFile.deltaMs,
    alerts,
  });
}

const spikeAlerts = async () =>
  ((await prometheus?.alerts()) ?? []).filter((alert) => alert.labels.alertname === ALERT);

/** Sets a storm of `RATE_LIMITS_PER_BURST` 429s on video.list and gives the worker a job that meets it. */
async function burst(index: number): Promise<void> {
  const h = harness as Harness;
  const before = h.sandbox.scenario.requests().filter((request) => request.status === 429).length;
  h.sandbox.scenario.setFaults({ rateLimitStorm: { count: RATE_LIMITS_PER_BURST, endpoints: ["video.list"] } });
  const job = await h.deps.queues.enqueueIngestion({ accountId, reason: "manual" }, { key: `burst-${index}` });
  await pollUntil(
    `burst ${index}: the ingestion job to meet ${RATE_LIMITS_PER_BURST} 429s and complete`,
    async () => {
      const met = h.sandbox.scenario.requests().filter((request) => request.status === 429).length - before;
      return met === RATE_LIMITS_PER_BURST && (await job.getState()) === "completed" ? true : undefined;
    },
    { timeoutMs: 15_000, describe: async () => `job ${job.id} is ${await job.getState()}` },
  );
  // The 429s come before the listing that completes the job, so a scrape can hold the one without the other:
  // wait for both, or a later read of the success counter races the next scrape.
  await pollUntil(
    `burst ${index}: Prometheus to scrape every 429 and the listing that completed the job`,
    async () => {
      const limited = (await scalar(RATE_LIMITED)) === index * RATE_LIMITS_PER_BURST;
      return limited && ((await scalar(LISTED)) ?? 0) >= index ? true : undefined;
    },
    { timeoutMs: 10_000, describe: diagnostics },
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "trendpot-telemetry-e2e-"));
  const services = testServices();
  const name = uniqueName("wk_tel");
  harness = await createHarness({ services, name });
  const openId = harness.sandbox.scenario.addCreator().openId;
  harness.sandbox.scenario.addVideos(openId, 3);
  accountId = await harness.connect(openId);

  worker = await startWorkerProcess(
    workerEnv(services, harness.sandbox, name, {
      LOG_LEVEL: "info",
      // Port 0: the worker binds a free port and reports it, so nothing can take it between pick and bind.
      METRICS_PORT: "0",
      METRICS_HOST: "127.0.0.1",
      // A short planner cycle so refresh traffic runs next to the stormed ingestion, as in production.
      TIKTOK_METRICS_REFRESH_INTERVAL_MS: "2000",
      // Keeps each burst's three 429s (100 + 200 + 400 ms of backoff) well inside one 5 s spike window.
      TIKTOK_INGESTION_RETRY_BACKOFF_MS: "100",
      WORKER_SHUTDOWN_GRACE_MS: "5000",
    }),
    45_000,
  );
  const target = new URL(worker.metricsUrl);

  const groupName = ruleGroupNames(readShippedRules())[0] ?? "";
  const probes = writePhaseProbes(dir, groupName, 16);
  prometheus = await startPrometheus({
    dir,
    configYaml: prometheusConfig({ job: JOB, target: target.host, ruleFiles: probes }),
  });
  ruleFile = await pickPhaseSafeRuleFile(prometheus, { job: JOB, probes, timeoutMs: 15_000 });
  writeFileSync(ruleFile.file, scaleRuleDurations(readShippedRules(), TIME_SCALE));
  await prometheus.reload(prometheusConfig({ job: JOB, target: target.host, ruleFiles: [ruleFile.file] }));

  // The reloaded group keeps its name and path, hence its phase; confirm it and that every rule loaded healthy.
  const loaded = await pollUntil(
    "the scaled rules to be evaluated",
    async () => {
      const [group] = await (prometheus as PrometheusServer).ruleGroups();
      const healthy = group?.rules.length && group.rules.every((rule) => rule.health === "ok");
      return group?.rules.some((rule) => rule.name === ALERT) && healthy ? group : undefined;
    },
    { timeoutMs: 10_000, describe: async () => JSON.stringify(await prometheus?.ruleGroups()) },
  );
  const delta = evaluationDelta(await scrapedTarget(prometheus, JOB, 5_000), loaded);
  expect(delta).toBeGreaterThanOrEqual(SAFE_DELTA_MS.min - 50);
  expect(delta).toBeLessThanOrEqual(SAFE_DELTA_MS.max + 50);

  // A counter's first sample is its baseline: the 0 the worker exports must be stored before the first 429.
  await pollUntil(
    "two zero samples of the 429 counter",
    async () => {
      const expr = `count_over_time(tiktok_display_rate_limit_exceeded_total{job="${JOB}",endpoint="video.list"}[${SPIKE_WINDOW}])`;
      return ((await scalar(expr)) ?? 0) >= 2 && (await scalar(RATE_LIMITED)) === 0 ? true : undefined;
    },
    { timeoutMs: 10_000, describe: diagnostics },
  );
}, 90_000);

afterAll(async () => {
  // Each stop runs even when an earlier one throws, so no process outlives the test.
  const steps = [() => worker?.stop(), () => prometheus?.stop(), () => harness?.close()];
  for (const step of steps) await Promise.resolve(step()).catch((error: unknown) => console.error(error));
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("telemetry end to end: worker → Prometheus → alert", () => {
  it("records one spike per separated 429 burst and fires TikTokRateLimitSpikes at the fourth, not the third", async () => {
    const p = prometheus as PrometheusServer;
    for (let index = 1; index <= BURSTS; index += 1) {
      await burst(index);
      const spikes = await pollUntil(
        `spike ${index} to be recorded by tiktok:rate_limit_spike_start`,
        async () => {
          const value = (await scalar(SPIKE_COUNT)) ?? 0;
          return value >= index ? value : undefined;
        },
        { timeoutMs: 10_000, describe: diagnostics },
      );
      expect(spikes).toBe(index);
      if (index === BURSTS - 1) {
        // Three spikes are the limit: after an evaluation that saw all three, the alert must still be quiet.
        const seen = Date.now();
        await pollUntil(
          "an evaluation after the third spike",
          async () => {
            const group = (await p.ruleGroups())[0];
            return group && Date.parse(group.lastEvaluation) > seen ? true : undefined;
          },
          { timeoutMs: 5_000 },
        );
        expect(await scalar(SPIKE_COUNT)).toBe(3);
        expect(await spikeAlerts()).toEqual([]);
      }
      if (index < BURSTS) {
        await pollUntil("a quiet spike window", async () => ((await scalar(QUIET)) === 0 ? true : undefined), {
          timeoutMs: 15_000,
          describe: diagnostics,
        });
      }
    }

    const [alert] = await pollUntil(
      `${ALERT} to fire`,
      async () => {
        const alerts = await spikeAlerts();
        return alerts.some((entry) => entry.state === "firing") ? alerts : undefined;
      },
      { timeoutMs: 10_000, describe: diagnostics },
    );
    expect(alert?.labels.severity).toBe("warning");
    expect(alert?.annotations.summary).toBe("More than 3 TikTok rate-limit spikes in the last hour (4)");
    const viaQuery = await p.query(`ALERTS{alertname="${ALERT}",alertstate="firing"}`);
    expect(viaQuery).toHaveLength(1);
  }, 80_000);

  it("serves the documented series names with the expected labels", async () => {
    const p = prometheus as PrometheusServer;
    const total = BURSTS * RATE_LIMITS_PER_BURST;
    const value = async (expr: string) => (await p.query(expr)).map((sample) => sample.value);

    expect(await value(`up{job="${JOB}"}`)).toEqual([1]);
    expect(await value(`tiktok_display_rate_limit_exceeded_total{job="${JOB}",endpoint="video.list"}`)).toEqual([
      total,
    ]);
    expect(
      await value(`tiktok_display_requests_total{job="${JOB}",endpoint="video.list",outcome="rate_limited"}`),
    ).toEqual([total]);
    const listed = await value(`tiktok_display_requests_total{job="${JOB}",endpoint="video.list",outcome="success"}`);
    expect(listed[0]).toBeGreaterThanOrEqual(BURSTS);
    for (const window of ["minute", "day"]) {
      const [remaining] = await value(`tiktok_display_budget_remaining{job="${JOB}",window="${window}"}`);
      expect(remaining, window).toBeGreaterThanOrEqual(0);
    }
    const depth = await p.query(`tiktok_queue_depth{job="${JOB}"}`);
    const pairs = new Set(depth.map((sample) => `${sample.metric.queue}/${sample.metric.state}`));
    for (const queue of Object.values(QUEUE_NAMES)) {
      for (const state of QUEUE_STATES) expect(pairs, `${queue}/${state}`).toContain(`${queue}/${state}`);
    }
  });

  it("logs no issued token, and every line written inside a job carries its span's trace_id and span_id", () => {
    const { stdout, stderr } = (worker as WorkerProcess).output();
    const tokens = (harness as Harness).sandbox.scenario.issuedTokens();
    expect(tokens.length).toBeGreaterThan(0);
    for (const token of tokens) {
      expect(stdout.includes(token), "a token in stdout").toBe(false);
      expect(stderr.includes(token), "a token in stderr").toBe(false);
    }

    const lines = parseLogLines(stdout);
    // runJob binds requestId (and jobId) on the logger it hands to the job, so these lines come from inside it.
    const inJob = lines.filter((line: WorkerLogLine) => typeof line.requestId === "string");
    const rateLimited = inJob.filter(
      (line) => line.signal?.kind === "rate_limited" && line.queue === "tiktok-ingestion",
    );
    expect(rateLimited).toHaveLength(BURSTS * RATE_LIMITS_PER_BURST);
    const untraced = inJob.filter(
      (line) =>
        !/^[0-9a-f]{32}$/.test(line.trace_id ?? "") ||
        /^0+$/.test(line.trace_id ?? "") ||
        !/^[0-9a-f]{16}$/.test(line.span_id ?? "") ||
        /^0+$/.test(line.span_id ?? ""),
    );
    expect(untraced).toEqual([]);
  });
});
