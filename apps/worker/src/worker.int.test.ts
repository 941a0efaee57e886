import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { workerHeartbeatKey } from "@trendpot/core";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { type Job, QueueEvents } from "bullmq";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { OpsAlert } from "./lifecycle/ops-alert";
import type { JobDeps } from "./ports";
import { type RunningWorker, startWorker } from "./start";
import { beforeQuery } from "./testing/display-hook";
import { createHarness, type Harness } from "./testing/harness";

let h: Harness | undefined;
let worker: RunningWorker | undefined;
let events: QueueEvents | undefined;
let receiver: Server | undefined;

afterEach(async () => {
  await worker?.stop();
  await events?.close();
  await h?.close();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  worker = undefined;
  events = undefined;
  h = undefined;
  receiver = undefined;
});

/** A local HTTP server standing in for OPS_ALERT_WEBHOOK_URL. */
async function alertReceiver(): Promise<{ url: string; alerts: OpsAlert[] }> {
  const alerts: OpsAlert[] = [];
  receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      alerts.push(JSON.parse(body) as OpsAlert);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver?.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`, alerts };
}

async function boot(
  env: Record<string, string>,
  videos = 45,
  wrapJob: (job: JobDeps) => JobDeps = (job) => job,
): Promise<{ harness: Harness; accountId: string; openId: string }> {
  const harness = await createHarness({ services: testServices(), name: uniqueName("wk_run"), env });
  h = harness;
  const openId = harness.sandbox.scenario.addCreator().openId;
  harness.sandbox.scenario.addVideos(openId, videos);
  harness.sandbox.scenario.setShortPages(openId, [10, 10, 10, 10, 10]);
  const accountId = await harness.connect(openId);
  worker = await startWorker(harness.config, {
    logger: harness.logger,
    metrics: harness.recording.metrics,
    deps: { ...harness.deps, job: wrapJob(harness.deps.job) },
    schedule: false,
  });
  events = new QueueEvents("tiktok-ingestion", {
    connection: harness.deps.redis.duplicate(),
    prefix: harness.config.REDIS_PREFIX,
  });
  await events.waitUntilReady();
  return { harness, accountId, openId };
}

async function enqueueIngestion(harness: Harness, accountId: string): Promise<Job> {
  return harness.deps.queues.enqueueIngestion({ accountId, reason: "consent" }, { key: "req-1" });
}

const listRequests = (harness: Harness) =>
  harness.sandbox.scenario.requests().filter((r) => r.endpoint === "video.list");

describe("worker process", () => {
  it("retries 5xx bursts with doubling backoff and completes without losing a page", async () => {
    const { harness, accountId } = await boot({ TIKTOK_INGESTION_RETRY_BACKOFF_MS: "100" });
    harness.sandbox.scenario.setFaults({ serverErrors: { count: 2, endpoints: ["video.list"] } });

    const job = await enqueueIngestion(harness, accountId);
    await job.waitUntilFinished(events as QueueEvents, 30_000);

    const done = await harness.deps.queues.ingestion.getJob(job.id ?? "");
    // Two failed attempts and the one that succeeded.
    expect(done?.attemptsMade).toBe(3);
    expect(await harness.deps.videos.countByAccount(accountId)).toBe(45);
    const calls = listRequests(harness);
    expect(calls.map((call) => call.status)).toEqual([500, 500, 200, 200, 200, 200, 200]);
    // BullMQ never retries before the backoff: 100 ms, then 200 ms.
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(100);
    expect((calls[2]?.at ?? 0) - (calls[1]?.at ?? 0)).toBeGreaterThanOrEqual(200);
    expect(harness.recording.sum("jobsFailed", { outcome: "retrying" })).toBe(2);
  });

  it("fails for good after the last attempt, records lastError and notifies ops", async () => {
    const { url, alerts } = await alertReceiver();
    const env = {
      TIKTOK_INGESTION_RETRY_BACKOFF_MS: "20",
      TIKTOK_INGESTION_MAX_ATTEMPTS: "3",
      OPS_ALERT_WEBHOOK_URL: url,
    };
    const { harness, accountId } = await boot(env);
    harness.sandbox.scenario.setFaults({ serverErrors: { count: 100, endpoints: ["video.list"] } });

    const job = await enqueueIngestion(harness, accountId);
    await expect(job.waitUntilFinished(events as QueueEvents, 30_000)).rejects.toThrow();

    expect(listRequests(harness)).toHaveLength(3);
    await vi.waitFor(() => expect(alerts).toHaveLength(1), { timeout: 10_000 });
    expect(alerts[0]).toMatchObject({
      queue: "tiktok-ingestion",
      accountId,
      outcome: "exhausted",
      attempts: 3,
      errorCode: "TIKTOK_UNAVAILABLE",
    });
    const account = await harness.deps.accounts.getById(accountId);
    expect(account?.sync.lastError?.code).toBe("TIKTOK_UNAVAILABLE");
    expect(harness.recording.sum("jobsFailed", { outcome: "exhausted" })).toBe(1);
    expect(harness.logLines.some((line) => line.includes("job failed for good"))).toBe(true);
  });

  it("a 429 storm pauses the budget and re-queues the job without using attempts", async () => {
    const { harness, accountId } = await boot({ TIKTOK_INGESTION_RETRY_BACKOFF_MS: "50" });
    harness.sandbox.scenario.setFaults({ rateLimitStorm: { count: 3, endpoints: ["video.list"] } });

    const job = await enqueueIngestion(harness, accountId);
    await job.waitUntilFinished(events as QueueEvents, 30_000);

    const done = await harness.deps.queues.ingestion.getJob(job.id ?? "");
    // Started four times (three 429 returns), but only the successful run counts as an attempt.
    expect(done?.attemptsStarted).toBe(4);
    expect(done?.attemptsMade).toBe(1);
    expect(harness.recording.sum("jobsFailed")).toBe(0);
    const calls = listRequests(harness);
    expect(calls.slice(0, 4).map((call) => call.status)).toEqual([429, 429, 429, 200]);
    // The queue is rate limited for the doubling backoff (50, 100, 200 ms) before the job runs again.
    for (const [index, minimum] of [50, 100, 200].entries()) {
      expect((calls[index + 1]?.at ?? 0) - (calls[index]?.at ?? 0)).toBeGreaterThanOrEqual(minimum);
    }
    expect(harness.recording.sum("rateLimitExceeded")).toBe(3);
    expect(await harness.deps.videos.countByAccount(accountId)).toBe(45);
  });

  it("the day cap delays the job until the budget frees, keeping its cursor and attempts", async () => {
    const { harness, accountId } = await boot({ TIKTOK_INGESTION_RATE_LIMIT_PER_DAY: "3" });

    const job = await enqueueIngestion(harness, accountId);
    await vi.waitFor(async () => expect(await job.getState()).toBe("delayed"), { timeout: 20_000 });

    const delayed = await harness.deps.queues.ingestion.getJob(job.id ?? "");
    expect(delayed?.attemptsMade).toBe(0);
    expect(listRequests(harness)).toHaveLength(3);
    expect((await harness.deps.accounts.getById(accountId))?.sync.ingestionCursor).toBeTypeOf("number");
    expect((delayed?.delay ?? 0) + (delayed?.timestamp ?? 0)).toBeGreaterThan(Date.now());
  });

  it("a non-retryable TikTok error fails the job at once as unrecoverable", async () => {
    const { url, alerts } = await alertReceiver();
    const harness = await createHarness({
      services: testServices(),
      name: uniqueName("wk_run"),
      env: { OPS_ALERT_WEBHOOK_URL: url },
    });
    h = harness;
    const openId = harness.sandbox.scenario.addCreator().openId;
    const accountId = await harness.connect(openId, { scopes: ["user.info.basic"] });
    worker = await startWorker(harness.config, {
      logger: harness.logger,
      metrics: harness.recording.metrics,
      deps: harness.deps,
      schedule: false,
    });
    events = new QueueEvents("tiktok-ingestion", {
      connection: harness.deps.redis.duplicate(),
      prefix: harness.config.REDIS_PREFIX,
    });

    const job = await enqueueIngestion(harness, accountId);
    await expect(job.waitUntilFinished(events, 30_000)).rejects.toThrow();

    expect((await harness.deps.queues.ingestion.getJob(job.id ?? ""))?.attemptsMade).toBe(1);
    await vi.waitFor(() => expect(alerts).toHaveLength(1), { timeout: 10_000 });
    expect(alerts[0]).toMatchObject({ outcome: "unrecoverable", errorCode: "TIKTOK_AUTH_FAILED" });
  });

  it("retries a metrics job whose later call failed for the ids that call and the next were to get", async () => {
    let fault = () => {};
    const { harness, accountId, openId } = await boot({ TIKTOK_INGESTION_RETRY_BACKOFF_MS: "100" }, 45, (job) =>
      beforeQuery(job, 2, () => fault()),
    );
    fault = () =>
      harness.sandbox.scenario.setFaults({ serverErrors: { count: 1, status: 503, endpoints: ["video.query"] } });
    const ids = harness.sandbox.scenario.videos(openId).map((video) => video.id);
    const batchEvents = new QueueEvents("tiktok-metrics-refresh", {
      connection: harness.deps.redis.duplicate(),
      prefix: harness.config.REDIS_PREFIX,
    });
    await batchEvents.waitUntilReady();
    try {
      harness.sandbox.scenario.clearRequests();
      const job = await harness.deps.queues.enqueueMetricsBatch({ accountId, videoIds: ids, cycle: 1 });
      expect(await job.waitUntilFinished(batchEvents, 30_000)).toMatchObject({ status: "completed", calls: 2 });
      const finished = await harness.deps.queues.metricsRefresh.getJob(job.id ?? "");
      expect(finished?.attemptsMade).toBe(2);
      expect((finished?.data as { videoIds?: string[] } | undefined)?.videoIds).toEqual(ids.slice(20));
    } finally {
      await batchEvents.close();
    }
    const queries = harness.sandbox.scenario.requests().filter((r) => r.endpoint === "video.query");
    // 20 ids answered, the failed call, then only the 25 left: two calls, none asked twice.
    expect(queries.map((r) => r.status)).toEqual([200, 503, 200, 200]);
  });

  it("jobs of a revoked account complete as skipped and create nothing", async () => {
    const { harness, accountId, openId } = await boot({});
    await harness.deps.accounts.markRevoked(accountId, { reason: "test", at: new Date() });
    const ids = harness.sandbox.scenario
      .videos(openId)
      .slice(0, 3)
      .map((video) => video.id);
    const batchEvents = new QueueEvents("tiktok-metrics-refresh", {
      connection: harness.deps.redis.duplicate(),
      prefix: harness.config.REDIS_PREFIX,
    });
    await batchEvents.waitUntilReady();
    try {
      const batch = await harness.deps.queues.enqueueMetricsBatch({ accountId, videoIds: ids, cycle: 1 });
      const ingest = await enqueueIngestion(harness, accountId);
      expect(await batch.waitUntilFinished(batchEvents, 30_000)).toEqual({ status: "skipped", reason: "not_active" });
      expect(await ingest.waitUntilFinished(events as QueueEvents, 30_000)).toMatchObject({ status: "skipped" });
    } finally {
      await batchEvents.close();
    }
    expect(
      harness.sandbox.scenario.requests().filter((r) => r.endpoint !== "token" && r.endpoint !== "authorize"),
    ).toHaveLength(0);
    expect(await harness.deps.videos.countByAccount(accountId)).toBe(0);
  });

  it("writes a heartbeat, answers /live, and finishes the running job on shutdown", async () => {
    const { harness, accountId } = await boot({});
    const beat = Number(await harness.deps.redis.get(workerHeartbeatKey(harness.config.REDIS_PREFIX)));
    expect(beat).toBeGreaterThan(Date.now() - 60_000);
    const live = await fetch(`${worker?.livenessUrl}/live`);
    expect(live.status).toBe(200);
    harness.sandbox.scenario.setFaults({ slow: { ms: 700, count: 1, endpoints: ["video.list"] } });

    const job = await enqueueIngestion(harness, accountId);
    await vi.waitFor(async () => expect(await job.getState()).toBe("active"), { timeout: 10_000 });
    await worker?.stop();

    expect(await job.getState()).toBe("completed");
    expect(await harness.deps.videos.countByAccount(accountId)).toBe(45);
  });
});
