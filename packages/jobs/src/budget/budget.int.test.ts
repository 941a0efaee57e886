import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { type AppError, isAppError } from "@trendpot/errors";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTikTokBudget, type TikTokBudgetOptions } from "./budget";
import { fakeClock, maxInAnyWindow } from "./test-helpers";

const services = testServices();
let redis: Redis;
const T0 = Date.UTC(2026, 2, 10, 12, 0, 0);

beforeAll(() => {
  redis = new Redis(services.redis.url);
});
afterAll(async () => {
  await redis.quit();
});

function budgetAt(start: number, overrides: Partial<TikTokBudgetOptions> = {}) {
  const clock = fakeClock(start);
  const budget = createTikTokBudget({
    redis,
    keyPrefix: uniqueName("budget"),
    perMinute: 3,
    perDay: 1_000,
    maxInFlight: 100,
    now: clock.now,
    sleep: clock.sleep,
    ...overrides,
  });
  return { budget, clock };
}

describe("sliding window", () => {
  it("refuses across a fixed-minute boundary what a fixed window would let through twice", async () => {
    const { budget, clock } = budgetAt(T0 + 59_000);
    for (let i = 0; i < 3; i += 1) expect((await budget.tryAcquire("metrics")).granted).toBe(true);
    clock.set(T0 + 60_001);
    expect(await budget.tryAcquire("metrics")).toEqual({ granted: false, reason: "window", retryAfterMs: 58_999 });
    clock.set(T0 + 118_999);
    expect(await budget.tryAcquire("metrics")).toEqual({ granted: false, reason: "window", retryAfterMs: 1 });
    clock.set(T0 + 119_000);
    expect((await budget.tryAcquire("metrics")).granted).toBe(true);
  });

  it("grants exactly when the window has room: never more, never fewer (random schedule)", async () => {
    const windowMs = 1_000;
    const { budget, clock } = budgetAt(T0, { perMinute: 7, windowMs });
    const granted: number[] = [];
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    let at = T0;
    for (let i = 0; i < 400; i += 1) {
      at += Math.floor(random() * 60);
      clock.set(at);
      const attempt = await budget.tryAcquire("metrics");
      const inWindow = granted.filter((t) => t > at - windowMs).length;
      if (attempt.granted) granted.push(at);
      else expect({ reason: attempt.reason, inWindow }).toEqual({ reason: "window", inWindow: 7 });
    }
    expect(granted.length).toBeGreaterThan(60);
    expect(maxInAnyWindow(granted, windowMs)).toBe(7);
  });

  it("a caller whose clock reading is older than one already seen cannot overfill a window", async () => {
    const keyPrefix = uniqueName("budget");
    const options = { redis, keyPrefix, perMinute: 2, perDay: 3, maxInFlight: 10, windowMs: 1_000 };
    const reserve = { token: 1, ingestion: 0 };
    const ahead = fakeClock(T0);
    const behind = fakeClock(T0);
    const fast = createTikTokBudget({ ...options, reserve, now: ahead.now });
    const slow = createTikTokBudget({ ...options, reserve, now: behind.now });
    const stamps: number[] = [];
    for (const at of [T0, T0 + 600]) {
      ahead.set(at);
      const attempt = await fast.tryAcquire("metrics");
      if (attempt.granted) stamps.push(attempt.lease.acquiredAt);
    }
    // A newer reading trims the call at T0 (and is refused: metrics have used their share of the day)…
    ahead.set(T0 + 1_000);
    expect(await fast.tryAcquire("metrics")).toMatchObject({ granted: false, reason: "day" });
    // …then a script carrying an older reading arrives: it must still see the window (T0 - 1, T0 + 999] as full.
    behind.set(T0 + 999);
    const late = await slow.tryAcquire("token");
    if (late.granted) stamps.push(late.lease.acquiredAt);
    expect(stamps).toHaveLength(3);
    expect(stamps[2]).toBe(T0 + 1_000);
    expect(maxInAnyWindow(stamps, 1_000)).toBe(2);
  });

  it("reports usage and what is left in state()", async () => {
    const { budget, clock } = budgetAt(T0);
    await budget.tryAcquire("metrics");
    clock.set(T0 + 30_000);
    await budget.tryAcquire("ingestion");
    expect(await budget.state()).toMatchObject({ usedInWindow: 2, remainingInWindow: 1, usedToday: 2, inFlight: 2 });
    clock.set(T0 + 60_000);
    expect(await budget.state()).toMatchObject({ usedInWindow: 1, remainingInWindow: 2, usedToday: 2 });
  });
});

describe("history", () => {
  it("counts granted calls per clock minute, oldest first, and nothing refused", async () => {
    const { budget, clock } = budgetAt(T0 + 10_000, { perMinute: 2 });
    await budget.tryAcquire("metrics");
    await budget.tryAcquire("metrics");
    expect((await budget.tryAcquire("metrics")).granted).toBe(false);
    clock.set(T0 + 2 * 60_000 + 5_000);
    await budget.tryAcquire("ingestion");
    expect(await budget.history(4)).toEqual([
      { at: T0 - 60_000, calls: 0 },
      { at: T0, calls: 2 },
      { at: T0 + 60_000, calls: 0 },
      { at: T0 + 120_000, calls: 1 },
    ]);
    expect(await budget.history(500)).toHaveLength(120);
  });
});

