import { budgetedRequest, createTikTokBudget, type TikTokBudget } from "@trendpot/jobs";
import type { RequestOutcome, TikTokEndpointLabel, TikTokMetrics } from "@trendpot/telemetry";
import {
  createTikTokClient,
  type FetchLike,
  type TikTokClient,
  type TikTokResponseInfo,
} from "@trendpot/tiktok-display";
import type { Cluster, Redis } from "ioredis";
import { noteTikTokResponse } from "./sync-run-tracker";

/** The config values the runtime reads (both apps' configs have them). */
export interface TikTokRuntimeConfig {
  TIKTOK_CLIENT_KEY: string;
  TIKTOK_DISPLAY_API_BASE_URL: string;
  TIKTOK_AUTH_BASE_URL: string;
  TIKTOK_OEMBED_BASE_URL: string;
  TIKTOK_HTTP_TIMEOUT_MS: number;
  REDIS_PREFIX: string;
  TIKTOK_INGESTION_RATE_LIMIT_PER_MIN: number;
  TIKTOK_INGESTION_RATE_LIMIT_PER_DAY: number;
  TIKTOK_INGESTION_RATE_WINDOW_MS: number;
  TIKTOK_INGESTION_MAX_IN_FLIGHT: number;
  TIKTOK_INGESTION_RETRY_BACKOFF_MS: number;
}

export interface TikTokRuntimeOptions {
  config: TikTokRuntimeConfig;
  /** The plain client secret (decrypted at boot by the caller when configured encrypted). */
  clientSecret: string;
  redis: Redis | Cluster;
  metrics?: TikTokMetrics | undefined;
  fetch?: FetchLike | undefined;
  /** Longest wait for budget before `BUDGET_EXHAUSTED`; the api sets it low because a creator is waiting. */
  maxBudgetWaitMs?: number | undefined;
}

/** The TikTok client wired to the global budget and the telemetry instruments, and the budget itself. */
export interface TikTokRuntime {
  client: TikTokClient;
  budget: TikTokBudget;
}

/**
 * Builds the one TikTok client of a process: every call goes through the shared Redis budget (sliding minute
 * window, daily cap, in-flight cap; a 429 pauses every process) and is counted in `tiktok.display.requests`,
 * `tiktok.display.request.duration` and, for 429s, `tiktok.display.rate_limit_exceeded`.
 */
export function createTikTokRuntime(options: TikTokRuntimeOptions): TikTokRuntime {
  const { config } = options;
  const budget = createTikTokBudget({
    redis: options.redis,
    keyPrefix: config.REDIS_PREFIX,
    perMinute: config.TIKTOK_INGESTION_RATE_LIMIT_PER_MIN,
    perDay: config.TIKTOK_INGESTION_RATE_LIMIT_PER_DAY,
    windowMs: config.TIKTOK_INGESTION_RATE_WINDOW_MS,
    maxInFlight: config.TIKTOK_INGESTION_MAX_IN_FLIGHT,
  });
  const wrapRequest = budgetedRequest(budget, {
    pauseMs: config.TIKTOK_INGESTION_RETRY_BACKOFF_MS,
    ...(options.maxBudgetWaitMs === undefined ? {} : { maxWaitMs: options.maxBudgetWaitMs }),
  });
  const client = createTikTokClient({
    clientKey: config.TIKTOK_CLIENT_KEY,
    clientSecret: options.clientSecret,
    apiBaseUrl: config.TIKTOK_DISPLAY_API_BASE_URL,
    authBaseUrl: config.TIKTOK_AUTH_BASE_URL,
    oembedBaseUrl: config.TIKTOK_OEMBED_BASE_URL,
    timeoutMs: config.TIKTOK_HTTP_TIMEOUT_MS,
    wrapRequest,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    onResponse: observeResponse(options.metrics),
  });
  return { client, budget };
}

// Every settled call is counted (when metrics are on) and noted for the sync run in progress, if any.
function observeResponse(metrics: TikTokMetrics | undefined): (info: TikTokResponseInfo) => void {
  const record = metrics ? recordResponse(metrics) : undefined;
  return (info) => {
    record?.(info);
    noteTikTokResponse(info);
  };
}

/** Maps one settled TikTok call onto the request counter, the duration histogram and the 429 counter. */
export function recordResponse(metrics: TikTokMetrics): (info: TikTokResponseInfo) => void {
  return (info) => {
    const endpoint = info.endpoint as TikTokEndpointLabel;
    const outcome = requestOutcome(info);
    metrics.requests.add(1, { endpoint, outcome });
    metrics.requestDuration.record(info.durationMs / 1000, { endpoint, outcome });
    if (outcome === "rate_limited") metrics.rateLimitExceeded.add(1, { endpoint });
  };
}

/** The bounded `outcome` label of one call. */
export function requestOutcome(info: Pick<TikTokResponseInfo, "httpStatus" | "outcome">): RequestOutcome {
  if (info.outcome === "ok") return "success";
  if (info.httpStatus === 429 || info.outcome === "rate_limit_exceeded") return "rate_limited";
  if (info.outcome === "network_error" || info.outcome === "timeout") return "network_error";
  if ((info.httpStatus ?? 0) >= 500 || info.outcome === "internal_error" || info.outcome === "malformed_response") {
    return "server_error";
  }
  return "client_error";
}
