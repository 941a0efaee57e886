/** Every BullMQ queue of the service. Workers, the api and ops tooling use these names, never literals. */
export const QUEUE_NAMES = {
  ingestion: "tiktok-ingestion",
  metricsRefresh: "tiktok-metrics-refresh",
  tokenRefresh: "tiktok-token-refresh",
  maintenance: "tiktok-maintenance",
  webhooks: "tiktok-webhooks",
} as const;

/** A queue name from {@link QUEUE_NAMES}. */
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/** The job names each queue accepts. A processor switches on these; anything else is rejected as invalid. */
export const JOB_NAMES = {
  "tiktok-ingestion": ["ingest"],
  "tiktok-metrics-refresh": ["plan", "refresh-batch", "refresh-profile"],
  "tiktok-token-refresh": ["refresh-token", "sweep"],
  "tiktok-maintenance": ["maintenance"],
  "tiktok-webhooks": ["webhook-event"],
} as const satisfies Record<QueueName, readonly string[]>;

/** A job name accepted by queue `Q`. */
export type JobName<Q extends QueueName> = (typeof JOB_NAMES)[Q][number];
