import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import type { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueues, type TikTokQueues } from "./queues";
import { missingSchedules, reconcileSchedules, SCHEDULER_IDS } from "./schedules";

const services = testServices();
const intervals = {
  metricsPlanMs: 900_000,
  tokenSweepMs: 300_000,
  maintenanceMs: 3_600_000,
  metricsRetentionDays: 400,
};
let connection: Redis;
let queues: TikTokQueues;

beforeAll(() => {
  connection = new Redis(services.redis.url, { maxRetriesPerRequest: null });
  queues = createQueues(connection, uniqueName("sched"));
});
afterAll(async () => {
  await queues.close();
  await connection.quit();
});

async function nextRuns(): Promise<Record<string, number | undefined>> {
  const all = await Promise.all(
    (["metricsRefresh", "tokenRefresh", "maintenance"] as const).map((key) =>
      (queues[key] as unknown as Queue).getJobSchedulers(),
    ),
  );
  return Object.fromEntries(all.flat().map((scheduler) => [scheduler.key, scheduler.next]));
}

describe("schedules", () => {
  it("reports every expected scheduler missing on an empty Redis", async () => {
    const missing = await missingSchedules(queues);
    expect(missing).toHaveLength(Object.values(SCHEDULER_IDS).flat().length);
    expect(missing).toContain("tiktok-metrics-refresh/plan");
  });

  it("recreates them idempotently: a second reconcile keeps every next run and adds no scheduler", async () => {
    await reconcileSchedules(queues, intervals);
    const first = await nextRuns();
    await reconcileSchedules(queues, intervals);
    expect(await nextRuns()).toEqual(first);
    expect(await missingSchedules(queues)).toEqual([]);
    expect(await queues.maintenance.getJobSchedulersCount()).toBe(SCHEDULER_IDS.maintenance.length);
  });

  it("names a scheduler that Redis lost, and the next reconcile brings it back", async () => {
    await queues.tokenRefresh.removeJobScheduler("sweep");
    expect(await missingSchedules(queues)).toEqual(["tiktok-token-refresh/sweep"]);
    await reconcileSchedules(queues, intervals);
    expect(await missingSchedules(queues)).toEqual([]);
  });
});
