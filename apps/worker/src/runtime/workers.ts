import { hostname } from "node:os";
import { QUEUE_NAMES, type QueueName } from "@trendpot/jobs";
import type { TikTokMetrics } from "@trendpot/telemetry";
import { type ConnectionOptions, type Job, type Processor, Queue, UnrecoverableError, Worker } from "bullmq";
import type { CompletionTracker } from "../lifecycle/liveness";
import type { OpsNotifier } from "../lifecycle/ops-alert";
import type { AccountsPort, WorkerLogger } from "../ports";
import { exclusivePerAccount } from "../processors/account-exclusion";
import { createIngestionProcessor } from "../processors/ingestion";
import { errorCode, errorMessage } from "../processors/job-policy";
import { createMaintenanceProcessor } from "../processors/maintenance";
import { createMetricsRefreshProcessor } from "../processors/metrics-refresh";
import type { ProcessorServices } from "../processors/processor-services";
import { createTokenRefreshProcessor } from "../processors/token-refresh";
import { createWebhooksProcessor } from "../processors/webhooks";

export interface StartWorkersOptions {
  connection: ConnectionOptions;
  prefix: string;
  concurrency: { ingestion: number; metricsRefresh: number };
  /** How soon a crashed worker's jobs are picked up again (BullMQ lock duration and stalled-job check). */
  stall?: { lockDurationMs: number; stalledIntervalMs: number };
  /** Attempts per job, to tell a retried failure from the last one. */
  attempts: number;
  tracker: CompletionTracker;
  metrics: Pick<TikTokMetrics, "jobsCompleted" | "jobsFailed">;
  notify: OpsNotifier;
  accounts: Pick<AccountsPort, "recordError">;
  /** Only these queues get a worker (default: all). */
  queues?: readonly QueueName[];
}

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs and waits for the running ones (`worker.close()`); `force` abandons them to lock expiry. */
  close(force?: boolean): Promise<void>;
}

// BullMQ's manual rate limit (`queue.rateLimit`) only applies to workers that have a limiter; this one never
// limits by itself (a TikTok call, not a job, is what the global budget counts).
const PASSIVE_LIMITER = { max: 1_000_000, duration: 1_000 };

// BullMQ stores the name of the worker that took a job on the job (`processedBy`): with several worker processes,
// host and pid say which one ran, or was running when it died, a given job.
const WORKER_NAME = `${hostname()}:${process.pid}`;

/** Starts one BullMQ worker per queue with the shared completion/failure bookkeeping. */
export function startWorkers(
  services: Omit<ProcessorServices, "rateLimit">,
  options: StartWorkersOptions,
): RunningWorkers {
  const rateLimiters = new Map<string, Queue>();
  const rateLimit = async (queueName: string, ms: number) => {
    let queue = rateLimiters.get(queueName);
    if (!queue) {
      queue = new Queue(queueName, { connection: options.connection, prefix: options.prefix });
      rateLimiters.set(queueName, queue);
    }
    await queue.rateLimit(ms);
  };
  const full: ProcessorServices = { ...services, rateLimit };
  const exclusive = (queue: QueueName, processor: Processor) =>
    exclusivePerAccount(services.accountLocks, queue, processor);
  const processors: Record<QueueName, { processor: Processor; concurrency: number }> = {
    [QUEUE_NAMES.ingestion]: {
      processor: exclusive(QUEUE_NAMES.ingestion, createIngestionProcessor(full)),
      concurrency: options.concurrency.ingestion,
    },
    [QUEUE_NAMES.metricsRefresh]: {
      processor: exclusive(QUEUE_NAMES.metricsRefresh, createMetricsRefreshProcessor(full)),
      concurrency: options.concurrency.metricsRefresh,
    },
    [QUEUE_NAMES.tokenRefresh]: { processor: createTokenRefreshProcessor(full), concurrency: 2 },
    [QUEUE_NAMES.maintenance]: { processor: createMaintenanceProcessor(full), concurrency: 1 },
    [QUEUE_NAMES.webhooks]: { processor: createWebhooksProcessor(full), concurrency: 2 },
  };
  const selected = options.queues ?? (Object.values(QUEUE_NAMES) as QueueName[]);
  const workers = selected.map((name) => {
    const { processor, concurrency } = processors[name];
    const worker = new Worker(name, processor, {
      name: WORKER_NAME,
      connection: options.connection,
      prefix: options.prefix,
      concurrency,
      limiter: PASSIVE_LIMITER,
      ...(options.stall
        ? { lockDuration: options.stall.lockDurationMs, stalledInterval: options.stall.stalledIntervalMs }
        : {}),
    });
    attachBookkeeping(worker, name, services.logger, options);
    return worker;
  });
  return {
    workers,
    async close(force = false) {
      await Promise.all(workers.map((worker) => worker.close(force)));
      await Promise.all([...rateLimiters.values()].map((queue) => queue.close()));
    },
  };
}

function attachBookkeeping(worker: Worker, queue: QueueName, logger: WorkerLogger, options: StartWorkersOptions): void {
  worker.on("completed", () => {
    options.tracker.record(queue);
    options.metrics.jobsCompleted.add(1, { queue });
  });
  worker.on("failed", (job, error) => {
    if (!job) return;
    void onFailed(job, error, queue, logger, options).catch((failure: unknown) =>
      logger.error({ queue, jobId: job.id, code: errorCode(failure) }, "failure bookkeeping failed"),
    );
  });
  worker.on("error", (error) =>
    logger.error({ queue, code: errorCode(error), message: errorMessage(error) }, "worker error"),
  );
}

async function onFailed(job: Job, error: Error, queue: QueueName, logger: WorkerLogger, options: StartWorkersOptions) {
  const unrecoverable = error instanceof UnrecoverableError || error.name === "UnrecoverableError";
  const attempts = job.opts.attempts ?? options.attempts;
  const final = unrecoverable || job.attemptsMade >= attempts;
  const outcome = unrecoverable ? "unrecoverable" : final ? "exhausted" : "retrying";
  options.metrics.jobsFailed.add(1, { queue, outcome });
  const cause = (error as { cause?: unknown }).cause ?? error;
  const code = errorCode(cause);
  const accountId = typeof job.data?.accountId === "string" ? (job.data.accountId as string) : undefined;
  const fields = { queue, jobId: job.id, jobName: job.name, accountId, attemptsMade: job.attemptsMade, code, outcome };
  if (!final) {
    logger.warn(fields, "job attempt failed; will retry");
    return;
  }
  logger.error({ ...fields, message: errorMessage(cause) }, "job failed for good");
  const at = new Date();
  if (accountId) await options.accounts.recordError(accountId, { code, message: errorMessage(cause), at });
  await options.notify({
    kind: "job_failed",
    queue,
    jobName: job.name,
    jobId: job.id,
    accountId,
    attempts: job.attemptsMade,
    outcome: unrecoverable ? "unrecoverable" : "exhausted",
    errorCode: code,
    message: errorMessage(cause),
    at: at.toISOString(),
  });
}
