import { AppError } from "@trendpot/errors";
import { MAX_CALLS_PER_METRICS_JOB, MAX_VIDEO_IDS_PER_BATCH } from "./payloads";

/** A known video and when its metrics were last refreshed (never, when absent). */
export interface PlannerVideo {
  id: string;
  createTime: Date;
  lastRefreshedAt?: Date | undefined;
}

/** An account and its known videos. */
export interface PlannerAccount {
  accountId: string;
  videos: readonly PlannerVideo[];
}

/** How often a video is refreshed: `baseIntervalMs × factor`, the factor chosen by the video's age. */
export interface RefreshCadence {
  baseIntervalMs: number;
  /** Age tiers in ascending `maxAgeMs`; the first tier the video is younger than gives its factor. */
  tiers: readonly { maxAgeMs: number; factor: number }[];
  /** The factor for videos older than every tier. */
  olderFactor: number;
}

const DAY_MS = 86_400_000;

/**
 * Fresh videos move fast, old ones barely: every 15 min under 2 days old, hourly under 30 days, every 6 hours
 * beyond (with the 15-minute `TIKTOK_METRICS_REFRESH_INTERVAL_MS`).
 */
export const DEFAULT_REFRESH_CADENCE: RefreshCadence = {
  baseIntervalMs: 15 * 60_000,
  tiers: [
    { maxAgeMs: 2 * DAY_MS, factor: 1 },
    { maxAgeMs: 30 * DAY_MS, factor: 4 },
  ],
  olderFactor: 24,
};

export interface RefreshPlanInput {
  accounts: readonly PlannerAccount[];
  now: Date;
  /** Calls this cycle may use (from the budget's remaining window and the metrics share of the day). */
  callsAvailable: number;
  /** Ids per `/v2/video/query/` call, at most 20. */
  batchSize?: number;
  cadence?: RefreshCadence;
}

/** One `/v2/video/query/` call. */
export interface RefreshBatch {
  accountId: string;
  videoIds: string[];
}

export interface RefreshPlan {
  /** In the order they should run: round-robin over accounts, most overdue first. */
  batches: RefreshBatch[];
  /** Videos due this cycle across all accounts. */
  dueVideos: number;
  /** Due videos left for a later cycle because the calls ran out. */
  deferredDueVideos: number;
}

/** The refresh interval of one video at `now`. */
export function refreshIntervalMs(
  video: PlannerVideo,
  now: Date,
  cadence: RefreshCadence = DEFAULT_REFRESH_CADENCE,
): number {
  const age = now.getTime() - video.createTime.getTime();
  const tier = cadence.tiers.find((candidate) => age < candidate.maxAgeMs);
  return cadence.baseIntervalMs * (tier?.factor ?? cadence.olderFactor);
}

interface Scored {
  id: string;
  /** Time since the last refresh over the interval: ≥ 1 means due; never refreshed is Infinity. */
  overdue: number;
  createdAt: number;
}

interface AccountBatches {
  accountId: string;
  batches: { videoIds: string[]; dueCount: number; urgency: number }[];
}

/**
 * Plans one metrics cycle; pure (no I/O, no clock). Each account's due videos, most overdue first, are packed
 * into batches of `batchSize`; its last partial batch is topped up with the videos closest to being due, so calls
 * are full whenever the account has enough videos. Calls are then dealt round-robin, one batch per account per
 * round, accounts in order of their most overdue video: a creator with 10,000 videos gets only what the others
 * leave, and an account skipped for lack of calls is more overdue, hence earlier, next cycle.
 */
