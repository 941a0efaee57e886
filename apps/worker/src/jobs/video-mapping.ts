import type { VideoMetrics, VideoUpsert } from "@trendpot/db";
import { sanitizeMediaUrl, sanitizePlainText, sanitizeShareUrl } from "@trendpot/oembed-sanitizer";
import { type TikTokVideo, VIDEO_FIELDS, type VideoField } from "@trendpot/tiktok-display";

/**
 * The video fields ingestion asks for: metadata and counts, but not TikTok's raw embed HTML or link (the embed
 * comes from oEmbed, through the sanitizer).
 */
export const INGESTION_VIDEO_FIELDS: readonly VideoField[] = VIDEO_FIELDS.filter(
  (field) => field !== "embed_html" && field !== "embed_link",
);

/** The fields a metrics refresh needs: counts only. */
export const METRICS_VIDEO_FIELDS: readonly VideoField[] = [
  "id",
  "create_time",
  "like_count",
  "comment_count",
  "share_count",
  "view_count",
];

const TITLE_MAX = 150;
const DESCRIPTION_MAX = 2_200;

/** The latest counts of a video as TikTok reported them, or undefined when the call did not include them. */
export function metricsOf(video: TikTokVideo, at: Date): VideoMetrics | undefined {
  if (video.viewCount === undefined && video.likeCount === undefined) return undefined;
  return {
    views: video.viewCount ?? 0,
    likes: video.likeCount ?? 0,
    comments: video.commentCount ?? 0,
    shares: video.shareCount ?? 0,
    at,
  };
}

/** Maps a listed video to what the repository stores: plain-text captions, allowlisted cover URL, counts. */
export function toVideoUpsert(
  video: TikTokVideo,
  owner: { accountId: string; userId: string },
  at: Date,
): Omit<VideoUpsert, "embed" | "embedRejectedReason"> {
  const coverImageUrl = sanitizeMediaUrl(video.coverImageUrl);
  const metrics = metricsOf(video, at);
  return {
    id: video.id,
    accountId: owner.accountId,
    userId: owner.userId,
    title: sanitizePlainText(video.title ?? "", { maxLength: TITLE_MAX }),
    description: sanitizePlainText(video.videoDescription ?? "", { maxLength: DESCRIPTION_MAX, multiline: true }),
    createTime: video.createTime,
    shareUrl: sanitizeShareUrl(video.shareUrl) ?? "",
    ...(video.duration !== undefined ? { durationSec: video.duration } : {}),
    ...(video.width !== undefined ? { width: video.width } : {}),
    ...(video.height !== undefined ? { height: video.height } : {}),
    ...(coverImageUrl ? { coverImageUrl, coverImageFetchedAt: at } : {}),
    ...(metrics ? { metrics } : {}),
  };
}
