import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { missingSchedules } from "@trendpot/jobs";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "./start";
import { createHarness, type Harness } from "./testing/harness";

let h: Harness | undefined;
let worker: RunningWorker | undefined;

afterEach(async () => {
  await worker?.stop();
  await h?.close();
  worker = undefined;
  h = undefined;
});

/** Deletes every key of this deployment's prefix, as a Redis that lost its data (without touching other tests). */
async function loseRedisData(harness: Harness): Promise<void> {
  const { redis } = harness.deps;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${harness.config.REDIS_PREFIX}:*`, "COUNT", 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== "0");
}

async function waitForSchedules(harness: Harness, withinMs: number): Promise<string[]> {
  const deadline = Date.now() + withinMs;
  let missing = await missingSchedules(harness.deps.queues);
  while (missing.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    missing = await missingSchedules(harness.deps.queues);
  }
  return missing;
}

/** A worker that processes no queue: the schedulers themselves are under test, not the jobs they produce. */
async function startSchedulesOnly(name: string, env: Record<string, string>): Promise<Harness> {
  const harness = await createHarness({ services: testServices(), name: uniqueName(name), env });
  h = harness;
  worker = await startWorker(harness.config, {
    logger: harness.logger,
    metrics: harness.recording.metrics,
    deps: harness.deps,
    liveness: false,
    queues: [],
  });
  return harness;
}

describe("schedule reconciliation", () => {
  it("regression: schedules lost with Redis's data come back within the reconcile interval, and are logged", async () => {
    const harness = await startSchedulesOnly("wk_sched", { WORKER_SCHEDULE_RECONCILE_MS: "1000" });
    expect(await missingSchedules(harness.deps.queues)).toEqual([]);

    await loseRedisData(harness);
    expect(await missingSchedules(harness.deps.queues)).toContain("tiktok-metrics-refresh/plan");

    // Generous against a loaded machine; the interval itself is 1 s.
    expect(await waitForSchedules(harness, 15_000)).toEqual([]);
    const recreated = harness.logLines.find((line) => line.includes("recreated missing job schedulers"));
    expect(recreated).toContain("tiktok-token-refresh/sweep");
  });

  it("creates nothing when the deployment switched schedules off (WORKER_SCHEDULES_ENABLED=false)", async () => {
    const harness = await startSchedulesOnly("wk_nosched", { WORKER_SCHEDULES_ENABLED: "false" });
    expect(await missingSchedules(harness.deps.queues)).toHaveLength(5);
  });
});
