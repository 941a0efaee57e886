import type { Stack } from "../harness/stack";

interface Bucket {
  _id: string;
  videoId: string;
  count: number;
  lastAt: Date;
  points: { at: Date }[];
}

export interface PointsAudit {
  /** Points per video, over every day bucket. */
  perVideo: Map<string, number>;
  /** Problems found: a point recorded twice for one instant, or a bucket whose counters disagree with its points. */
  problems: string[];
}

/**
 * Reads every metric bucket of the given videos and checks each one: no instant recorded twice (a replayed batch
 * must not duplicate), `count` and `lastAt` agree with the points (a torn append would break them).
 */
export async function auditMetricPoints(stack: Stack, videoIds: readonly string[]): Promise<PointsAudit> {
  const buckets = await stack.db
    .collection<Bucket>("video_metrics")
    .find({ videoId: { $in: [...videoIds] } })
    .toArray();
  const perVideo = new Map<string, number>(videoIds.map((id) => [id, 0]));
  const problems: string[] = [];
  for (const bucket of buckets) {
    const instants = bucket.points.map((p) => new Date(p.at).getTime());
    if (new Set(instants).size !== instants.length) problems.push(`${bucket._id}: an instant recorded twice`);
    if (bucket.count !== bucket.points.length) problems.push(`${bucket._id}: count ${bucket.count} ≠ points`);
    if (new Date(bucket.lastAt).getTime() !== Math.max(...instants)) problems.push(`${bucket._id}: lastAt is stale`);
    perVideo.set(bucket.videoId, (perVideo.get(bucket.videoId) ?? 0) + bucket.points.length);
  }
  return { perVideo, problems };
}
