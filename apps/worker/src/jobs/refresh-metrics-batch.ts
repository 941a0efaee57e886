import type { JobDeps } from "../ports";
import { activeAccountElsePrune, isActiveElsePrune } from "./ingest-account";
import { METRICS_VIDEO_FIELDS, metricsOf } from "./video-mapping";

export interface RefreshBatchInput {
  accountId: string;
  videoIds: readonly string[];
  requestId: string;
}

export type RefreshBatchResult =
  | { status: "completed"; refreshed: number; changed: number; removed: number }
  | { status: "skipped"; reason: "not_active" };

/**
 * One `/v2/video/query/` call (≤ 20 ids): stores the latest counts, appends a history point per video (a point
 * is never recorded twice for one instant; a retried batch observes anew and records one newer point), marks videos TikTok no longer returns as removed, records `metricsSyncedAt` and publishes
 * `tiktok.videos.update` (metrics, and prune for removed videos).
 */
export async function refreshMetricsBatch(deps: JobDeps, input: RefreshBatchInput): Promise<RefreshBatchResult> {
  const account = await activeAccountElsePrune(deps, input.accountId);
  if (!account) return { status: "skipped", reason: "not_active" };
  const videos = await deps.credentials.withDisplay(
    input.accountId,
    { requestId: input.requestId, operation: "metrics.query" },
    (display) => display.queryVideos([...input.videoIds], METRICS_VIDEO_FIELDS),
  );
  const at = deps.now();
  const wanted = new Set(input.videoIds);
  const points = videos.flatMap((video) => {
    const counts = wanted.has(video.id) ? metricsOf(video, at) : undefined;
    return counts ? [{ videoId: video.id, ...counts }] : [];
  });
  const changed = await deps.videos.applyMetrics(points);
  await deps.history.appendPoints(
    points.map((point) => ({ ...point, accountId: input.accountId })),
    at,
  );
  const returned = new Set(videos.map((video) => video.id));
  const gone = input.videoIds.filter((id) => !returned.has(id));
  const removed = gone.length > 0 ? await deps.videos.markRemoved(input.accountId, gone, at) : 0;
  if (!(await deps.accounts.recordSync(input.accountId, "metricsSyncedAt", at))) {
    // A revocation raced this batch: its videos are pruned again, as the revocation may have run before our writes.
    await isActiveElsePrune(deps, input.accountId);
    return { status: "skipped", reason: "not_active" };
  }
  const base = { accountId: input.accountId, userId: account.userId, at: at.toISOString() };
  if (points.length > 0)
    await deps.events.publish({ type: "metrics", ...base, videoIds: points.map((p) => p.videoId) });
  if (removed > 0) await deps.events.publish({ type: "prune", ...base, videoIds: gone, scope: "videos" });
  return { status: "completed", refreshed: points.length, changed: changed.length, removed };
}
