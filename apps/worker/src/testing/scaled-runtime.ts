import type { RedisClient, TikTokRuntime } from "@trendpot/core";
import { recordResponse } from "@trendpot/core";
import { budgetedRequest, createTikTokBudget } from "@trendpot/jobs";
import type { TikTokMetrics } from "@trendpot/telemetry";
import { createTikTokClient } from "@trendpot/tiktok-display";
import type { WorkerConfig } from "../config";

/**
 * The production runtime (budget → wrapRequest → client → metrics) with the budget's sliding window shortened,
 * for tests and benchmarks that run TikTok's minute on a scaled sandbox clock. Nothing else differs.
 */
export function scaledRuntime(config: WorkerConfig, windowMs: number, metrics?: TikTokMetrics) {
  return (redis: RedisClient, clientSecret: string): TikTokRuntime => {
    const budget = createTikTokBudget({
      redis,
      keyPrefix: config.REDIS_PREFIX,
      perMinute: config.TIKTOK_INGESTION_RATE_LIMIT_PER_MIN,
      perDay: config.TIKTOK_INGESTION_RATE_LIMIT_PER_DAY,
      maxInFlight: config.TIKTOK_INGESTION_MAX_IN_FLIGHT,
      windowMs,
      leaseMs: Math.max(windowMs, 10_000),
    });
    const client = createTikTokClient({
      clientKey: config.TIKTOK_CLIENT_KEY,
      clientSecret,
      apiBaseUrl: config.TIKTOK_DISPLAY_API_BASE_URL,
      authBaseUrl: config.TIKTOK_AUTH_BASE_URL,
      oembedBaseUrl: config.TIKTOK_OEMBED_BASE_URL,
      timeoutMs: config.TIKTOK_HTTP_TIMEOUT_MS,
      wrapRequest: budgetedRequest(budget, { pauseMs: config.TIKTOK_INGESTION_RETRY_BACKOFF_MS }),
      ...(metrics ? { onResponse: recordResponse(metrics) } : {}),
    });
    return { client, budget };
  };
}

/** A sandbox clock running `scale` times faster than real time from `start` (TikTok's minute in 60/scale s). */
export function scaledClock(scale: number, start: number = Date.now()): () => number {
  return () => start + (Date.now() - start) * scale;
}

/** The most calls in any window of `windowMs` ending at a call, given the calls' times (any order). */
export function maxInSlidingWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start += 1;
    max = Math.max(max, end - start + 1);
  }
  return max;
}
