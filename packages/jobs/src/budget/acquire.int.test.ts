import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { type AppError, isAppError } from "@trendpot/errors";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BudgetLease, createTikTokBudget } from "./budget";
import { fakeClock, maxInAnyWindow, sleepForever } from "./test-helpers";

const services = testServices();
let redis: Redis;
const T0 = Date.UTC(2026, 2, 10, 12, 0, 0);

beforeAll(() => {
  redis = new Redis(services.redis.url);
});
afterAll(async () => {
  await redis.quit();
});

const limits = { perMinute: 2, perDay: 1_000, maxInFlight: 10 };

describe("acquire", () => {
  it("sleeps exactly until the oldest call leaves the window, once (no spinning)", async () => {
    const clock = fakeClock(T0);
    const budget = createTikTokBudget({ redis, keyPrefix: uniqueName("budget"), ...limits, ...clock });
    await budget.acquire({ priority: "metrics" });
    clock.set(T0 + 1_000);
    await budget.acquire({ priority: "metrics" });
    const lease = await budget.acquire({ priority: "metrics" });
    expect(clock.sleeps).toEqual([59_000]);
    expect(lease.acquiredAt).toBe(T0 + 60_000);
    expect(lease.expiresAt).toBe(T0 + 120_000);
  });

  it("with a short real window, every acquisition keeps every window within the limit", async () => {
    const windowMs = 150;
    const budget = createTikTokBudget({ redis, keyPrefix: uniqueName("budget"), ...limits, windowMs });
    const stamps: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const lease = await budget.acquire({ priority: "ingestion" });
      stamps.push(lease.acquiredAt);
      await lease.release();
    }
    expect(maxInAnyWindow(stamps, windowMs)).toBe(2);
    expect(stamps[6] as number).toBeGreaterThanOrEqual((stamps[0] as number) + 3 * windowMs);
  });

  it("wakes a waiter in this process as soon as a lease is released", async () => {
    const budget = createTikTokBudget({
      redis,
      keyPrefix: uniqueName("budget"),
      ...limits,
      maxInFlight: 1,
      sleep: sleepForever,
    });
    const first = await budget.acquire({ priority: "metrics" });
    const waiting = budget.acquire({ priority: "token" });
    const settled = await Promise.race([waiting.then(() => "granted"), tick().then(() => "pending")]);
    expect(settled).toBe("pending");
    await first.release();
    const second = await waiting;
    expect(second.priority).toBe("token");
  });

  it("wakes a waiter in another process through the subscriber when a lease is released", async () => {
    const keyPrefix = uniqueName("budget");
    const holderConnection = new Redis(services.redis.url);
    const subscriber = new Redis(services.redis.url);
    const shared = { keyPrefix, ...limits, maxInFlight: 1 };
    const holder = createTikTokBudget({ ...shared, redis: holderConnection });
    const waiter = createTikTokBudget({ ...shared, redis, subscriber, sleep: sleepForever });
    const lease = await holder.acquire({ priority: "metrics" });
    const waiting = waiter.acquire({ priority: "ingestion" });
    await tick();
    await lease.release();
    expect((await waiting).priority).toBe("ingestion");
    await Promise.all([holderConnection.quit(), subscriber.quit()]);
  });

  it("gives up a wait when the signal aborts, without taking a slot", async () => {
    const clock = fakeClock(T0);
    const budget = createTikTokBudget({
      redis,
      keyPrefix: uniqueName("budget"),
      ...limits,
      now: clock.now,
      sleep: sleepForever,
    });
    await budget.acquire({ priority: "metrics" });
    await budget.acquire({ priority: "metrics" });
    const controller = new AbortController();
    const waiting = budget.acquire({ priority: "metrics", signal: controller.signal });
    await tick();
    controller.abort(new Error("job cancelled"));
    await expect(waiting).rejects.toThrow("job cancelled");
    expect((await budget.state()).usedInWindow).toBe(2);
    await expect(budget.acquire({ priority: "token", signal: controller.signal })).rejects.toThrow("job cancelled");
  });

  it("fails fast with BUDGET_EXHAUSTED when the wait would exceed maxWaitMs", async () => {
    const clock = fakeClock(T0);
    const budget = createTikTokBudget({ redis, keyPrefix: uniqueName("budget"), ...limits, ...clock });
    await budget.acquire({ priority: "metrics" });
    await budget.acquire({ priority: "metrics" });
    const error = await budget.acquire({ priority: "metrics", maxWaitMs: 30_000 }).catch((caught: unknown) => caught);
    expect(isAppError(error, "BUDGET_EXHAUSTED")).toBe(true);
    expect((error as AppError).details).toMatchObject({ reason: "window", retryAfterMs: 60_000 });
    expect(clock.sleeps).toEqual([]);
  });
  it("polls for an in-flight slot at inFlightPollMs and gives up after maxWaitMs", async () => {
    const clock = fakeClock(T0);
    const budget = createTikTokBudget({
      redis,
      keyPrefix: uniqueName("budget"),
      ...limits,
      maxInFlight: 1,
      inFlightPollMs: 50,
      ...clock,
    });
    await budget.acquire({ priority: "token" });
    const error = await budget.acquire({ priority: "metrics", maxWaitMs: 200 }).catch((caught: unknown) => caught);
    expect(isAppError(error, "BUDGET_EXHAUSTED")).toBe(true);
    expect((error as AppError).details).toMatchObject({ reason: "in_flight", retryAfterMs: 60_000 - 200 });
    expect(clock.sleeps).toEqual([50, 50, 50, 50]);
  });
});

describe("many acquirers on several connections", () => {
  it("never exceeds the window, the day or the in-flight cap", async () => {
    const keyPrefix = uniqueName("budget");
    const windowMs = 200;
    const connections = Array.from({ length: 4 }, () => new Redis(services.redis.url));
    const budgets = connections.map((connection) =>
      createTikTokBudget({
        redis: connection,
        keyPrefix,
        perMinute: 4,
        perDay: 18,
        maxInFlight: 2,
        windowMs,
        reserve: { token: 0, ingestion: 0 },
      }),
    );
    const stamps: number[] = [];
    let holding = 0;
    let maxHolding = 0;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 24 }, async (_, i) => {
        const lease: BudgetLease = await (budgets[i % budgets.length] as (typeof budgets)[number]).acquire({
          priority: "metrics",
        });
        holding += 1;
        maxHolding = Math.max(maxHolding, holding);
        stamps.push(lease.acquiredAt);
        await tick();
        holding -= 1;
        await lease.release();
      }),
    );
    await Promise.all(connections.map((connection) => connection.quit()));
    const rejected = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(stamps).toHaveLength(18);
    expect(rejected).toHaveLength(6);
    for (const outcome of rejected) expect(isAppError(outcome.reason, "BUDGET_EXHAUSTED")).toBe(true);
    expect(maxInAnyWindow(stamps, windowMs)).toBeLessThanOrEqual(4);
    expect(maxHolding).toBeLessThanOrEqual(2);
  });
});

function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}
