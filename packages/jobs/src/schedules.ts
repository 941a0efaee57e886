import type { Queue } from "bullmq";
import { parseJobPayload } from "./payloads";
import type { TikTokQueues } from "./queues";

/** How often each repeating job runs; the worker's configuration. */
export interface ScheduleIntervals {
  metricsPlanMs: number;
  tokenSweepMs: number;
  maintenanceMs: number;
  /** Metric history older than this is purged by the `purge-history` maintenance task. */
  metricsRetentionDays: number;
}

/** Which queue of {@link TikTokQueues} a scheduler lives on. */
type ScheduledQueue = "metricsRefresh" | "tokenRefresh" | "maintenance";

/**
 * Every job scheduler the service depends on, by queue. The worker recreates them and readiness compares Redis with
 * this list, so a scheduler added here is both kept alive and watched.
 */
export const SCHEDULER_IDS = {
  metricsRefresh: ["plan"],
  tokenRefresh: ["sweep"],
  maintenance: ["maintenance-reencrypt-credentials", "maintenance-reconcile-mirrors", "maintenance-purge-history"],
} as const satisfies Record<ScheduledQueue, readonly string[]>;

// Expired OAuth states and connect sessions are deleted by MongoDB's TTL indexes now; a schedule left in Redis by
// an older worker would only produce jobs that no longer validate.
const RETIRED_MAINTENANCE_SCHEDULERS = ["maintenance-purge-expired-states"];

/**
 * Creates or updates every scheduler in {@link SCHEDULER_IDS}. Idempotent: BullMQ keeps a scheduler's next run
 * when its interval is unchanged, so calling this often neither postpones nor duplicates a run. Safe from any
 * number of workers at once.
 */
export async function reconcileSchedules(queues: TikTokQueues, intervals: ScheduleIntervals): Promise<void> {
  await queues.scheduleMetricsPlanner(intervals.metricsPlanMs);
  await queues.scheduleTokenSweep(intervals.tokenSweepMs);
  const tasks = [
    { task: "reencrypt-credentials" },
    { task: "reconcile-mirrors" },
    { task: "purge-history", olderThanDays: intervals.metricsRetentionDays },
  ];
  // The typed queue only knows job names, so the scheduler ids go through the base type; the data is parsed first.
  const maintenance = queues.maintenance as unknown as Queue;
  for (const task of tasks) {
    const data = parseJobPayload("tiktok-maintenance", "maintenance", task);
    await maintenance.upsertJobScheduler(
      `maintenance-${data.task}`,
      { every: intervals.maintenanceMs },
      { name: "maintenance", data },
    );
  }
  for (const id of RETIRED_MAINTENANCE_SCHEDULERS) await maintenance.removeJobScheduler(id);
}

/** The expected schedulers absent from Redis, as `queue-name/scheduler-id`; empty when all are present. */
export async function missingSchedules(queues: TikTokQueues): Promise<string[]> {
  const missing: string[] = [];
  for (const [key, ids] of Object.entries(SCHEDULER_IDS) as [ScheduledQueue, readonly string[]][]) {
    const queue = queues[key] as unknown as Queue;
    const present = new Set((await queue.getJobSchedulers()).map((scheduler) => scheduler.key));
    for (const id of ids) if (!present.has(id)) missing.push(`${queue.name}/${id}`);
  }
  return missing;
}
