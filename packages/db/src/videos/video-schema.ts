import { z } from "zod";

const Count = z.number().int().nonnegative();

/** The latest counts of a video and when TikTok reported them. Aggregate counts only, never viewer data. */
export const VideoMetricsSchema = z.object({
  views: Count,
  likes: Count,
  comments: Count,
  shares: Count,
  at: z.date(),
});
export type VideoMetrics = z.infer<typeof VideoMetricsSchema>;

/**
 * The stored (sanitized) embed. The structural shape is checked on every read; the canonical-form check of the
 * sanitizer runs on write (see `createVideosRepo`), since re-sanitizing every listed video would be wasteful.
 */
export const StoredEmbedSchema = z
  .object({
    html: z.string().min(1),
    title: z.string().optional(),
    authorName: z.string().optional(),
    authorUrl: z.string().optional(),
    authorUniqueId: z.string().optional(),
    width: z.union([z.number(), z.string()]).optional(),
    height: z.union([z.number(), z.string()]).optional(),
    thumbnailUrl: z.string().optional(),
    thumbnailWidth: z.number().optional(),
    thumbnailHeight: z.number().optional(),
  })
  .loose();
export type StoredEmbed = z.infer<typeof StoredEmbedSchema>;

/** A document of the `videos` collection: one ingested submission. `_id` is TikTok's video id. */
export const VideoDocumentSchema = z.object({
  _id: z.string().regex(/^\d{1,32}$/),
  accountId: z.string().min(1),
  userId: z.string().min(1),
  title: z.string(),
  description: z.string(),
  createTime: z.date(),
  shareUrl: z.string(),
  durationSec: z.number().nonnegative().optional(),
  width: z.number().int().nonnegative().optional(),
  height: z.number().int().nonnegative().optional(),
  /** TikTok's signed cover URLs expire after about 6 hours; `coverImageFetchedAt` says when this one was fetched. */
  coverImageUrl: z.string().optional(),
  coverImageFetchedAt: z.date().optional(),
  embed: StoredEmbedSchema.optional(),
  embedRejectedReason: z.string().optional(),
  metrics: VideoMetricsSchema.optional(),
  lastRefreshedAt: z.date().optional(),
  /** Which `applyMetrics` call stored `metrics`: lets one call tell its own writes apart without a read before. */
  metricsWrite: z.string().optional(),
  firstSeenAt: z.date(),
  updatedAt: z.date(),
  removedAt: z.date().optional(),
});
export type VideoDocument = z.infer<typeof VideoDocumentSchema>;

/** What ingestion hands to `upsertMany`: everything but the fields the repository owns. */
export const VideoUpsertSchema = VideoDocumentSchema.omit({
  _id: true,
  firstSeenAt: true,
  updatedAt: true,
  removedAt: true,
  lastRefreshedAt: true,
  metricsWrite: true,
}).extend({ id: VideoDocumentSchema.shape._id });
export type VideoUpsert = z.input<typeof VideoUpsertSchema>;

/** One metrics refresh result for `applyMetrics`. */
export const VideoMetricsUpdateSchema = VideoMetricsSchema.extend({ videoId: VideoDocumentSchema.shape._id });
export type VideoMetricsUpdate = z.infer<typeof VideoMetricsUpdateSchema>;

export const VIDEO_SORTS = ["createTime", "views", "likes", "comments", "shares"] as const;
export type VideoSort = (typeof VIDEO_SORTS)[number];
export type SortOrder = "asc" | "desc";
