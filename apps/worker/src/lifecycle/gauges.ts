import type { Credentials } from "@trendpot/credentials";
import type { AccountsRepo } from "@trendpot/db";
import { oldestWaitingAgeMs, type TikTokBudget, type TikTokQueues } from "@trendpot/jobs";
import { type GaugeSources, QUEUE_STATES, type QueueSnapshot } from "@trendpot/telemetry";
import type { Queue } from "bullmq";
import type { CompletionTracker } from "./liveness";

const WEEK_MS = 7 * 86_400_000;

/** The queues as a list, for gauges, liveness and shutdown. */
export function queueList(queues: TikTokQueues): Queue[] {
  return [queues.ingestion, queues.metricsRefresh, queues.tokenRefresh, queues.maintenance, queues.webhooks] as Queue[];
}

/** Depth by state and the oldest waiting job's age of one queue. */
export async function snapshotQueue(queue: Queue, now: number = Date.now()): Promise<QueueSnapshot> {
  const counts = await queue.getJobCounts(...QUEUE_STATES);
  const ageMs = await oldestWaitingAgeMs(queue, now);
  return { queue: queue.name, counts, oldestWaitingAgeSeconds: ageMs === null ? null : ageMs / 1000 };
}

/** Waiting (and prioritized) jobs per queue, for the liveness check. */
export async function waitingByQueue(queues: readonly Queue[]): Promise<Record<string, number>> {
  const entries = await Promise.all(
    queues.map(async (queue) => {
      const counts = await queue.getJobCounts("waiting", "prioritized");
      return [queue.name, (counts.waiting ?? 0) + (counts.prioritized ?? 0)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * The gauge callbacks of the worker: budget, queues, sync lag, accounts, expiring refresh tokens, credentials still
 * under a previous key, completions.
 */
export function workerGaugeSources(input: {
  budget: Pick<TikTokBudget, "state">;
  queues: readonly Queue[];
  accounts: Pick<AccountsRepo, "countByStatus" | "oldestMetricsSyncedAt" | "countRefreshExpiringWithin">;
  credentials: Pick<Credentials, "countUnderPreviousKey">;
  tracker: CompletionTracker;
}): GaugeSources {
  return {
    budget: async () => {
      const state = await input.budget.state();
      return { minuteRemaining: state.remainingInWindow, dayRemaining: state.remainingToday, inFlight: state.inFlight };
    },
    queues: () => Promise.all(input.queues.map((queue) => snapshotQueue(queue))),
    syncLagSeconds: async () => {
      const oldest = await input.accounts.oldestMetricsSyncedAt();
      return oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : null;
    },
    accountsByStatus: () => input.accounts.countByStatus(),
    refreshExpiring: () => input.accounts.countRefreshExpiringWithin(WEEK_MS),
    credentialsUnderPreviousKey: () => input.credentials.countUnderPreviousKey(),
    lastJobCompletedAt: () => input.tracker.byQueue(),
  };
}
