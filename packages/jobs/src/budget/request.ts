import type { TikTokBudget } from "./budget";
import { type BudgetPriority, currentBudgetContext } from "./priority";

/** The endpoints of the TikTok client's `wrapRequest` hook (same names as `@trendpot/tiktok-display`). */
export type TikTokEndpointName = "oauth.token" | "oauth.revoke" | "user.info" | "video.list" | "video.query" | "oembed";

/** Structurally the TikTok client's `wrapRequest` hook. */
export type BudgetedWrapRequest = <T>(info: { endpoint: TikTokEndpointName }, perform: () => Promise<T>) => Promise<T>;

/** Which priority a call is charged to, or `null` when it does not count against the Display API budget. */
export type BudgetClassifier = (
  info: { endpoint: TikTokEndpointName },
  current: BudgetPriority | undefined,
) => BudgetPriority | null;

/**
 * oEmbed lives on www.tiktok.com, outside the Display API's quota: not counted. OAuth calls are always charged
 * as `token` (a failed refresh loses the account, whoever triggered it). Everything else is charged to the job's
 * priority, or `ingestion` outside any job (the api's consent callback, where a creator is waiting).
 */
export const defaultBudgetClassifier: BudgetClassifier = ({ endpoint }, current) => {
  if (endpoint === "oembed") return null;
  if (endpoint === "oauth.token" || endpoint === "oauth.revoke") return "token";
  return current ?? "ingestion";
};

/** What {@link budgetedRequest} reports when TikTok answers 429. */
export interface RateLimitedInfo {
  endpoint: TikTokEndpointName;
  retryAfterMs: number | undefined;
  pausedUntil: number | undefined;
}

export interface BudgetedRequestOptions {
  classify?: BudgetClassifier;
  /** How long a 429 without a retry hint pauses the whole budget (default 5,000 ms, the first backoff step). */
  pauseMs?: number;
  /** Longest wait for a slot before failing with `BUDGET_EXHAUSTED` (default: wait as long as it takes). */
  maxWaitMs?: number;
  /** Called on every 429 (e.g. to count `tiktok.display.rate_limit_exceeded`). Exceptions it throws are ignored. */
  onRateLimited?: (info: RateLimitedInfo) => void;
}

/**
 * Adapts the budget to the TikTok client's `wrapRequest` hook: acquire a lease, perform the call, release. A 429
 * (`code === "TIKTOK_RATE_LIMITED"`) pauses the budget for its `retryAfterMs` (or `pauseMs`) before the error
 * is rethrown, so no process keeps hammering a throttled API.
 */
export function budgetedRequest(
  budget: Pick<TikTokBudget, "acquire" | "pause">,
  options: BudgetedRequestOptions = {},
): BudgetedWrapRequest {
  const classify = options.classify ?? defaultBudgetClassifier;
  const pauseMs = options.pauseMs ?? 5_000;
  return async (info, perform) => {
    const context = currentBudgetContext();
    const priority = classify(info, context?.priority);
    if (priority === null) return perform();
    const acquireOptions = { priority, signal: context?.signal };
    const lease = await budget.acquire(
      options.maxWaitMs === undefined ? acquireOptions : { ...acquireOptions, maxWaitMs: options.maxWaitMs },
    );
    try {
      return await perform();
    } catch (error) {
      if (isRateLimited(error)) await onRateLimited(budget, options, info, retryAfterOf(error) ?? pauseMs, error);
      throw error;
    } finally {
      await lease.release().catch(() => undefined);
    }
  };
}

async function onRateLimited(
  budget: Pick<TikTokBudget, "pause">,
  options: BudgetedRequestOptions,
  info: { endpoint: TikTokEndpointName },
  pauseFor: number,
  error: unknown,
): Promise<void> {
  // A failed pause must not hide TikTok's answer: the caller still gets the 429 and its backoff applies.
  const pausedUntil = await budget.pause(pauseFor, `429 from ${info.endpoint}`).catch(() => undefined);
  try {
    options.onRateLimited?.({ endpoint: info.endpoint, retryAfterMs: retryAfterOf(error), pausedUntil });
  } catch {
    // The hook is telemetry; it never changes the call's outcome.
  }
}

function isRateLimited(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "TIKTOK_RATE_LIMITED";
}

function retryAfterOf(error: unknown): number | undefined {
  const direct = (error as { retryAfterMs?: unknown }).retryAfterMs;
  const detail = (error as { details?: { retryAfterMs?: unknown } }).details?.retryAfterMs;
  const value = typeof direct === "number" ? direct : detail;
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : undefined;
}
