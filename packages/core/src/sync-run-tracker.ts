import { AsyncLocalStorage } from "node:async_hooks";
import type { StartSyncRunInput, SyncRun, SyncRunsRepo } from "@trendpot/db";
import { isAppError } from "@trendpot/errors";
import type { TikTokResponseInfo } from "@trendpot/tiktok-display";

/** What one run is: the account, the kind of work, why it ran and the job that ran it. */
export type SyncRunDescriptor = Omit<StartSyncRunInput, "startedAt">;

/** How a run that returned ended; a run that threw is `failed` with the error's code. */
export interface SyncRunSummary {
  outcome: "ok" | "failed" | "skipped";
  counts?: { videos?: number; pages?: number };
  error?: { code: string; message: string };
}

interface Collector {
  calls: number;
  logIds: string[];
}

const MAX_LOG_IDS = 20;
const MAX_MESSAGE = 1000;
const current = new AsyncLocalStorage<Collector>();

/**
 * Notes one TikTok call for the run in progress (if any): counted, and its `log_id` kept. The TikTok runtime
 * passes every response here, so a run needs no plumbing to know which calls it made.
 */
export function noteTikTokResponse(info: Pick<TikTokResponseInfo, "logId">): void {
  const collector = current.getStore();
  if (!collector) return;
  collector.calls += 1;
  if (info.logId && collector.logIds.length < MAX_LOG_IDS) collector.logIds.push(info.logId);
}

export interface SyncRunTrackerDeps {
  syncRuns: Pick<SyncRunsRepo, "start" | "finish">;
  now: () => Date;
  /** Told when a run's result could not be written (the work's own outcome is kept). */
  warn?: (fields: Record<string, unknown>, message: string) => void;
}

export type SyncRunTracker = ReturnType<typeof createSyncRunTracker>;

/** Writes one `sync_runs` document around each run of ingestion, metrics, profile or token refresh work. */
export function createSyncRunTracker(deps: SyncRunTrackerDeps) {
  async function finish(run: SyncRun, collector: Collector, summary: SyncRunSummary): Promise<void> {
    try {
      await deps.syncRuns.finish(run._id, {
        outcome: summary.outcome,
        finishedAt: deps.now(),
        counts: { ...summary.counts, calls: collector.calls },
        ...(summary.error ? { error: summary.error } : {}),
        ...(collector.logIds.length > 0 ? { tiktokLogIds: collector.logIds } : {}),
      });
    } catch (error) {
      const code = isAppError(error) ? error.code : "INTERNAL";
      deps.warn?.({ event: "sync_run.finish_failed", runId: run._id, code }, "sync run result not written");
    }
  }

  return {
    /** Runs `work` as one sync run: started before, finished after with `summarize(result)` or the error. */
    async track<T>(
      descriptor: SyncRunDescriptor,
      work: () => Promise<T>,
      summarize: (result: T) => SyncRunSummary,
    ): Promise<T> {
      const run = await deps.syncRuns.start({ ...descriptor, startedAt: deps.now() });
      const collector: Collector = { calls: 0, logIds: [] };
      let result: T;
      try {
        result = await current.run(collector, work);
      } catch (error) {
        await finish(run, collector, { outcome: "failed", error: describeError(error) });
        throw error;
      }
      await finish(run, collector, summarize(result));
      return result;
    },
  };
}

// Our errors carry messages written for ops (never a token); anything else may echo input, so only its kind shows.
function describeError(error: unknown): { code: string; message: string } {
  if (isAppError(error)) return { code: error.code, message: error.message.slice(0, MAX_MESSAGE) };
  return { code: "INTERNAL", message: "Unexpected error; see the worker log for this job." };
}
