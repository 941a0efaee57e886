import { AppError } from "@trendpot/errors";
import { DelayedError, UnrecoverableError } from "bullmq";
import { describe, expect, it, vi } from "vitest";
import { applyJobPolicy, type JobPolicyContext } from "./job-policy";

function context(
  overrides: Partial<JobPolicyContext> = {},
  job: { attemptsStarted?: number; attemptsMade?: number } = {},
) {
  const moveToDelayed = vi.fn(async () => undefined);
  const rateLimitQueue = vi.fn(async () => undefined);
  const ctx: JobPolicyContext = {
    job: { id: "j1", attemptsStarted: job.attemptsStarted ?? 1, attemptsMade: job.attemptsMade ?? 0, moveToDelayed },
    token: "lock-token",
    rateLimitQueue,
    backoffMs: 5_000,
    now: () => 1_000_000,
    ...overrides,
  };
  return { ctx, moveToDelayed, rateLimitQueue };
}

const rateLimited = (retryAfterMs?: number) =>
  new AppError("TIKTOK_RATE_LIMITED", retryAfterMs === undefined ? {} : { details: { retryAfterMs } });

describe("applyJobPolicy", () => {
  it("returns the work's result untouched", async () => {
    expect(await applyJobPolicy(context().ctx, async () => 42)).toBe(42);
  });

  it("a 429 rate limits the queue for the backoff, doubling per earlier 429 return, and never uses an attempt", async () => {
    for (const [returns, expected] of [
      [0, 5_000],
      [1, 10_000],
      [3, 40_000],
      [5, 60_000],
    ] as const) {
      const { ctx, rateLimitQueue } = context({}, { attemptsStarted: returns + 1, attemptsMade: 0 });
      const error = await applyJobPolicy(ctx, () => Promise.reject(rateLimited())).catch((e: unknown) => e);
      expect((error as Error).message).toBe("bullmq:rateLimitExceeded");
      expect(rateLimitQueue).toHaveBeenCalledWith(expected);
    }
  });

  it("a 429 with a reset hint waits for the hint", async () => {
    const { ctx, rateLimitQueue } = context();
    await applyJobPolicy(ctx, () => Promise.reject(rateLimited(1_234))).catch(() => undefined);
    expect(rateLimitQueue).toHaveBeenCalledWith(1_234);
  });

  it("a 429 storm that never ends becomes a normal failed attempt, so the job can exhaust", async () => {
    const { ctx, rateLimitQueue } = context({ maxRateLimitReturns: 3 }, { attemptsStarted: 4, attemptsMade: 0 });
    const error = await applyJobPolicy(ctx, () => Promise.reject(rateLimited())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(rateLimitQueue).not.toHaveBeenCalled();
  });

  it("BUDGET_EXHAUSTED delays the job until the budget frees, as a DelayedError", async () => {
    const { ctx, moveToDelayed } = context();
    const exhausted = new AppError("BUDGET_EXHAUSTED", { details: { retryAfterMs: 3_600_000, reason: "day" } });
    const error = await applyJobPolicy(ctx, () => Promise.reject(exhausted)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DelayedError);
    expect(moveToDelayed).toHaveBeenCalledWith(1_000_000 + 3_600_000, "lock-token");
  });

  it("non-retryable errors become UnrecoverableError naming the code; retryable ones are rethrown", async () => {
    const rejected = new AppError("TIKTOK_REQUEST_REJECTED");
    const fatal = await applyJobPolicy(context().ctx, () => Promise.reject(rejected)).catch((e: unknown) => e);
    expect(fatal).toBeInstanceOf(UnrecoverableError);
    expect((fatal as Error).message).toMatch(/^TIKTOK_REQUEST_REJECTED: /);
    expect((fatal as { cause?: unknown }).cause).toBe(rejected);

    const transient = new AppError("TIKTOK_UNAVAILABLE");
    expect(await applyJobPolicy(context().ctx, () => Promise.reject(transient)).catch((e: unknown) => e)).toBe(
      transient,
    );
    const unknown = new Error("socket hang up");
    expect(await applyJobPolicy(context().ctx, () => Promise.reject(unknown)).catch((e: unknown) => e)).toBe(unknown);
  });
});
