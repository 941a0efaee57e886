import { missingSchedules, reconcileSchedules, type ScheduleIntervals, type TikTokQueues } from "@trendpot/jobs";

export interface ScheduleReconcilerOptions {
  queues: TikTokQueues;
  intervals: ScheduleIntervals;
  /** How often the schedulers are checked and re-upserted (`WORKER_SCHEDULE_RECONCILE_MS`). */
  everyMs: number;
  /** Called with the schedulers that were missing and have just been recreated (Redis lost them). */
  onRecreated: (ids: string[]) => void;
  onError: (error: unknown) => void;
}

/** A running reconciler. */
export interface ScheduleReconciler {
  /** Checks and re-upserts now; resolves with the schedulers that had been missing. */
  reconcile(): Promise<string[]>;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/**
 * Keeps the repeating jobs alive: creating them only at boot left a Redis that lost its data without a planner, a
 * token sweep or maintenance until some worker restarted. Every worker runs this; the upserts are idempotent, so
 * several workers at once do no harm. The first pass runs before this returns, as the boot-time schedule did.
 */
export async function startScheduleReconciler(options: ScheduleReconcilerOptions): Promise<ScheduleReconciler> {
  let pending: Promise<string[]> = Promise.resolve([]);
  const pass = async (): Promise<string[]> => {
    const missing = await missingSchedules(options.queues);
    await reconcileSchedules(options.queues, options.intervals);
    if (missing.length > 0) options.onRecreated(missing);
    return missing;
  };
  const reconcile = (): Promise<string[]> => {
    // One pass at a time: a slow Redis must not pile up overlapping passes.
    pending = pending.then(pass, pass);
    return pending;
  };
  await reconcile();
  const timer = setInterval(() => {
    reconcile().catch((error: unknown) => options.onError(error));
  }, options.everyMs);
  timer.unref();
  return {
    reconcile,
    async stop() {
      clearInterval(timer);
      await pending.catch(() => undefined);
    },
  };
}
