import { createAccountLocks, QUEUE_NAMES, type QueueName } from "@trendpot/jobs";
import type { GaugeSources, TikTokMetrics } from "@trendpot/telemetry";
import type { Queue } from "bullmq";
import type { Logger } from "pino";
import type { WorkerConfig } from "./config";
import { createWorkerDeps, type WorkerDeps, type WorkerDepsOverrides } from "./deps";
import { queueList, waitingByQueue, workerGaugeSources } from "./lifecycle/gauges";
import { startHeartbeat } from "./lifecycle/heartbeat";
import {
  type CompletionTracker,
  checkLiveness,
  createCompletionTracker,
  startLivenessServer,
} from "./lifecycle/liveness";
import { createOpsNotifier } from "./lifecycle/ops-alert";
import { type ScheduleReconciler, startScheduleReconciler } from "./lifecycle/schedules";
import { type RunningWorkers, startWorkers } from "./runtime/workers";

export interface StartWorkerOptions {
  logger: Logger;
  metrics: TikTokMetrics;
  overrides?: WorkerDepsOverrides;
  /** Keep the repeatable planner, token sweep and maintenance schedules in place (default true). */
  schedule?: boolean;
  /** Serve `/live` (default true). */
  liveness?: boolean;
  /** Only run these queues (default all). */
  queues?: readonly QueueName[];
  fetch?: typeof fetch;
  /** Prebuilt dependencies (tests); the caller keeps ownership and closes them. */
  deps?: WorkerDeps;
}

/** A running worker process. */
export interface RunningWorker {
  deps: WorkerDeps;
  workers: RunningWorkers;
  gaugeSources: GaugeSources;
  livenessUrl?: string;
  /** Graceful stop: no new jobs, running jobs finish (or are abandoned after the grace period), then disconnect. */
  stop(): Promise<void>;
}

/** Builds the dependencies, starts every queue's worker, the schedules, the heartbeat and `/live`. */
export async function startWorker(config: WorkerConfig, options: StartWorkerOptions): Promise<RunningWorker> {
  const { logger } = options;
  const deps = options.deps ?? (await createWorkerDeps(config, logger, options.metrics, options.overrides));
  const queues = queueList(deps.queues);
  const tracker = createCompletionTracker(Object.values(QUEUE_NAMES));
  const notify = createOpsNotifier({
    url: config.OPS_ALERT_WEBHOOK_URL,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    onError: (error) => logger.warn({ err: String(error) }, "ops alert could not be delivered"),
  });
  const workers = startWorkers(
    {
      deps: deps.job,
      settings: config,
      queues: deps.queues,
      budget: deps.runtime.budget,
      maintenance: deps.maintenance,
      revoke: deps.revoke,
      syncRuns: deps.syncRunTracker,
      accountLocks: createAccountLocks(deps.redis, {
        prefix: config.REDIS_PREFIX,
        onLost: (accountId) => logger.warn({ accountId }, "account sync lock lost while its job was running"),
      }),
      logger,
    },
    {
      connection: deps.redis,
      prefix: config.REDIS_PREFIX,
      concurrency: {
        ingestion: config.TIKTOK_INGESTION_CONCURRENCY,
        metricsRefresh: config.TIKTOK_REFRESH_CONCURRENCY,
      },
      attempts: config.TIKTOK_INGESTION_MAX_ATTEMPTS,
      stall: { lockDurationMs: config.WORKER_LOCK_DURATION_MS, stalledIntervalMs: config.WORKER_STALLED_INTERVAL_MS },
      tracker,
      metrics: options.metrics,
      notify,
      accounts: deps.job.accounts,
      ...(options.queues ? { queues: options.queues } : {}),
    },
  );
  const keepSchedules = options.schedule !== false && config.WORKER_SCHEDULES_ENABLED;
  const schedules = keepSchedules ? await reconcileSchedulesContinuously(deps, logger) : undefined;
  const heartbeat = startHeartbeat({
    redis: deps.redis,
    redisPrefix: config.REDIS_PREFIX,
    onError: (error) => logger.warn({ err: String(error) }, "heartbeat write failed"),
  });
  const liveness = options.liveness === false ? undefined : await serveLiveness(config, queues, tracker);
  const gaugeSources = workerGaugeSources({
    budget: deps.runtime.budget,
    queues,
    accounts: deps.accounts,
    credentials: deps.credentials,
    tracker,
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await schedules?.stop();
      await closeWithin(workers, config.WORKER_SHUTDOWN_GRACE_MS);
      await heartbeat.stop();
      await liveness?.close();
      if (!options.deps) await deps.close();
    })();
    return stopping;
  };
  return { deps, workers, gaugeSources, ...(liveness ? { livenessUrl: liveness.url } : {}), stop };
}

function serveLiveness(config: WorkerConfig, queues: Queue[], tracker: CompletionTracker) {
  return startLivenessServer({
    host: config.METRICS_HOST,
    port: config.WORKER_LIVENESS_PORT,
    check: () =>
      checkLiveness({
        waitingByQueue: () => waitingByQueue(queues),
        tracker,
        stallAfterMs: config.WORKER_STALL_AFTER_MS,
      }),
  });
}

/** Lets running jobs finish for `graceMs`; after that they are abandoned and another worker retries them. */
async function closeWithin(workers: RunningWorkers, graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const graceful = workers.close(false);
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), graceMs);
  });
  const outcome = await Promise.race([graceful.then(() => "closed" as const), timeout]);
  clearTimeout(timer);
  if (outcome === "timeout") await workers.close(true);
}

function reconcileSchedulesContinuously(deps: WorkerDeps, logger: Logger): Promise<ScheduleReconciler> {
  const { config, queues } = deps;
  return startScheduleReconciler({
    queues,
    intervals: {
      metricsPlanMs: config.TIKTOK_METRICS_REFRESH_INTERVAL_MS,
      tokenSweepMs: config.TIKTOK_TOKEN_SWEEP_INTERVAL_MS,
      maintenanceMs: config.WORKER_MAINTENANCE_INTERVAL_MS,
      metricsRetentionDays: config.TIKTOK_METRICS_RETENTION_DAYS,
    },
    everyMs: config.WORKER_SCHEDULE_RECONCILE_MS,
    onRecreated: (ids) => logger.warn({ schedulers: ids }, "recreated missing job schedulers"),
    onError: (error) => logger.warn({ err: String(error) }, "job scheduler reconciliation failed"),
  });
}
