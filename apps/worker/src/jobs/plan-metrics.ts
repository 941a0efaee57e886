import type { BudgetState, MetricsBatchJob } from "@trendpot/jobs";
import { DEFAULT_REFRESH_CADENCE, joinIntoJobs, planRefreshBatches, type RefreshCadence } from "@trendpot/jobs";
import type { JobDeps } from "../ports";

/** The queue operations the planner needs. */
export interface PlannerQueues {
  /** Video ids of batches still waiting, delayed or running: never planned twice. */
  pendingBatchVideoIds(): Promise<Set<string>>;
  /** Accounts with an ingestion job waiting, delayed or running. */
  pendingIngestionAccountIds(): Promise<Set<string>>;
  enqueueBatch(payload: MetricsBatchJob): Promise<void>;
  enqueueProfileRefresh(accountId: string, key: string): Promise<void>;
  enqueueIncrementalIngestion(accountId: string, key: string): Promise<void>;
}

export interface PlanMetricsInput {
  cycle: number;
  intervalMs: number;
  batchSize: number;
  budget: BudgetState;
  /** Defaults to the standard age tiers on top of `intervalMs`, so the configured interval is the freshest cadence. */
  cadence?: RefreshCadence;
  /** How old a profile snapshot may get: a creator's profile is snapshotted daily. */
  profileEveryMs?: number;
  /** How often each account is listed for videos posted since the last sync. */
  incrementalEveryMs?: number;
  /** How long after its consent an account that was never ingested, and has no ingestion queued, is listed anyway. */
  neverIngestedAfterMs?: number;
}

export interface PlanMetricsResult {
  accounts: number;
  /** `/v2/video/query/` calls planned. */
  batches: number;
  /** The metrics jobs carrying them (up to five calls of one account each). */
  jobs: number;
  dueVideos: number;
  deferredDueVideos: number;
  callsAvailable: number;
  profiles: number;
  incremental: number;
  /** Accounts never ingested whose ingestion the planner queued (their consent's was lost). */
  recovered: number;
}

const DAY_MS = 86_400_000;

/**
 * The repeating planner tick: reads every active account's videos, asks the pure planner for fair, full batches
 * within this cycle's share of the budget, and enqueues them, up to five of an account's batches a job
 * (deterministic ids: a second tick of the same cycle adds nothing). Also schedules the daily profile snapshot and
 * the incremental listing of new videos.
 */
export async function planMetricsRefresh(
  deps: JobDeps,
  queues: PlannerQueues,
  input: PlanMetricsInput,
): Promise<PlanMetricsResult> {
  const now = deps.now();
  const accounts = await deps.accounts.listActive();
  const pending = await queues.pendingBatchVideoIds();
  const planned = await Promise.all(
    accounts.map(async (account) => ({
      accountId: account.id,
      videos: (await deps.videos.listForRefresh(account.id)).filter((video) => !pending.has(video.id)),
    })),
  );
  const callsAvailable = cycleCallShare(input.budget, now, input.intervalMs);
  const plan = planRefreshBatches({
    accounts: planned,
    now,
    callsAvailable,
    batchSize: input.batchSize,
    cadence: input.cadence ?? { ...DEFAULT_REFRESH_CADENCE, baseIntervalMs: input.intervalMs },
  });
  const jobs = joinIntoJobs(plan.batches);
  for (const job of jobs) await queues.enqueueBatch({ ...job, cycle: input.cycle });
  let profiles = 0;
  let incremental = 0;
  let recovered = 0;
  const day = now.toISOString().slice(0, 10);
  const ingesting = await queues.pendingIngestionAccountIds();
  for (const account of accounts) {
    if (isStale(account.profileSyncedAt, now, input.profileEveryMs ?? DAY_MS)) {
      await queues.enqueueProfileRefresh(account.id, day);
      profiles += 1;
    }
    // Only accounts whose initial ingestion finished: an unfinished one is still listing from its cursor.
    const everyMs = input.incrementalEveryMs ?? 6 * 3_600_000;
    if (
      account.videosSyncedAt &&
      account.ingestionCursor === undefined &&
      isStale(account.videosSyncedAt, now, everyMs)
    ) {
      await queues.enqueueIncrementalIngestion(account.id, String(Math.floor(now.getTime() / everyMs)));
      incremental += 1;
    }
    // A consent whose ingestion could not be queued (Redis down at that moment) leaves an active account that
    // nothing would ever list. Past the grace, with no ingestion of it queued, it is listed in full (an incremental
    // ingestion of an account without videos lists everything).
    const graceMs = input.neverIngestedAfterMs ?? 10 * 60_000;
    if (
      !account.videosSyncedAt &&
      account.ingestionCursor === undefined &&
      !ingesting.has(account.id) &&
      isStale(account.createdAt, now, graceMs)
    ) {
      await queues.enqueueIncrementalIngestion(account.id, "never-ingested");
      deps.logger.warn({ accountId: account.id }, "account was never ingested; ingestion queued");
      recovered += 1;
    }
  }
  const { dueVideos, deferredDueVideos } = plan;
  deps.logger.info(
    { cycle: input.cycle, batches: plan.batches.length, jobs: jobs.length, dueVideos, deferredDueVideos },
    "metrics refresh planned",
  );
  return {
    accounts: accounts.length,
    batches: plan.batches.length,
    jobs: jobs.length,
    dueVideos,
    deferredDueVideos,
    callsAvailable,
    profiles,
    incremental,
    recovered,
  };
}

/**
 * Calls one cycle may plan: the metrics share of the day left, spread over the cycles left today, and never more
 * than the sliding window allows in one interval. Unused calls roll over to later cycles automatically.
 */
export function cycleCallShare(budget: BudgetState, now: Date, intervalMs: number): number {
  const perMinute = budget.usedInWindow + budget.remainingInWindow;
  const endOfDay = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  const cyclesLeft = Math.max(1, Math.ceil((endOfDay - now.getTime()) / intervalMs));
  const dayShare = Math.floor(budget.remainingTodayFor.metrics / cyclesLeft);
  const windowCap = Math.floor((perMinute * intervalMs) / 60_000);
  return Math.max(0, Math.min(dayShare, windowCap));
}

function isStale(at: Date | undefined, now: Date, everyMs: number): boolean {
  return !at || now.getTime() - at.getTime() >= everyMs;
}
