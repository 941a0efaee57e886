import { injectTraceContext } from "@trendpot/telemetry";
import { type ConnectionOptions, type DefaultJobOptions, type Job, Queue } from "bullmq";
import { jobIdFor } from "./job-ids";
import { type JobName, QUEUE_NAMES, type QueueName } from "./names";
import {
  type IngestionJob,
  type JobPayload,
  type MaintenanceJob,
  type MetricsBatchJob,
  type ProfileRefreshJob,
  parseJobPayload,
  type TokenRefreshJob,
  type WebhookJob,
} from "./payloads";

/** A BullMQ queue typed with its job names and payloads. */
export type TypedQueue<Q extends QueueName> = Queue<JobPayload<Q>, unknown, JobName<Q>>;

/** How jobs are retried and how many finished jobs are kept. */
export interface JobRetryOptions {
  /** Attempts per job (`TIKTOK_INGESTION_MAX_ATTEMPTS`, default 5). */
  attempts?: number;
  /** First retry delay, doubled on each further attempt (`TIKTOK_INGESTION_RETRY_BACKOFF_MS`, default 5,000). */
  backoffMs?: number;
  /** Completed jobs kept (count, age in seconds); kept jobs also hold their deterministic id. */
  keepCompleted?: { count: number; age: number };
  /** Failed jobs kept for inspection and replay. */
  keepFailed?: { count: number; age: number };
}

/** Options for one enqueue call. */
export interface EnqueueOptions {
  /** Delay in ms before the job becomes available (e.g. after `BUDGET_EXHAUSTED`'s `retryAfterMs`). */
  delay?: number;
}

/** Default job options: exponential backoff from `backoffMs` (5 s, 10 s, 20 s, 40 s for 5 attempts), bounded retention. */
export function defaultJobOptions(options: JobRetryOptions = {}): DefaultJobOptions {
  return {
    attempts: options.attempts ?? 5,
    backoff: { type: "exponential", delay: options.backoffMs ?? 5_000 },
    removeOnComplete: options.keepCompleted ?? { count: 1_000, age: 24 * 3_600 },
    removeOnFail: options.keepFailed ?? { count: 5_000, age: 7 * 24 * 3_600 },
  };
}

