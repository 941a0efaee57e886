import { AppError, isAppError } from "@trendpot/errors";
import { DelayedError, type Job, UnrecoverableError, Worker } from "bullmq";

/** What a rate-limited job does next; exposed for logs and tests. */
export type JobSignal =
  | { kind: "rate_limited"; delayMs: number }
  | { kind: "budget_delayed"; delayMs: number }
  | { kind: "unrecoverable"; code: string }
  | { kind: "retry"; code: string };

/** What {@link applyJobPolicy} needs from the worker around one job. */
export interface JobPolicyContext {
  job: Pick<Job, "id" | "attemptsMade" | "attemptsStarted" | "moveToDelayed">;
  token: string | undefined;
  /** Pauses the whole queue (BullMQ's manual rate limit: the job returns to wait, no attempt is used). */
  rateLimitQueue: (ms: number) => Promise<void>;
  /** First backoff step (`TIKTOK_INGESTION_RETRY_BACKOFF_MS`), doubled per consecutive 429 of the job. */
  backoffMs: number;
  /** After this many 429 returns without progress a 429 counts as a normal failed attempt, so a storm ends. */
  maxRateLimitReturns?: number;
  now?: () => number;
  onSignal?: (signal: JobSignal, error: unknown) => void;
}

const MAX_RATE_LIMIT_DELAY_MS = 60_000;

/**
 * Runs one job and steers its fate by the error it throws:
 * - a TikTok 429 (`TIKTOK_RATE_LIMITED`): the queue is rate limited for the reset hint or the doubling backoff, and
 *   the job goes back to wait without using an attempt;
 * - `BUDGET_EXHAUSTED` (the day's cap): the job is delayed until the budget frees, without using an attempt;
 * - a non-retryable error: `UnrecoverableError`, the job fails at once;
 * - anything else: rethrown, BullMQ retries with exponential backoff until the attempts are used.
 */
export async function applyJobPolicy<T>(context: JobPolicyContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw await translate(context, error);
  }
}

async function translate(context: JobPolicyContext, error: unknown): Promise<Error> {
  const now = context.now ?? Date.now;
  const returns = Math.max(0, context.job.attemptsStarted - context.job.attemptsMade - 1);
  if (isAppError(error, "TIKTOK_RATE_LIMITED") && returns < (context.maxRateLimitReturns ?? 10)) {
    const delayMs = rateLimitDelay(error, context.backoffMs, returns);
    context.onSignal?.({ kind: "rate_limited", delayMs }, error);
    await context.rateLimitQueue(delayMs);
    return Worker.RateLimitError();
  }
  if (isAppError(error, "BUDGET_EXHAUSTED")) {
    const delayMs = retryAfter(error) ?? context.backoffMs;
    context.onSignal?.({ kind: "budget_delayed", delayMs }, error);
    await context.job.moveToDelayed(now() + delayMs, context.token);
    return new DelayedError();
  }
  if (error instanceof UnrecoverableError) return error;
  if (!isRetryable(error)) {
    const code = errorCode(error);
    context.onSignal?.({ kind: "unrecoverable", code }, error);
    const unrecoverable = new UnrecoverableError(`${code}: ${errorMessage(error)}`);
    (unrecoverable as { cause?: unknown }).cause = error;
    return unrecoverable;
  }
  context.onSignal?.({ kind: "retry", code: errorCode(error) }, error);
  return error instanceof Error ? error : new AppError("INTERNAL", { message: String(error) });
}

function rateLimitDelay(error: AppError, backoffMs: number, returns: number): number {
  const hinted = retryAfter(error);
  if (hinted !== undefined) return Math.min(hinted, MAX_RATE_LIMIT_DELAY_MS);
  return Math.min(backoffMs * 2 ** Math.min(returns, 16), MAX_RATE_LIMIT_DELAY_MS);
}

function retryAfter(error: AppError): number | undefined {
  const direct = (error as { retryAfterMs?: unknown }).retryAfterMs;
  const value = typeof direct === "number" ? direct : error.details?.retryAfterMs;
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.ceil(value) : undefined;
}

/** Our errors say whether a retry can help; unknown errors (driver, network) are assumed transient. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof UnrecoverableError) return false;
  if (error instanceof AppError) return error.retryable;
  return true;
}

/** A stable code for metrics, logs and `lastError`: the AppError code, or the error's name. */
export function errorCode(error: unknown): string {
  if (isAppError(error)) return error.code;
  if (error instanceof UnrecoverableError) return "UNRECOVERABLE";
  if (error instanceof Error) return error.name || "Error";
  return "UNKNOWN";
}

/** The error's message, bounded. AppError messages never carry secrets; other messages go through the log masker. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 500);
}
