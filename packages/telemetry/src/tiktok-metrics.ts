import { type Counter, type Histogram, type Meter, metrics } from "@opentelemetry/api";
import {
  type IngestionOutcome,
  type JobFailureOutcome,
  METRIC_NAMES,
  type RequestOutcome,
  TIKTOK_ENDPOINTS,
  type TikTokEndpointLabel,
  type TokenRefreshOutcome,
  WEBHOOK_REFUSALS,
  type WebhookRefusal,
} from "./metric-names";

/** Name of the meter the package's instruments belong to. */
export const TELEMETRY_METER_NAME = "@trendpot/telemetry";

// Seconds; TikTok calls take tens of milliseconds to a few seconds, and the SDK's default buckets are meant for
// milliseconds, which would put every call in the first bucket.
const REQUEST_DURATION_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type EndpointAttributes = { endpoint: TikTokEndpointLabel };
type RequestAttributes = { endpoint: TikTokEndpointLabel; outcome: RequestOutcome };
type QueueAttributes = { queue: string };

/** Typed recorders for the TikTok metric set. Attributes are bounded enums: account ids never go here. */
export interface TikTokMetrics {
  /** `tiktok.display.rate_limit_exceeded`: one per 429 seen from TikTok. */
  readonly rateLimitExceeded: Counter<EndpointAttributes>;
  /** `tiktok.display.requests`: one per HTTP call to TikTok. */
  readonly requests: Counter<RequestAttributes>;
  /** `tiktok.display.request.duration` in seconds. */
  readonly requestDuration: Histogram<RequestAttributes>;
  /** `tiktok.token.refresh`: one per refresh attempt. */
  readonly tokenRefresh: Counter<{ outcome: TokenRefreshOutcome }>;
  /** `tiktok.token.key_mismatch`: a stored credential names a key other than the current one (E_TIKTOK_KEY_MISMATCH). */
  readonly keyMismatch: Counter<Record<string, never>>;
  /** `tiktok.webhook.refused`: one per delivery whose `TikTok-Signature` no configured key verifies. */
  readonly webhookRefused: Counter<{ reason: WebhookRefusal }>;
  /** `tiktok.ingestion.videos`: one per video handled by ingestion. */
  readonly ingestionVideos: Counter<{ outcome: IngestionOutcome }>;
  /** `tiktok.sanitizer.rejected`: one per rejected oEmbed payload or profile text; `reason` is a short fixed code. */
  readonly sanitizerRejected: Counter<{ reason: string }>;
  /** `tiktok.jobs.completed`. */
  readonly jobsCompleted: Counter<QueueAttributes>;
  /** `tiktok.jobs.failed`: `outcome` says whether BullMQ will retry. */
  readonly jobsFailed: Counter<{ queue: string; outcome: JobFailureOutcome }>;
}

/** Options of {@link createTikTokMetrics}. */
export interface TikTokMetricsOptions {
  /**
   * Queue names whose job counters start at zero. Prometheus' `increase()` cannot see the first increment of a
   * series that appears already at 1, so counters that alerts watch are created at 0 up front.
   */
  readonly queues?: readonly string[];
}

/** Creates the TikTok instruments on `meter` (the global meter provider's by default). */
export function createTikTokMetrics(
  meter: Meter = metrics.getMeter(TELEMETRY_METER_NAME),
  options: TikTokMetricsOptions = {},
): TikTokMetrics {
  const recorders: TikTokMetrics = {
    rateLimitExceeded: meter.createCounter(METRIC_NAMES.rateLimitExceeded, {
      description: "HTTP 429 responses received from the TikTok API.",
      unit: "{response}",
    }),
    requests: meter.createCounter(METRIC_NAMES.requests, {
      description: "HTTP calls made to the TikTok API, by endpoint and outcome.",
      unit: "{request}",
    }),
    requestDuration: meter.createHistogram(METRIC_NAMES.requestDuration, {
      description: "Duration of HTTP calls to the TikTok API.",
      unit: "s",
      advice: { explicitBucketBoundaries: REQUEST_DURATION_BUCKETS },
    }),
    tokenRefresh: meter.createCounter(METRIC_NAMES.tokenRefresh, {
      description: "Access token refresh attempts, by outcome.",
      unit: "{refresh}",
    }),
    keyMismatch: meter.createCounter(METRIC_NAMES.keyMismatch, {
      description: "Credentials encrypted under a key other than the current one (E_TIKTOK_KEY_MISMATCH).",
      unit: "{event}",
    }),
    webhookRefused: meter.createCounter(METRIC_NAMES.webhookRefused, {
      description: "Webhook deliveries refused because no configured key verified their signature, by reason.",
      unit: "{delivery}",
    }),
    ingestionVideos: meter.createCounter(METRIC_NAMES.ingestionVideos, {
      description: "Videos handled by ingestion, by outcome.",
      unit: "{video}",
    }),
    sanitizerRejected: meter.createCounter(METRIC_NAMES.sanitizerRejected, {
      description: "Payloads rejected by the oEmbed sanitizer, by reason.",
      unit: "{rejection}",
    }),
    jobsCompleted: meter.createCounter(METRIC_NAMES.jobsCompleted, {
      description: "Jobs completed, by queue.",
      unit: "{job}",
    }),
    jobsFailed: meter.createCounter(METRIC_NAMES.jobsFailed, {
      description: "Job attempts that failed, by queue and whether they will be retried.",
      unit: "{job}",
    }),
  };
  startAtZero(recorders, options.queues ?? []);
  return recorders;
}

function startAtZero(recorders: TikTokMetrics, queues: readonly string[]): void {
  for (const endpoint of TIKTOK_ENDPOINTS) {
    recorders.rateLimitExceeded.add(0, { endpoint });
  }
  recorders.keyMismatch.add(0);
  for (const reason of WEBHOOK_REFUSALS) recorders.webhookRefused.add(0, { reason });
  recorders.tokenRefresh.add(0, { outcome: "failure" });
  recorders.tokenRefresh.add(0, { outcome: "reauth_required" });
  for (const queue of queues) {
    recorders.jobsCompleted.add(0, { queue });
    recorders.jobsFailed.add(0, { queue, outcome: "exhausted" });
    recorders.jobsFailed.add(0, { queue, outcome: "unrecoverable" });
  }
}
