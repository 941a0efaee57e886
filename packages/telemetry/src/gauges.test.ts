import { describe, expect, it, vi } from "vitest";
import { registerGauges } from "./gauges";
import { METRIC_NAMES } from "./metric-names";
import { createTestMeter } from "./testing/metric-reader";

function quietLogger() {
  return { warn: vi.fn<(details: Record<string, unknown>, message: string) => void>() };
}

describe("registerGauges", () => {
  it("reports what the callbacks return, sync or async", async () => {
    const test = createTestMeter();
    registerGauges(test.meter, {
      budget: async () => ({ minuteRemaining: 42, dayRemaining: 4100, inFlight: 3 }),
      queues: () => [
        { queue: "tiktok-ingestion", counts: { waiting: 7, active: 1, delayed: 2 }, oldestWaitingAgeSeconds: 95 },
        { queue: "tiktok-token-refresh", counts: { waiting: 0 }, oldestWaitingAgeSeconds: null },
      ],
      syncLagSeconds: async () => 1250,
      accountsByStatus: () => ({ active: 10, needs_reauth: 2 }),
      refreshExpiring: () => 4,
      credentialsUnderPreviousKey: async () => 6,
      lastJobCompletedAt: () => ({
        "tiktok-ingestion": new Date("2030-01-01T00:00:00Z"),
        "tiktok-token-refresh": null,
      }),
    });

    expect(await test.points(METRIC_NAMES.budgetRemaining)).toEqual([
      { attributes: { window: "minute" }, value: 42 },
      { attributes: { window: "day" }, value: 4100 },
    ]);
    expect(await test.points(METRIC_NAMES.budgetInFlight)).toEqual([{ attributes: {}, value: 3 }]);
    expect(await test.points(METRIC_NAMES.queueDepth)).toEqual([
      { attributes: { queue: "tiktok-ingestion", state: "waiting" }, value: 7 },
      { attributes: { queue: "tiktok-ingestion", state: "active" }, value: 1 },
      { attributes: { queue: "tiktok-ingestion", state: "delayed" }, value: 2 },
      { attributes: { queue: "tiktok-token-refresh", state: "waiting" }, value: 0 },
    ]);
    expect(await test.points(METRIC_NAMES.queueOldestWaitingAge)).toEqual([
      { attributes: { queue: "tiktok-ingestion" }, value: 95 },
      { attributes: { queue: "tiktok-token-refresh" }, value: 0 },
    ]);
    expect(await test.points(METRIC_NAMES.syncLag)).toEqual([{ attributes: {}, value: 1250 }]);
    expect(await test.points(METRIC_NAMES.accounts)).toEqual([
      { attributes: { status: "active" }, value: 10 },
      { attributes: { status: "needs_reauth" }, value: 2 },
      { attributes: { status: "revoked" }, value: 0 },
      { attributes: { status: "error" }, value: 0 },
    ]);
    expect(await test.points(METRIC_NAMES.tokenRefreshExpiring)).toEqual([{ attributes: {}, value: 4 }]);
    expect(await test.points(METRIC_NAMES.credentialsUnderPreviousKey)).toEqual([{ attributes: {}, value: 6 }]);
    expect(await test.points(METRIC_NAMES.workerLastJobCompleted)).toEqual([
      { attributes: { queue: "tiktok-ingestion" }, value: Date.parse("2030-01-01T00:00:00Z") / 1000 },
    ]);
    const units = Object.fromEntries((await test.collect()).map((m) => [m.descriptor.name, m.descriptor.unit]));
    expect(units[METRIC_NAMES.syncLag]).toBe("s");
    expect(units[METRIC_NAMES.queueOldestWaitingAge]).toBe("s");
    await test.shutdown();
  });

  it("keeps collecting the other gauges when a callback throws, rejects or hangs, and logs each failure", async () => {
    const test = createTestMeter();
    const logger = quietLogger();
    registerGauges(
      test.meter,
      {
        budget: () => {
          throw new Error("redis down");
        },
        queues: () => Promise.reject(new Error("queue lookup failed")),
        syncLagSeconds: () => new Promise<number>(() => {}),
        refreshExpiring: () => 5,
      },
      { logger, timeoutMs: 20 },
    );
    const metrics = await test.collect();
    const expiring = metrics.find((metric) => metric.descriptor.name === METRIC_NAMES.tokenRefreshExpiring);
    expect(expiring?.dataPoints.map((point) => point.value)).toEqual([5]);
    const failed = logger.warn.mock.calls.map(([details]) => details.source).sort();
    expect(failed).toEqual(["budget", "queues", "syncLagSeconds"]);
    expect(logger.warn.mock.calls[0]?.[1]).toBe("metric gauge callback failed");
    await test.shutdown();
  });

  it("leaves sync lag unreported when there is no active account", async () => {
    const test = createTestMeter();
    registerGauges(test.meter, { syncLagSeconds: () => null, refreshExpiring: () => 0 });
    const names = (await test.collect()).map((metric) => metric.descriptor.name);
    const lag = (await test.collect()).find((metric) => metric.descriptor.name === METRIC_NAMES.syncLag);
    expect(names).toContain(METRIC_NAMES.tokenRefreshExpiring);
    expect(lag?.dataPoints ?? []).toEqual([]);
    await test.shutdown();
  });

  it("stops reading callbacks after unregister", async () => {
    const test = createTestMeter();
    const budget = vi.fn(() => ({ minuteRemaining: 1, dayRemaining: 2, inFlight: 0 }));
    const registration = registerGauges(test.meter, { budget });
    await test.collect();
    expect(budget).toHaveBeenCalledTimes(1);
    registration.unregister();
    await test.collect();
    expect(budget).toHaveBeenCalledTimes(1);
    await test.shutdown();
  });
});
