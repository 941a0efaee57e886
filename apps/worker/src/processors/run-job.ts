import type { SyncRunTracker } from "@trendpot/core";
import { type BudgetPriority, runWithBudgetPriority } from "@trendpot/jobs";
import { withJobSpan } from "@trendpot/telemetry";
import type { Job } from "bullmq";
import type { WorkerLogger } from "../ports";
import { applyJobPolicy, errorCode } from "./job-policy";
import { summarizeSyncJob, syncRunOf } from "./sync-runs";

export interface RunJobOptions {
  queueName: string;
  /** Budget priority of the job's TikTok calls; null for jobs that make none. */
  priority: BudgetPriority | null;
  backoffMs: number;
  rateLimitQueue: (ms: number) => Promise<void>;
  logger: WorkerLogger;
  /** Writes one sync run per attempt of an account's sync job (see `syncRunOf`). */
  syncRuns?: Pick<SyncRunTracker, "track"> | undefined;
}

/**
 * The frame around every job: a consumer span continuing the enqueuing request's trace, a logger bound to the
 * job and account ids, the budget priority for its TikTok calls, and the error policy (429 → rate limit,
 * day cap → delay, non-retryable → UnrecoverableError).
 */
export function runJob<T>(
  job: Job,
  token: string | undefined,
  options: RunJobOptions,
  work: (context: { logger: WorkerLogger; requestId: string }) => Promise<T>,
): Promise<T> {
  const data = (job.data ?? {}) as { accountId?: unknown; trace?: Record<string, string>; requestId?: unknown };
  const accountId = typeof data.accountId === "string" ? data.accountId : undefined;
  const requestId = typeof data.requestId === "string" ? data.requestId : `job-${job.id ?? "unknown"}`;
  const logger = options.logger.child({
    queue: options.queueName,
    jobId: job.id,
    jobName: job.name,
    accountId,
    requestId,
  });
  const attributes = { "messaging.destination.name": options.queueName, "messaging.message.id": job.id ?? "" };
  return withJobSpan(`${options.queueName} process`, data.trace, attributes, () =>
    applyJobPolicy(
      {
        job,
        token,
        rateLimitQueue: options.rateLimitQueue,
        backoffMs: options.backoffMs,
        onSignal: (signal, error) => {
          const level = signal.kind === "retry" ? "warn" : "info";
          logger[level]({ signal, code: errorCode(error) }, "job attempt did not complete");
        },
      },
      () => {
        const descriptor = options.syncRuns ? syncRunOf(options.queueName, job) : null;
        const run = () => work({ logger, requestId });
        const tracked = () =>
          descriptor && options.syncRuns ? options.syncRuns.track(descriptor, run, summarizeSyncJob) : run();
        return options.priority ? runWithBudgetPriority(options.priority, tracked) : tracked();
      },
    ),
  );
}
