import { chunked, MAX_VIDEO_IDS_PER_BATCH } from "@trendpot/jobs";
import type { TikTokVideo } from "@trendpot/tiktok-display";
import type { JobDeps } from "../ports";
import { activeAccountElsePrune, isActiveElsePrune } from "./ingest-account";
import { METRICS_VIDEO_FIELDS, metricsOf } from "./video-mapping";

export interface RefreshBatchInput {
  accountId: string;
  /** The job's ids in call order, at most 100: five calls at the default call size. */
  videoIds: readonly string[];
  requestId: string;
  /** Ids per `/v2/video/query/` call: the planner's batch size (at most 20, the default). */
  callSize?: number;
  /**
   * Told the ids still to query when a call fails after earlier calls answered (their counts are stored by then),
   * so that the job's retry asks only for those and spends no call twice.
   */
  saveRemaining?: (videoIds: string[]) => Promise<void>;
}

export type RefreshBatchResult =
  | { status: "completed"; calls: number; refreshed: number; changed: number; removed: number }
  | { status: "skipped"; reason: "not_active" };

interface Answer {
  videoIds: readonly string[];
  videos: TikTokVideo[];
}

/**
 * One account's metrics job: a `/v2/video/query/` call per batch of ids under one token read, then one write of
 * the latest counts, a history point per video (a point is never recorded twice for one instant; a retried job
 * observes anew and records one newer point), videos TikTok no longer returns marked removed, `metricsSyncedAt`
 * recorded and `tiktok.videos.update` published (metrics, and prune for removed videos). A call that fails after
 * others answered keeps what they returned.
 */
export async function refreshMetricsBatch(deps: JobDeps, input: RefreshBatchInput): Promise<RefreshBatchResult> {
  const account = await activeAccountElsePrune(deps, input.accountId);
  if (!account) return { status: "skipped", reason: "not_active" };
  const calls = chunked(input.videoIds, input.callSize ?? MAX_VIDEO_IDS_PER_BATCH);
  const answers: Answer[] = [];
  let failure: { error: unknown } | undefined;
  try {
    await deps.credentials.withDisplay(
      input.accountId,
      { requestId: input.requestId, operation: "metrics.query" },
      async (display) => {
        // Run again after a token refresh, it goes on from the call TikTok refused.
        for (const videoIds of calls.slice(answers.length)) {
          answers.push({ videoIds, videos: await display.queryVideos(videoIds, METRICS_VIDEO_FIELDS) });
        }
      },
    );
  } catch (error) {
    if (answers.length === 0) throw error;
    failure = { error };
  }
  const stored = await storeAnswers(deps, input.accountId, answers);
  const base = { accountId: input.accountId, userId: account.userId, at: stored.at.toISOString() };
  if (failure) {
    if (await isActiveElsePrune(deps, input.accountId)) {
      await publish(deps, base, stored);
      await input.saveRemaining?.(calls.slice(answers.length).flat());
    }
    throw failure.error;
  }
  if (!(await deps.accounts.recordSync(input.accountId, "metricsSyncedAt", stored.at))) {
    // A revocation raced this job: its videos are pruned again, as the revocation may have run before our writes.
    await isActiveElsePrune(deps, input.accountId);
    return { status: "skipped", reason: "not_active" };
  }
  await publish(deps, base, stored);
  const { points, changed, removed } = stored;
  return { status: "completed", calls: answers.length, refreshed: points.length, changed, removed };
}

/** The answered calls' counts in one metrics write and one history write; ids TikTok left out marked removed. */
async function storeAnswers(deps: JobDeps, accountId: string, answers: readonly Answer[]) {
  const at = deps.now();
  const asked = answers.flatMap((answer) => answer.videoIds);
  const wanted = new Set(asked);
  const videos = answers.flatMap((answer) => answer.videos);
  const points = videos.flatMap((video) => {
    const counts = wanted.has(video.id) ? metricsOf(video, at) : undefined;
    return counts ? [{ videoId: video.id, ...counts }] : [];
  });
  const changed = await deps.videos.applyMetrics(points);
  await deps.history.appendPoints(
    points.map((point) => ({ ...point, accountId })),
    at,
  );
  const returned = new Set(videos.map((video) => video.id));
  const gone = asked.filter((id) => !returned.has(id));
  const removed = gone.length > 0 ? await deps.videos.markRemoved(accountId, gone, at) : 0;
  return { at, points, changed: changed.length, gone, removed };
}

async function publish(
  deps: JobDeps,
  base: { accountId: string; userId: string; at: string },
  stored: Awaited<ReturnType<typeof storeAnswers>>,
): Promise<void> {
  if (stored.points.length > 0) {
    await deps.events.publish({ type: "metrics", ...base, videoIds: stored.points.map((point) => point.videoId) });
  }
  if (stored.removed > 0) await deps.events.publish({ type: "prune", ...base, videoIds: stored.gone, scope: "videos" });
}