/** The service's queues and the only sanctioned way to add jobs to them (payload validated, id deterministic). */
export interface TikTokQueues {
  readonly ingestion: TypedQueue<"tiktok-ingestion">;
  readonly metricsRefresh: TypedQueue<"tiktok-metrics-refresh">;
  readonly tokenRefresh: TypedQueue<"tiktok-token-refresh">;
  readonly maintenance: TypedQueue<"tiktok-maintenance">;
  readonly webhooks: TypedQueue<"tiktok-webhooks">;
  /** `key` tells ingestions apart: the consent or manual request id, or the incremental cycle. */
  enqueueIngestion(payload: IngestionJob, options: EnqueueOptions & { key: string | number }): Promise<Job>;
  enqueueMetricsBatch(payload: MetricsBatchJob, options?: EnqueueOptions): Promise<Job>;
  enqueueProfileRefresh(payload: ProfileRefreshJob, options: EnqueueOptions & { key: string | number }): Promise<Job>;
  /** `generation` is the credentials version the refresh starts from, so one refresh runs per generation. */
  enqueueTokenRefresh(
    payload: TokenRefreshJob,
    options: EnqueueOptions & { generation: string | number },
  ): Promise<Job>;
  enqueueMaintenance(payload: MaintenanceJob, options: EnqueueOptions & { key: string | number }): Promise<Job>;
  enqueueWebhook(payload: WebhookJob, options?: EnqueueOptions): Promise<Job>;
  /** Creates or updates the repeating metrics planner tick. */
  scheduleMetricsPlanner(everyMs: number): Promise<void>;
  /** Creates or updates the repeating token sweep. */
  scheduleTokenSweep(everyMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens every queue under `prefix` (the `REDIS_PREFIX`) on `connection`. Nothing is validated lazily: every
 * enqueue helper parses its payload first and throws `VALIDATION_FAILED` before touching Redis.
 */
export function createQueues(
  connection: ConnectionOptions,
  prefix: string,
  options: JobRetryOptions = {},
): TikTokQueues {
  const defaults = defaultJobOptions(options);
  const open = <Q extends QueueName>(name: Q): TypedQueue<Q> =>
    new Queue<JobPayload<Q>, unknown, JobName<Q>>(name, { connection, prefix, defaultJobOptions: defaults });
  const queues = {
    ingestion: open(QUEUE_NAMES.ingestion),
    metricsRefresh: open(QUEUE_NAMES.metricsRefresh),
    tokenRefresh: open(QUEUE_NAMES.tokenRefresh),
    maintenance: open(QUEUE_NAMES.maintenance),
    webhooks: open(QUEUE_NAMES.webhooks),
  };
  return {
    ...queues,
    enqueueIngestion: (payload, { key, ...rest }) =>
      enqueue(
        queues.ingestion,
        "ingest",
        withTrace(payload),
        (job) => jobIdFor.ingestion(job.accountId, job.reason, key),
        rest,
      ),
    enqueueMetricsBatch: (payload, rest = {}) =>
      enqueue(queues.metricsRefresh, "refresh-batch", payload, (job) => batchId(job), rest),
    enqueueProfileRefresh: (payload, { key, ...rest }) =>
      enqueue(
        queues.metricsRefresh,
        "refresh-profile",
        payload,
        (job) => jobIdFor.profileRefresh(job.accountId, key),
        rest,
      ),
    enqueueTokenRefresh: (payload, { generation, ...rest }) =>
      enqueue(
        queues.tokenRefresh,
        "refresh-token",
        payload,
        (job) => jobIdFor.tokenRefresh(job.accountId, generation),
        rest,
      ),
    enqueueMaintenance: (payload, { key, ...rest }) =>
      enqueue(queues.maintenance, "maintenance", payload, (job) => jobIdFor.maintenance(job.task, key), rest),
    enqueueWebhook: (payload, rest = {}) =>
      enqueue(queues.webhooks, "webhook-event", payload, (job) => jobIdFor.webhook(job.deliveryId), rest),
    scheduleMetricsPlanner: async (everyMs) => {
      await queues.metricsRefresh.upsertJobScheduler("plan", { every: everyMs }, { name: "plan", data: {} });
    },
    scheduleTokenSweep: async (everyMs) => {
      await queues.tokenRefresh.upsertJobScheduler("sweep", { every: everyMs }, { name: "sweep", data: {} });
    },
    close: async () => {
      await Promise.all(Object.values(queues).map((queue) => queue.close()));
    },
  };
}

// Validates first: the job id is derived from the parsed payload, never from unchecked input.
async function enqueue<Q extends QueueName, N extends JobName<Q>>(
  queue: TypedQueue<Q>,
  name: N,
  data: unknown,
  jobIdOf: (payload: JobPayload<Q, N>) => string,
  options: EnqueueOptions,
): Promise<Job> {
  const payload = parseJobPayload(queue.name as Q, name, data);
  // The typed queue's generics cannot follow a per-name payload; the payload was just validated for this name.
  const untyped = queue as unknown as Queue;
  return untyped.add(name, payload, { jobId: jobIdOf(payload), ...options });
}

/**
 * The enqueuing request's trace context, so the job's consumer span continues it (a creator's consent, a platform's
 * sync). Nothing is added when no telemetry SDK runs or no span is active, and a caller's own `trace` is kept.
 */
function withTrace(payload: IngestionJob): IngestionJob {
  if (payload.trace) return payload;
  const { traceparent, tracestate } = injectTraceContext();
  return traceparent ? { ...payload, trace: { traceparent, ...(tracestate ? { tracestate } : {}) } } : payload;
}

function batchId(job: MetricsBatchJob): string {
  return jobIdFor.metricsBatch(job.accountId, job.cycle, job.videoIds);
}
