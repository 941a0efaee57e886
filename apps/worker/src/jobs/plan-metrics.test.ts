import type { BudgetState } from "@trendpot/jobs";
import { describe, expect, it } from "vitest";
import type { JobDeps } from "../ports";
import { cycleCallShare, type PlannerQueues, planMetricsRefresh } from "./plan-metrics";

function budget(metricsLeft: number, usedInWindow = 0): BudgetState {
  return {
    usedInWindow,
    remainingInWindow: 90 - usedInWindow,
    usedToday: 0,
    remainingToday: 5_000,
    remainingTodayFor: { token: 5_000, ingestion: 4_750, metrics: metricsLeft },
    inFlight: 0,
  };
}

describe("cycleCallShare", () => {
  const interval = 15 * 60_000;

  it("spreads the metrics share of the day over the cycles left today", () => {
    // 00:00 UTC: 96 cycles of 15 minutes left, 4,000 metrics calls → 41 per cycle.
    expect(cycleCallShare(budget(4_000), new Date("2026-01-01T00:00:00Z"), interval)).toBe(41);
    // 23:50 UTC: one cycle left, it may use everything that remains.
    expect(cycleCallShare(budget(300), new Date("2026-01-01T23:50:00Z"), interval)).toBe(300);
  });

  it("never plans more than the per-minute budget allows in one interval", () => {
    expect(cycleCallShare(budget(4_000), new Date("2026-01-01T23:59:00Z"), 60_000)).toBe(90);
  });

  it("plans nothing when the metrics share of the day is used up", () => {
    expect(cycleCallShare(budget(0), new Date("2026-01-01T12:00:00Z"), interval)).toBe(0);
  });
});

// Regression: the planner kept its built-in 15-minute base whatever TIKTOK_METRICS_REFRESH_INTERVAL_MS said, so a
// shorter configured interval never made a video due.
describe("planMetricsRefresh cadence", () => {
  it("uses the configured interval as the freshest cadence", async () => {
    const now = new Date("2026-11-22T12:00:00Z");
    const video = {
      id: "v1",
      createTime: new Date(now.getTime() - 3_600_000),
      lastRefreshedAt: new Date(now.getTime() - 120_000),
    };
    const batches: Array<{ accountId: string; videoIds: string[] }> = [];
    const deps = {
      now: () => now,
      accounts: { listActive: async () => [{ id: "acc_1", profileSyncedAt: now, videosSyncedAt: now }] },
      videos: { listForRefresh: async () => [video] },
      logger: { info: () => {} },
    } as unknown as JobDeps;
    const queues: PlannerQueues = {
      pendingBatchVideoIds: async () => new Set(),
      pendingIngestionAccountIds: async () => new Set(),
      enqueueBatch: async (batch) => {
        batches.push(batch);
      },
      enqueueProfileRefresh: async () => {},
      enqueueIncrementalIngestion: async () => {},
    };
    const input = { cycle: 1, batchSize: 20, budget: budget(4_000) };
    await planMetricsRefresh(deps, queues, { ...input, intervalMs: 15 * 60_000 });
    expect(batches).toEqual([]);
    await planMetricsRefresh(deps, queues, { ...input, intervalMs: 60_000 });
    expect(batches).toEqual([expect.objectContaining({ accountId: "acc_1", videoIds: ["v1"] })]);
  });
});
