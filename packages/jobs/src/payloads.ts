import { AppError } from "@trendpot/errors";
import { z } from "zod";
import { JOB_NAMES, type JobName, type QueueName } from "./names";

/** Our own ids (`acc_…`, ObjectIds): safe inside job ids and Redis keys. */
export const AccountIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "must be 1-128 letters, digits, _ or -");
/** TikTok video ids are numeric strings today; accept the same safe alphabet in case that changes. */
export const VideoIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, _ or -");
/** `/v2/video/query/` takes at most 20 ids per call: one batch. */
export const MAX_VIDEO_IDS_PER_BATCH = 20;
/**
 * A metrics job makes up to this many calls (batches) for one account. What a job costs whatever its size (the
 * queue's bookkeeping, its sync run, reading the account and its token, the sync stamp, the event) is then shared
 * by up to 100 videos instead of 20.
 */
export const MAX_CALLS_PER_METRICS_JOB = 5;
export const MAX_VIDEO_IDS_PER_METRICS_JOB = MAX_VIDEO_IDS_PER_BATCH * MAX_CALLS_PER_METRICS_JOB;

const TraceContextSchema = z.strictObject({
  traceparent: z.string().regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/, "must be a W3C traceparent"),
  tracestate: z.string().max(512).optional(),
});
const RequestIdSchema = z.string().min(1).max(128);

export const IngestionJobSchema = z.strictObject({
  accountId: AccountIdSchema,
  reason: z.enum(["consent", "manual", "incremental"]),
  requestId: RequestIdSchema.optional(),
  trace: TraceContextSchema.optional(),
});
export type IngestionJob = z.infer<typeof IngestionJobSchema>;

/** The repeating planner tick: it reads state and enqueues batches, so it carries nothing. */
export const MetricsPlanJobSchema = z.strictObject({});
export type MetricsPlanJob = z.infer<typeof MetricsPlanJobSchema>;

/** One account's metrics refresh: up to `MAX_CALLS_PER_METRICS_JOB` batches, their ids in call order. */
export const MetricsBatchJobSchema = z.strictObject({
  accountId: AccountIdSchema,
  videoIds: z.array(VideoIdSchema).min(1).max(MAX_VIDEO_IDS_PER_METRICS_JOB),
  /** The planner cycle (`floor(now / interval)`) that produced the batch; part of the job id. */
  cycle: z.int().nonnegative(),
  /** Who asked: the planner (default) or a manual sync; written on the batch's sync run. */
  trigger: z.enum(["schedule", "manual"]).optional(),
});
export type MetricsBatchJob = z.infer<typeof MetricsBatchJobSchema>;

export const ProfileRefreshJobSchema = z.strictObject({
  accountId: AccountIdSchema,
  trigger: z.enum(["schedule", "manual"]).optional(),
});
export type ProfileRefreshJob = z.infer<typeof ProfileRefreshJobSchema>;

export const TokenRefreshJobSchema = z.strictObject({
  accountId: AccountIdSchema,
  /**
   * expiring: within the refresh-ahead window (the sweep's only reason). A token TikTok calls invalid mid-job is
   * refreshed inline by that job, never queued.
   */
  reason: z.enum(["expiring"]),
  requestId: RequestIdSchema.optional(),
});
export type TokenRefreshJob = z.infer<typeof TokenRefreshJobSchema>;

/** The repeating sweep that finds tokens close to expiry and enqueues one refresh per account. */
export const TokenSweepJobSchema = z.strictObject({});
export type TokenSweepJob = z.infer<typeof TokenSweepJobSchema>;

const batchSize = z.int().min(1).max(10_000).optional();
export const MaintenanceJobSchema = z.discriminatedUnion("task", [
  z.strictObject({ task: z.literal("reencrypt-credentials"), batchSize, afterAccountId: AccountIdSchema.optional() }),
  z.strictObject({ task: z.literal("reconcile-mirrors"), batchSize }),
  z.strictObject({ task: z.literal("purge-history"), olderThanDays: z.int().min(1).max(3_650) }),
]);
export type MaintenanceJob = z.infer<typeof MaintenanceJobSchema>;
export type MaintenanceTask = MaintenanceJob["task"];

export const WebhookJobSchema = z.strictObject({
  /** Stable per delivery (TikTok redelivers at least once), so the job id deduplicates redeliveries. */
  deliveryId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "must be 1-128 letters, digits, _ or -"),
  event: z.string().min(1).max(100),
  openId: z.string().min(1).max(256),
  /** `authorization.removed` reason: 0 unknown … 5 developer revoked; kept open for codes TikTok adds. */
  reasonCode: z.int().min(0).max(1_000).optional(),
  receivedAt: z.iso.datetime({ offset: true }),
});
export type WebhookJob = z.infer<typeof WebhookJobSchema>;

/** The payload schema of every (queue, job name) pair. */
export const JOB_PAYLOAD_SCHEMAS = {
  "tiktok-ingestion": { ingest: IngestionJobSchema },
  "tiktok-metrics-refresh": {
    plan: MetricsPlanJobSchema,
    "refresh-batch": MetricsBatchJobSchema,
    "refresh-profile": ProfileRefreshJobSchema,
  },
  "tiktok-token-refresh": { "refresh-token": TokenRefreshJobSchema, sweep: TokenSweepJobSchema },
  "tiktok-maintenance": { maintenance: MaintenanceJobSchema },
  "tiktok-webhooks": { "webhook-event": WebhookJobSchema },
} as const satisfies { [Q in QueueName]: { [N in JobName<Q>]: z.ZodType } };

type Schemas = typeof JOB_PAYLOAD_SCHEMAS;
/** The validated payload of job `N` on queue `Q`. */
export type JobPayload<Q extends QueueName, N extends JobName<Q> = JobName<Q>> = N extends keyof Schemas[Q]
  ? Schemas[Q][N] extends z.ZodType
    ? z.infer<Schemas[Q][N]>
    : never
  : never;

/**
 * Validates a job's payload. Throws a non-retryable `VALIDATION_FAILED` AppError naming the queue, job and
 * offending fields; a bad payload never gets better on retry. Used by producers and consumers alike.
 */
export function parseJobPayload<Q extends QueueName, N extends JobName<Q>>(
  queue: Q,
  name: N,
  data: unknown,
): JobPayload<Q, N> {
  const names: readonly string[] | undefined = JOB_NAMES[queue];
  if (!names?.includes(name)) {
    throw new AppError("VALIDATION_FAILED", {
      message: `Unknown job ${String(queue)}/${String(name)}.`,
      details: { queue, name },
    });
  }
  const schema = (JOB_PAYLOAD_SCHEMAS[queue] as Record<string, z.ZodType>)[name] as z.ZodType;
  const result = schema.safeParse(data);
  if (result.success) return result.data as JobPayload<Q, N>;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.join(".") || "(root)",
    message: issue.message,
  }));
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
  throw new AppError("VALIDATION_FAILED", {
    message: `Invalid payload for ${queue}/${name}: ${summary}`,
    details: { queue, name, issues },
    retryable: false,
  });
}
