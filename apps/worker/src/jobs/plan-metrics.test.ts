import type { BudgetState } from "@trendpot/jobs";
import { describe, expect, it } from "vitest";
import { cycleCallShare } from "./plan-metrics";

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