export function planRefreshBatches(input: RefreshPlanInput): RefreshPlan {
  const batchSize = input.batchSize ?? MAX_VIDEO_IDS_PER_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_VIDEO_IDS_PER_BATCH) {
    throw new AppError("VALIDATION_FAILED", { message: `batchSize must be 1-${MAX_VIDEO_IDS_PER_BATCH}.` });
  }
  const calls = Math.max(0, Math.floor(input.callsAvailable));
  const cadence = input.cadence ?? DEFAULT_REFRESH_CADENCE;
  const perAccount = input.accounts
    .map((account) => packAccount(account, input.now, batchSize, cadence))
    .filter((account) => account.batches.length > 0)
    .sort(
      (a, b) => compareUrgency(a.batches[0]?.urgency ?? 0, b.batches[0]?.urgency ?? 0) || cmp(a.accountId, b.accountId),
    );
  const dueVideos = perAccount.reduce((sum, account) => sum + account.batches.reduce((n, b) => n + b.dueCount, 0), 0);
  const batches: RefreshBatch[] = [];
  let plannedDue = 0;
  for (let round = 0; batches.length < calls; round += 1) {
    const takers = perAccount.filter((account) => account.batches.length > round);
    if (takers.length === 0) break;
    for (const account of takers) {
      if (batches.length >= calls) break;
      const batch = account.batches[round];
      if (!batch) continue;
      batches.push({ accountId: account.accountId, videoIds: batch.videoIds });
      plannedDue += batch.dueCount;
    }
  }
  return { batches, dueVideos, deferredDueVideos: dueVideos - plannedDue };
}

/**
 * The plan's batches as metrics jobs: each account's batches, in plan order, joined up to `maxCalls` a job. A job
 * takes the place of its first batch, so the round-robin order holds from job to job; cut back into calls of the
 * batch size, a job's ids give back its batches (only an account's last batch can be partial).
 */
export function joinIntoJobs(batches: readonly RefreshBatch[], maxCalls = MAX_CALLS_PER_METRICS_JOB): RefreshBatch[] {
  if (!Number.isInteger(maxCalls) || maxCalls < 1) {
    throw new AppError("VALIDATION_FAILED", { message: "maxCalls must be a positive integer." });
  }
  const jobs: RefreshBatch[] = [];
  const open = new Map<string, { job: RefreshBatch; calls: number }>();
  for (const batch of batches) {
    const current = open.get(batch.accountId);
    if (current && current.calls < maxCalls) {
      current.job.videoIds.push(...batch.videoIds);
      current.calls += 1;
      continue;
    }
    const job = { accountId: batch.accountId, videoIds: [...batch.videoIds] };
    jobs.push(job);
    open.set(batch.accountId, { job, calls: 1 });
  }
  return jobs;
}

function packAccount(account: PlannerAccount, now: Date, batchSize: number, cadence: RefreshCadence): AccountBatches {
  const scored = account.videos.map((video) => score(video, now, cadence)).sort(byUrgency);
  const due = scored.filter((video) => video.overdue >= 1);
  const spare = scored.filter((video) => video.overdue < 1);
  const batches: AccountBatches["batches"] = [];
  for (let start = 0; start < due.length; start += batchSize) {
    const slice = due.slice(start, start + batchSize);
    const topUp = slice.length < batchSize ? spare.slice(0, batchSize - slice.length) : [];
    batches.push({
      videoIds: [...slice, ...topUp].map((video) => video.id),
      dueCount: slice.length,
      urgency: slice[0]?.overdue ?? 0,
    });
  }
  return { accountId: account.accountId, batches };
}

function score(video: PlannerVideo, now: Date, cadence: RefreshCadence): Scored {
  const createdAt = video.createTime.getTime();
  if (!video.lastRefreshedAt) return { id: video.id, overdue: Number.POSITIVE_INFINITY, createdAt };
  const since = now.getTime() - video.lastRefreshedAt.getTime();
  return { id: video.id, overdue: since / refreshIntervalMs(video, now, cadence), createdAt };
}

// Most overdue first; among equals (e.g. never refreshed) the newest video, then the id for a stable plan.
function byUrgency(a: Scored, b: Scored): number {
  return compareUrgency(a.overdue, b.overdue) || b.createdAt - a.createdAt || cmp(a.id, b.id);
}

function compareUrgency(a: number, b: number): number {
  if (a === b) return 0;
  return a > b ? -1 : 1;
}

function cmp(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
