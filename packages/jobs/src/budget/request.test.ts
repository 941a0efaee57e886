import { AppError } from "@trendpot/errors";
import { describe, expect, it } from "vitest";
import type { BudgetLease, TikTokBudget } from "./budget";
import type { BudgetPriority } from "./priority";
import { runWithBudgetPriority } from "./priority";
import { budgetedRequest, type RateLimitedInfo } from "./request";

function fakeBudget(options: { acquireError?: Error } = {}) {
  const log: string[] = [];
  const pauses: { ms: number; reason: string }[] = [];
  const budget: Pick<TikTokBudget, "acquire" | "pause"> = {
    async acquire({ priority, signal }) {
      if (options.acquireError) throw options.acquireError;
      log.push(`acquire:${priority}${signal ? ":signal" : ""}`);
      const lease: BudgetLease = {
        id: "l1",
        priority,
        acquiredAt: 0,
        expiresAt: 60_000,
        release: async () => {
          log.push("release");
        },
      };
      return lease;
    },
    async pause(ms, reason) {
      pauses.push({ ms, reason });
      return 1_000 + ms;
    },
  };
  return { budget, log, pauses };
}

const rateLimited = (retryAfterMs?: number) =>
  new AppError("TIKTOK_RATE_LIMITED", retryAfterMs === undefined ? {} : { details: { retryAfterMs } });

describe("budgetedRequest", () => {
  it("acquires before the call and releases after it", async () => {
    const { budget, log } = fakeBudget();
    const wrap = budgetedRequest(budget);
    const result = await wrap({ endpoint: "video.query" }, async () => {
      log.push("perform");
      return 42;
    });
    expect(result).toBe(42);
    expect(log).toEqual(["acquire:ingestion", "perform", "release"]);
  });

  it("charges the job's priority, and always token for OAuth calls", async () => {
    const { budget, log } = fakeBudget();
    const wrap = budgetedRequest(budget);
    const controller = new AbortController();
    await runWithBudgetPriority(
      "metrics",
      async () => {
        await wrap({ endpoint: "video.query" }, async () => 1);
        await wrap({ endpoint: "oauth.token" }, async () => 1);
      },
      { signal: controller.signal },
    );
    expect(log).toEqual(["acquire:metrics:signal", "release", "acquire:token:signal", "release"]);
  });

  it("does not count oEmbed by default, and counts it when the classifier says so", async () => {
    const plain = fakeBudget();
    await budgetedRequest(plain.budget)({ endpoint: "oembed" }, async () => 1);
    expect(plain.log).toEqual([]);
    const counted = fakeBudget();
    const classify = (_info: unknown, current: BudgetPriority | undefined) => current ?? "metrics";
    await budgetedRequest(counted.budget, { classify })({ endpoint: "oembed" }, async () => 1);
    expect(counted.log).toEqual(["acquire:metrics", "release"]);
  });

  it("on a 429 pauses the budget for TikTok's hint, reports it, releases and rethrows", async () => {
    const { budget, log, pauses } = fakeBudget();
    const seen: RateLimitedInfo[] = [];
    const wrap = budgetedRequest(budget, { onRateLimited: (info) => seen.push(info) });
    const error = rateLimited(12_000);
    await expect(wrap({ endpoint: "video.list" }, () => Promise.reject(error))).rejects.toBe(error);
    expect(pauses).toEqual([{ ms: 12_000, reason: "429 from video.list" }]);
    expect(seen).toEqual([{ endpoint: "video.list", retryAfterMs: 12_000, pausedUntil: 13_000 }]);
    expect(log).toEqual(["acquire:ingestion", "release"]);
  });

  it("on a 429 without a hint pauses for pauseMs; a throwing hook changes nothing", async () => {
    const { budget, pauses } = fakeBudget();
    const wrap = budgetedRequest(budget, {
      pauseMs: 7_000,
      onRateLimited: () => {
        throw new Error("telemetry down");
      },
    });
    const error = rateLimited();
    await expect(wrap({ endpoint: "user.info" }, () => Promise.reject(error))).rejects.toBe(error);
    expect(pauses).toEqual([{ ms: 7_000, reason: "429 from user.info" }]);
  });

  it("reads retryAfterMs from the error itself (TikTokApiError) as well", async () => {
    const { budget, pauses } = fakeBudget();
    const error = Object.assign(rateLimited(), { retryAfterMs: 3_000 });
    await expect(budgetedRequest(budget)({ endpoint: "video.query" }, () => Promise.reject(error))).rejects.toBe(error);
    expect(pauses).toEqual([{ ms: 3_000, reason: "429 from video.query" }]);
  });

  it("other failures release the lease without pausing", async () => {
    const { budget, log, pauses } = fakeBudget();
    const error = new AppError("TIKTOK_UNAVAILABLE");
    await expect(budgetedRequest(budget)({ endpoint: "video.query" }, () => Promise.reject(error))).rejects.toBe(error);
    expect(pauses).toEqual([]);
    expect(log).toEqual(["acquire:ingestion", "release"]);
  });

  it("a budget refusal reaches the caller and the call is never made", async () => {
    const refusal = new AppError("BUDGET_EXHAUSTED", { details: { retryAfterMs: 1_000 } });
    const { budget } = fakeBudget({ acquireError: refusal });
    let performed = false;
    const call = budgetedRequest(budget)({ endpoint: "video.query" }, async () => {
      performed = true;
    });
    await expect(call).rejects.toBe(refusal);
    expect(performed).toBe(false);
  });
});
