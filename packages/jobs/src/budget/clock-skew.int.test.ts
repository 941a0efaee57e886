import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTikTokBudget, type TikTokBudget } from "./budget";
import { maxInAnyWindow } from "./test-helpers";

// TikTok counts calls as they arrive, on its own clock, in a sliding window; the budget orders grants by the
// granting processes' clocks. These tests run several processes' budgets on one real Redis, each reading a clock
// skewed from the true time, and count the grants in true time, as TikTok would.
const services = testServices();
let redis: Redis;
const T0 = Date.UTC(2026, 2, 10, 12, 0, 0);
const TIKTOK_WINDOW_MS = 1_000;
const LIMIT = 5;
const SKEW_MS = 300;

beforeAll(() => {
  redis = new Redis(services.redis.url);
});
afterAll(async () => {
  await redis.quit();
});

/** Processes sharing one budget; process i reads the true time plus `skews[i]`. Grants are logged in true time. */
function processes(windowMs: number, skews: readonly number[]) {
  let trueNow = T0;
  const keyPrefix = uniqueName("skew");
  const arrivals: number[] = [];
  const budgets: TikTokBudget[] = skews.map((skew) =>
    createTikTokBudget({
      redis,
      keyPrefix,
      perMinute: LIMIT,
      perDay: 100_000,
      maxInFlight: 1_000,
      windowMs,
      now: () => trueNow + skew,
    }),
  );
  return {
    arrivals,
    at: (ms: number) => {
      trueNow = T0 + ms;
    },
    /** Process `i` takes every call the budget grants it now. */
    drain: async (i: number) => {
      const budget = budgets[i] as TikTokBudget;
      for (;;) {
        const attempt = await budget.tryAcquire("metrics");
        if (!attempt.granted) return;
        arrivals.push(trueNow);
        await attempt.lease.release();
      }
    },
  };
}

/** A process fills the window; a process whose clock runs ahead arrives just after it thinks the window moved on. */
async function fastClockArrivesLate(windowMs: number): Promise<number[]> {
  const sim = processes(windowMs, [0, SKEW_MS]);
  sim.at(0);
  await sim.drain(0);
  sim.at(TIKTOK_WINDOW_MS - SKEW_MS + 1);
  await sim.drain(1);
  return sim.arrivals;
}

describe("the budget under clock skew between processes", () => {
  it("lets twice the limit reach TikTok within its window when the budget's window is TikTok's own", async () => {
    const arrivals = await fastClockArrivesLate(TIKTOK_WINDOW_MS);
    expect(maxInAnyWindow(arrivals, TIKTOK_WINDOW_MS)).toBe(2 * LIMIT);
  });

  it("keeps arrivals within the limit when the window is widened by the skew", async () => {
    const arrivals = await fastClockArrivesLate(TIKTOK_WINDOW_MS + SKEW_MS);
    expect(arrivals).toHaveLength(LIMIT);
    expect(maxInAnyWindow(arrivals, TIKTOK_WINDOW_MS)).toBe(LIMIT);
  });

  it("keeps arrivals within the limit over a long mixed schedule of early, exact and late clocks", async () => {
    // The allowance must cover the largest difference between any two clocks: here 2 × SKEW_MS.
    const sim = processes(TIKTOK_WINDOW_MS + 2 * SKEW_MS, [0, SKEW_MS, -SKEW_MS, SKEW_MS / 2]);
    // A fixed pseudo-random schedule (LCG), so a failure replays exactly.
    let seed = 42;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let at = 0;
    for (let step = 0; step < 400; step += 1) {
      at += Math.floor(next() * 120);
      sim.at(at);
      await sim.drain(Math.floor(next() * 4));
    }
    expect(sim.arrivals.length).toBeGreaterThan(4 * LIMIT);
    expect(maxInAnyWindow(sim.arrivals, TIKTOK_WINDOW_MS)).toBeLessThanOrEqual(LIMIT);
  });
});
