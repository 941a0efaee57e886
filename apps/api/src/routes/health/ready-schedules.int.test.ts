import { writeWorkerHeartbeat } from "@trendpot/core";
import { reconcileSchedules } from "@trendpot/jobs";
import type { Queue } from "bullmq";
import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/harness";

const intervals = {
  metricsPlanMs: 900_000,
  tokenSweepMs: 300_000,
  maintenanceMs: 3_600_000,
  metricsRetentionDays: 400,
};
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const ready = async (app: TestApp) => {
  const response = await app.app.inject({ method: "GET", url: "/ready" });
  return { status: response.statusCode, body: response.json() };
};

describe("/ready and the job schedulers", () => {
  it("regression: a lost scheduler fails readiness by name, and readiness recovers once it is recreated", async () => {
    const app = await createTestApp();
    t = app;
    await writeWorkerHeartbeat(app.deps.redis, app.config.REDIS_PREFIX);
    expect((await ready(app)).body.checks.schedules).toMatchObject({
      status: "failed",
      error: expect.stringContaining("tiktok-metrics-refresh/plan"),
    });

    // What every worker does each WORKER_SCHEDULE_RECONCILE_MS (the worker's own test proves it recreates them).
    await reconcileSchedules(app.deps.queues, intervals);
    expect(await ready(app)).toMatchObject({ status: 200, body: { checks: { schedules: { status: "ok" } } } });

    await (app.deps.queues.maintenance as unknown as Queue).removeJobScheduler("maintenance-purge-history");
    const lost = await ready(app);
    expect(lost.status).toBe(503);
    expect(lost.body.checks.schedules.error).toBe(
      "missing job schedulers: tiktok-maintenance/maintenance-purge-history",
    );

    await reconcileSchedules(app.deps.queues, intervals);
    expect((await ready(app)).status).toBe(200);
  });

  it("does not demand schedules a deployment switched off (WORKER_SCHEDULES_ENABLED=false)", async () => {
    const app = await createTestApp({ env: { WORKER_SCHEDULES_ENABLED: "false" } });
    t = app;
    await writeWorkerHeartbeat(app.deps.redis, app.config.REDIS_PREFIX);
    const { status, body } = await ready(app);
    expect(status).toBe(200);
    expect(body.checks).not.toHaveProperty("schedules");
  });
});
