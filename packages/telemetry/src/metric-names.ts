/**
 * The agreed OpenTelemetry metric names. Dashboards and alert rules use the Prometheus form (dots become
 * underscores, monotonic counters gain `_total`); see ops/README.md for the full table.
 */
export const METRIC_NAMES = {
  rateLimitExceeded: "tiktok.display.rate_limit_exceeded",
  requests: "tiktok.display.requests",
  requestDuration: "tiktok.display.request.duration",
  budgetRemaining: "tiktok.display.budget.remaining",
  budgetInFlight: "tiktok.display.budget.in_flight",
  tokenRefresh: "tiktok.token.refresh",
  tokenRefreshExpiring: "tiktok.token.refresh_expiring",
  keyMismatch: "tiktok.token.key_mismatch",
  credentialsUnderPreviousKey: "tiktok.token.previous_key_credentials",
  webhookRefused: "tiktok.webhook.refused",
  ingestionVideos: "tiktok.ingestion.videos",
  sanitizerRejected: "tiktok.sanitizer.rejected",
  jobsCompleted: "tiktok.jobs.completed",
  jobsFailed: "tiktok.jobs.failed",
  queueDepth: "tiktok.queue.depth",
  queueOldestWaitingAge: "tiktok.queue.oldest_waiting_age",
  syncLag: "tiktok.sync.lag",
  accounts: "tiktok.accounts",
  workerLastJobCompleted: "tiktok.worker.last_job_completed_time",
} as const;

/** One of the agreed metric names. */
export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];

/** TikTok endpoints as the `endpoint` attribute spells them (kept in step with @trendpot/tiktok-display). */
export const TIKTOK_ENDPOINTS = [
  "oauth.token",
  "oauth.revoke",
  "user.info",
  "video.list",
  "video.query",
  "oembed",
] as const;

/** Value of the `endpoint` attribute. */
export type TikTokEndpointLabel = (typeof TIKTOK_ENDPOINTS)[number];

/** How one HTTP call to TikTok ended. */
export type RequestOutcome = "success" | "rate_limited" | "client_error" | "server_error" | "network_error";

/** How one token refresh ended; `reauth_required` is TikTok's `invalid_grant` (the creator must reconnect). */
export type TokenRefreshOutcome = "success" | "failure" | "reauth_required";

/** Why a webhook delivery was refused: no or unparseable `TikTok-Signature`, no key verifies it, or too old. */
export const WEBHOOK_REFUSALS = ["missing", "malformed", "mismatch", "stale"] as const;

/** Value of the `reason` attribute of `tiktok.webhook.refused`. */
export type WebhookRefusal = (typeof WEBHOOK_REFUSALS)[number];

/** What happened to one video during ingestion. */
export type IngestionOutcome = "upserted" | "unchanged" | "rejected" | "failed";

/** Why a job failed: `retrying` will run again, the other two are final and reach ops. */
export type JobFailureOutcome = "retrying" | "exhausted" | "unrecoverable";

/** BullMQ job states reported as queue depth. */
export const QUEUE_STATES = ["waiting", "active", "delayed", "prioritized", "waiting-children", "failed"] as const;

/** Value of the `state` attribute of `tiktok.queue.depth`. */
export type QueueState = (typeof QUEUE_STATES)[number];

/** Account statuses as stored in `tiktok_accounts`. */
export const ACCOUNT_STATUSES = ["active", "needs_reauth", "revoked", "error"] as const;

/** Value of the `status` attribute of `tiktok.accounts`. */
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