describe("day cap", () => {
  const beforeMidnight = Date.UTC(2026, 2, 10, 23, 59, 0);

  it("stops at perDay, rejects acquire with a retryable BUDGET_EXHAUSTED until the UTC day rolls over", async () => {
    const { budget, clock } = budgetAt(beforeMidnight, {
      perMinute: 100,
      perDay: 5,
      reserve: { token: 0, ingestion: 0 },
    });
    for (let i = 0; i < 5; i += 1) expect((await budget.tryAcquire("metrics")).granted).toBe(true);
    expect(await budget.tryAcquire("token")).toEqual({ granted: false, reason: "day", retryAfterMs: 60_000 });
    const error = await budget.acquire({ priority: "metrics" }).catch((caught: unknown) => caught);
    expect(isAppError(error, "BUDGET_EXHAUSTED")).toBe(true);
    expect((error as AppError).retryable).toBe(true);
    expect((error as AppError).details).toMatchObject({ reason: "day", retryAfterMs: 60_000, priority: "metrics" });
    expect(clock.sleeps).toEqual([]);
    clock.set(Date.UTC(2026, 2, 11, 0, 0, 0));
    expect((await budget.tryAcquire("metrics")).granted).toBe(true);
    expect(await budget.state()).toMatchObject({ usedToday: 1, remainingToday: 4 });
  });

  it("keeps reserves for higher priorities: metrics < ingestion < token", async () => {
    const { budget } = budgetAt(T0, { perMinute: 1_000, perDay: 100, reserve: { token: 5, ingestion: 15 } });
    expect(budget.limits.dayLimit).toEqual({ token: 100, ingestion: 95, metrics: 80 });
    let metrics = 0;
    while ((await budget.tryAcquire("metrics")).granted) metrics += 1;
    expect(metrics).toBe(80);
    expect((await budget.state()).remainingTodayFor).toEqual({ token: 20, ingestion: 15, metrics: 0 });
    let ingestion = 0;
    while ((await budget.tryAcquire("ingestion")).granted) ingestion += 1;
    expect(ingestion).toBe(15);
    let token = 0;
    while ((await budget.tryAcquire("token")).granted) token += 1;
    expect(token).toBe(5);
    expect(await budget.tryAcquire("token")).toMatchObject({ granted: false, reason: "day" });
  });

  it("defaults the reserves to 5% (token) and 15% (ingestion) of the day", () => {
    const { budget } = budgetAt(T0, { perDay: 5_000 });
    expect(budget.limits.reserve).toEqual({ token: 250, ingestion: 750 });
    expect(budget.limits.dayLimit).toEqual({ token: 5_000, ingestion: 4_750, metrics: 4_000 });
  });

  it("rejects impossible numbers naming the option", () => {
    expect(() => budgetAt(T0, { perMinute: 0 })).toThrow(/perMinute/);
    expect(() => budgetAt(T0, { perDay: 10, reserve: { token: 5, ingestion: 5 } })).toThrow(/reserve/);
    expect(() => budgetAt(T0, { windowMs: 1.5 })).toThrow(/windowMs/);
  });
});

describe("in flight", () => {
  it("caps concurrent leases and frees a slot on release", async () => {
    const { budget } = budgetAt(T0, { perMinute: 100, maxInFlight: 2, leaseMs: 10_000 });
    const first = await budget.tryAcquire("metrics");
    await budget.tryAcquire("metrics");
    expect(await budget.tryAcquire("metrics")).toEqual({ granted: false, reason: "in_flight", retryAfterMs: 10_000 });
    if (!first.granted) throw new Error("expected a lease");
    await first.lease.release();
    await first.lease.release();
    expect((await budget.tryAcquire("metrics")).granted).toBe(true);
    expect(await budget.tryAcquire("metrics")).toMatchObject({ granted: false, reason: "in_flight" });
  });

  it("takes back the slot of a crashed holder once its lease expires", async () => {
    const keyPrefix = uniqueName("budget");
    const clock = fakeClock(T0);
    const options = { keyPrefix, perMinute: 100, perDay: 1_000, maxInFlight: 1, leaseMs: 5_000, now: clock.now };
    const crashing = new Redis(services.redis.url);
    const doomed = createTikTokBudget({ ...options, redis: crashing });
    expect((await doomed.tryAcquire("metrics")).granted).toBe(true);
    crashing.disconnect();
    const survivor = createTikTokBudget({ ...options, redis });
    clock.set(T0 + 4_999);
    expect(await survivor.tryAcquire("metrics")).toEqual({ granted: false, reason: "in_flight", retryAfterMs: 1 });
    clock.set(T0 + 5_000);
    expect((await survivor.tryAcquire("metrics")).granted).toBe(true);
  });
});

describe("pause", () => {
  it("blocks every priority until it ends, and extends but never shortens", async () => {
    const { budget, clock } = budgetAt(T0);
    expect(await budget.pause(10_000, "429 from video.query")).toBe(T0 + 10_000);
    expect(await budget.tryAcquire("token")).toEqual({ granted: false, reason: "paused", retryAfterMs: 10_000 });
    expect(await budget.pause(2_000, "shorter")).toBe(T0 + 10_000);
    expect(await budget.state()).toMatchObject({ pausedUntil: T0 + 10_000, pauseReason: "429 from video.query" });
    clock.set(T0 + 5_000);
    expect(await budget.pause(20_000, "longer")).toBe(T0 + 25_000);
    clock.set(T0 + 24_999);
    expect(await budget.tryAcquire("token")).toMatchObject({ granted: false, reason: "paused", retryAfterMs: 1 });
    clock.set(T0 + 25_000);
    expect((await budget.tryAcquire("token")).granted).toBe(true);
    expect((await budget.state()).pausedUntil).toBeUndefined();
  });

  it("ignores a non-positive pause", async () => {
    const { budget } = budgetAt(T0);
    expect(await budget.pause(0, "nothing")).toBe(T0);
    expect((await budget.tryAcquire("metrics")).granted).toBe(true);
  });
});
