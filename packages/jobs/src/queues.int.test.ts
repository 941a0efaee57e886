import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { isAppError } from "@trendpot/errors";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUEUE_NAMES } from "./names";
import { createQueues, type TikTokQueues } from "./queues";

const services = testServices();
let connection: Redis;
let queues: TikTokQueues;

beforeAll(() => {
  connection = new Redis(services.redis.url, { maxRetriesPerRequest: null });
  queues = createQueues(connection, uniqueName("jobs"), { attempts: 4, backoffMs: 1_000 });
});
afterAll(async () => {
  await queues.close();
  await connection.quit();
});

describe("createQueues", () => {
  it("opens every queue under its agreed name", () => {
    expect(queues.ingestion.name).toBe("tiktok-ingestion");
    expect(queues.webhooks.name).toBe(QUEUE_NAMES.webhooks);
  });

  it("deduplicates the same ingestion and keeps different keys apart", async () => {
    const payload = { accountId: "acc_dedupe", reason: "consent" as const, requestId: "req-1" };
    const first = await queues.enqueueIngestion(payload, { key: "req-1" });
    const again = await queues.enqueueIngestion(payload, { key: "req-1" });
    const other = await queues.enqueueIngestion({ ...payload, reason: "manual" }, { key: "req-2" });
    expect(again.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
    expect(await queues.ingestion.getJobCounts("waiting")).toEqual({ waiting: 2 });
  });

  it("applies the retry policy: attempts from config, exponential backoff, bounded retention", async () => {
    const job = await queues.enqueueWebhook({
      deliveryId: "delivery-1",
      event: "authorization.removed",
      openId: "open-1",
      reasonCode: 1,
      receivedAt: "2026-03-10T12:00:00Z",
    });
    expect(job.id).toBe("webhook.delivery-1");
    expect(job.opts).toMatchObject({
      attempts: 4,
      backoff: { type: "exponential", delay: 1_000 },
      removeOnComplete: { count: 1_000 },
      removeOnFail: { count: 5_000 },
    });
  });

  it("ids a metrics batch by account, cycle and ids, whatever their order", async () => {
    const first = await queues.enqueueMetricsBatch({ accountId: "acc_m", videoIds: ["1", "2"], cycle: 5 });
    const same = await queues.enqueueMetricsBatch({ accountId: "acc_m", videoIds: ["2", "1"], cycle: 5 });
    const next = await queues.enqueueMetricsBatch(
      { accountId: "acc_m", videoIds: ["1", "2"], cycle: 6 },
      { delay: 60_000 },
    );
    expect(same.id).toBe(first.id);
    expect(next.id).not.toBe(first.id);
    expect(await queues.metricsRefresh.getJobCounts("waiting", "delayed")).toEqual({ waiting: 1, delayed: 1 });
  });

  it("rejects an invalid payload before anything reaches Redis", async () => {
    const before = await queues.tokenRefresh.getJobCounts("waiting");
    const error = await queues
      .enqueueTokenRefresh({ accountId: "acc:bad", reason: "expiring" }, { generation: 1 })
      .catch((caught: unknown) => caught);
    expect(isAppError(error, "VALIDATION_FAILED")).toBe(true);
    expect((error as Error).message).toContain("tiktok-token-refresh/refresh-token");
    expect(await queues.tokenRefresh.getJobCounts("waiting")).toEqual(before);
  });

  it("adds token refreshes, profile refreshes and maintenance with their deterministic ids", async () => {
    const token = await queues.enqueueTokenRefresh({ accountId: "acc_t", reason: "expiring" }, { generation: 3 });
    const profile = await queues.enqueueProfileRefresh({ accountId: "acc_t" }, { key: 9 });
    const maintenance = await queues.enqueueMaintenance({ task: "reconcile-mirrors" }, { key: "2026-03-10" });
    expect([token.id, profile.id, maintenance.id]).toEqual([
      "token.acc_t.3",
      "profile.acc_t.9",
      "maintenance.reconcile-mirrors.2026-03-10",
    ]);
  });

  it("schedules the planner tick and the token sweep once, however often it is called", async () => {
    await queues.scheduleMetricsPlanner(900_000);
    await queues.scheduleMetricsPlanner(900_000);
    await queues.scheduleTokenSweep(300_000);
    const planners = await queues.metricsRefresh.getJobSchedulers();
    expect(planners.map((scheduler) => [scheduler.key, scheduler.every])).toEqual([["plan", 900_000]]);
    expect(await queues.tokenRefresh.getJobSchedulersCount()).toBe(1);
  });
});
