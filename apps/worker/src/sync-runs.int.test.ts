import { COLLECTIONS } from "@trendpot/db";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { QueueEvents } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "./start";
import { createHarness, type Harness } from "./testing/harness";

let h: Harness;
let worker: RunningWorker;
const listeners: QueueEvents[] = [];
let accountId: string;

beforeAll(async () => {
  h = await createHarness({
    services: testServices(),
    name: uniqueName("wk_runs"),
    env: { TIKTOK_INGESTION_MAX_ATTEMPTS: "1", SYNC_RUN_RETENTION_DAYS: "30" },
  });
  const openId = h.sandbox.scenario.addCreator().openId;
  h.sandbox.scenario.addVideos(openId, 25);
  h.sandbox.scenario.setShortPages(openId, [10, 10, 5]);
  accountId = await h.connect(openId);
  worker = await startWorker(h.config, {
    logger: h.logger,
    metrics: h.recording.metrics,
    deps: h.deps,
    schedule: false,
  });
});
afterAll(async () => {
  await worker?.stop();
  for (const listener of listeners) await listener.close();
  await h?.close();
});

async function eventsOf(queueName: string): Promise<QueueEvents> {
  const listener = new QueueEvents(queueName, { connection: h.deps.redis.duplicate(), prefix: h.config.REDIS_PREFIX });
  listeners.push(listener);
  await listener.waitUntilReady();
  return listener;
}

async function runsOf(kind: string) {
  const page = await h.deps.syncRuns.listByAccount({ accountId, limit: 50 });
  return page.items.filter((run) => run.kind === kind);
}

describe("sync runs written by the worker", () => {
  it("ingestion, metrics, profile and token refresh each write one finished run with TikTok's log ids", async () => {
    const ingestionEvents = await eventsOf(h.deps.queues.ingestion.name);
    const ingest = await h.deps.queues.enqueueIngestion({ accountId, reason: "consent" }, { key: "req-runs" });
    await ingest.waitUntilFinished(ingestionEvents, 30_000);

    const metricsEvents = await eventsOf(h.deps.queues.metricsRefresh.name);
    const videoIds = (await h.deps.videos.listForRefresh(accountId)).slice(0, 20).map((video) => video.id);
    const batch = await h.deps.queues.enqueueMetricsBatch({ accountId, videoIds, cycle: 1, trigger: "manual" });
    await batch.waitUntilFinished(metricsEvents, 30_000);

    const profile = await h.deps.queues.enqueueProfileRefresh({ accountId }, { key: "cycle-1" });
    await profile.waitUntilFinished(metricsEvents, 30_000);

    const tokenEvents = await eventsOf(h.deps.queues.tokenRefresh.name);
    const refresh = await h.deps.queues.enqueueTokenRefresh({ accountId, reason: "expiring" }, { generation: 1 });
    await refresh.waitUntilFinished(tokenEvents, 30_000);

    const [ingestion] = await runsOf("ingestion");
    expect(ingestion).toMatchObject({
      trigger: "consent",
      jobId: ingest.id,
      outcome: "ok",
      counts: { videos: 25, pages: 3, calls: expect.any(Number) },
      finishedAt: expect.any(Date),
    });
    // The oEmbed calls of each video are TikTok calls too; the three list pages are among them.
    expect(ingestion?.counts?.calls).toBeGreaterThanOrEqual(3);
    expect(ingestion?.tiktokLogIds?.length).toBeGreaterThan(0);
    const retentionMs = (ingestion?.expiresAt?.getTime() ?? 0) - (ingestion?.startedAt.getTime() ?? 0);
    expect(retentionMs).toBe(30 * 86_400_000);

    expect(await runsOf("metrics")).toEqual([
      expect.objectContaining({ trigger: "manual", outcome: "ok", counts: { videos: 20, calls: 1 } }),
    ]);
    expect(await runsOf("profile")).toEqual([
      expect.objectContaining({ trigger: "schedule", outcome: "ok", counts: { calls: 1 } }),
    ]);
    // The profile sync also recorded the counts behind the profile history.
    const day = { from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 86_400_000) };
    const [snapshot] = await h.deps.profileHistory.history({ accountId, ...day, bucket: "day" });
    expect(snapshot).toMatchObject({ followerCount: expect.any(Number), videoCount: expect.any(Number) });
    expect(await runsOf("token_refresh")).toEqual([
      expect.objectContaining({ trigger: "schedule", outcome: "ok", counts: { calls: 1 } }),
    ]);
  });

  it("a failed attempt is a failed run with the error's code and TikTok's log id", async () => {
    h.sandbox.scenario.setFaults({ serverErrors: { count: 5, endpoints: ["video.list"] } });
    const ingestionEvents = await eventsOf(h.deps.queues.ingestion.name);
    const job = await h.deps.queues.enqueueIngestion({ accountId, reason: "manual" }, { key: "req-fails" });
    await expect(job.waitUntilFinished(ingestionEvents, 30_000)).rejects.toThrow();
    h.sandbox.scenario.setFaults({});

    const failed = (await runsOf("ingestion")).find((run) => run.jobId === job.id);
    expect(failed).toMatchObject({
      trigger: "manual",
      outcome: "failed",
      error: { code: "TIKTOK_UNAVAILABLE", message: expect.stringContaining("video.list") },
      counts: { calls: 1 },
    });
    expect(failed?.tiktokLogIds).toHaveLength(1);
  });

  it("the worker's previous-key gauge counts credentials not under the key the cipher writes with", async () => {
    const gauge = worker.gaugeSources.credentialsUnderPreviousKey;
    expect(await gauge?.()).toBe(0);
    // What a re-pointed alias leaves behind: a credential stamped with another key's ARN.
    await h.deps.db
      .collection(COLLECTIONS.tiktokAccounts)
      .updateOne(
        { _id: accountId as never },
        { $set: { "credentials.keyId": "arn:aws:kms:us-east-1:000000000000:key/old" } },
      );
    expect(await gauge?.()).toBe(1);
  });
});
