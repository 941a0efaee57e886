import type { SyncRunTracker } from "@trendpot/core";
import type { AccountLocks, BudgetPriority, QueueName, TikTokBudget, TikTokQueues } from "@trendpot/jobs";
import type { WorkerConfig } from "../config";
import type { RevokeFn } from "../jobs/handle-webhook";
import type { JobDeps, MaintenancePort, WorkerLogger } from "../ports";
import type { RunJobOptions } from "./run-job";

/** The worker settings the processors read (a subset of {@link WorkerConfig}). */
export type ProcessorSettings = Pick<
  WorkerConfig,
  | "TIKTOK_INGESTION_PAGE_SIZE"
  | "TIKTOK_INGESTION_RETRY_BACKOFF_MS"
  | "TIKTOK_METRICS_REFRESH_INTERVAL_MS"
  | "TIKTOK_INGESTION_METRICS_BATCH_SIZE"
  | "TIKTOK_TOKEN_REFRESH_AHEAD_MS"
>;

/** What the processors are built from. */
export interface ProcessorServices {
  deps: JobDeps;
  settings: ProcessorSettings;
  queues: TikTokQueues;
  budget: Pick<TikTokBudget, "state">;
  maintenance: MaintenancePort;
  revoke: RevokeFn;
  logger: WorkerLogger;
  /** The sync log: one run per attempt of an account's ingestion, metrics, profile or token refresh job. */
  syncRuns?: Pick<SyncRunTracker, "track"> | undefined;
  /** One sync per account at a time across processes (ingestion and manual refreshes); absent in unit tests. */
  accountLocks?: Pick<AccountLocks, "run"> | undefined;
  /** BullMQ's manual rate limit of one queue (every worker of the queue stops taking jobs for `ms`). */
  rateLimit: (queueName: string, ms: number) => Promise<void>;
}

/**
 * The one frame every processor runs its jobs in: the queue's name, the budget priority of its TikTok calls
 * (null for queues that make none), the first backoff step and the queue's rate limit.
 */
export function processorOptions(
  services: ProcessorServices,
  queueName: QueueName,
  priority: BudgetPriority | null,
): RunJobOptions {
  return {
    queueName,
    priority,
    backoffMs: services.settings.TIKTOK_INGESTION_RETRY_BACKOFF_MS,
    rateLimitQueue: (ms) => services.rateLimit(queueName, ms),
    logger: services.logger,
    syncRuns: services.syncRuns,
  };
}
