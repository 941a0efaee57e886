import { missingSchedules, reconcileSchedules, type ScheduleIntervals, type TikTokQueues } from "@trendpot/jobs";

export interface ScheduleReconcilerOptions {
  queues: TikTokQueues;
  intervals: ScheduleIntervals;
  /** How often the schedulers are checked and re-upserted (`WORKER_SCHEDULE_RECONCILE_MS`); also a pass's deadline. */
  everyMs: number;
  /** Called with the schedulers that were missing and have just been recreated (Redis lost them). */
  onRecreated: (ids: string[]) => void;
  onError: (error: unknown) => void;
}

/** A running reconciler. */
export interface ScheduleReconciler {
  /** Checks and re-upserts now; resolves with the schedulers that had been missing. */
  reconcile(): Promise<string[]>;
  /** Stops the timer and waits (within the deadline) for a pass in progress. */
  stop(): Promise<void>;
}

/**
 * Keeps the repeating jobs alive: creating them only at boot left a Redis that lost its data without a planner, a
 * token sweep or maintenance until some worker restarted. Every worker runs this; the upserts are idempotent, so
 * several workers at once do no harm. The first pass runs before this returns, as the boot-time schedule did; if
 * it fails (Redis unreachable), the worker still starts and the next pass tries again.
 */
export async function startScheduleReconciler(options: ScheduleReconcilerOptions): Promise<ScheduleReconciler> {
  let inFlight: Promise<string[]> | undefined;
  const pass = async (): Promise<string[]> => {
    const missing = await missingSchedules(options.queues);
    await reconcileSchedules(options.queues, options.intervals);
    if (missing.length > 0) options.onRecreated(missing);
    return missing;
  };
  // One pass at a time: the worker's Redis commands wait out an outage, so a stuck pass is reported at the
  // deadline but not duplicated; the next tick starts a new pass only once it has settled.
  const reconcile = (): Promise<string[]> => {
    inFlight ??= pass().finally(() => {
      inFlight = undefined;
    });
    return withinDeadline(inFlight, options.everyMs);
  };
  await reconcile().catch(options.onError);
  const timer = setInterval(() => {
    reconcile().catch(options.onError);
  }, options.everyMs);
  timer.unref();
  return {
    reconcile,
    async stop() {
      clearInterval(timer);
      if (inFlight) await withinDeadline(inFlight, options.everyMs).catch(() => undefined);
    },
  };
}

function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`job scheduler reconciliation did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
