import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { AppError } from "@trendpot/errors";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTikTokBudget } from "./budget";
import { runWithBudgetPriority } from "./priority";
import { budgetedRequest } from "./request";
import { fakeClock } from "./test-helpers";

const services = testServices();
let api: Redis;
let worker: Redis;

beforeAll(() => {
  api = new Redis(services.redis.url);
  worker = new Redis(services.redis.url);
});
afterAll(async () => {
  await Promise.all([api.quit(), worker.quit()]);
});

describe("budgetedRequest with the real budget", () => {
  it("counts API calls but not oEmbed, and a 429 in one process pauses the others", async () => {
    const clock = fakeClock(Date.UTC(2026, 2, 10, 12));
    const shared = { keyPrefix: uniqueName("budget"), perMinute: 90, perDay: 5_000, maxInFlight: 5, now: clock.now };
    const apiBudget = createTikTokBudget({ ...shared, redis: api });
    const workerBudget = createTikTokBudget({ ...shared, redis: worker });
    const wrap = budgetedRequest(workerBudget);
    await runWithBudgetPriority("metrics", async () => {
      await wrap({ endpoint: "video.query" }, async () => "ok");
      await wrap({ endpoint: "oembed" }, async () => "ok");
    });
    expect(await apiBudget.state()).toMatchObject({ usedInWindow: 1, usedToday: 1, inFlight: 0 });
    const throttled = new AppError("TIKTOK_RATE_LIMITED", { details: { retryAfterMs: 8_000 } });
    await expect(wrap({ endpoint: "video.list" }, () => Promise.reject(throttled))).rejects.toBe(throttled);
    expect(await apiBudget.tryAcquire("token")).toEqual({ granted: false, reason: "paused", retryAfterMs: 8_000 });
    expect(await apiBudget.state()).toMatchObject({ usedToday: 2, inFlight: 0, pausedUntil: clock.now() + 8_000 });
  });
});
