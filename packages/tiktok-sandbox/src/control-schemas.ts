import { z } from "zod";

const endpoints = z.array(z.enum(["token", "revoke", "user.info", "video.list", "video.query", "oembed"])).optional();
const count = z.number().int().nonnegative();

export const CreatorInputSchema = z
  .strictObject({
    openId: z.string().min(1),
    unionId: z.string().min(1),
    username: z.string().min(1),
    displayName: z.string(),
    bioDescription: z.string(),
    avatarUrl: z.string(),
    isVerified: z.boolean(),
    followerCount: count,
    followingCount: count,
    likesCount: count,
  })
  .partial();

const VideoFields = {
  createTime: z.number().int(),
  description: z.string(),
  title: z.string(),
  duration: count,
  width: count,
  height: count,
  soundTitle: z.string(),
  soundId: z.string(),
  visibility: z.enum(["public", "private", "deleted"]),
  stats: z.strictObject({ views: count, likes: count, comments: count, shares: count }).partial(),
  growth: z.boolean(),
};

export const VideoInputSchema = z.strictObject({ id: z.string().regex(/^\d{1,20}$/), ...VideoFields }).partial();
export const VideoPatchSchema = z.strictObject(VideoFields).partial();

export const AddVideosSchema = z.union([
  z.strictObject({ count: z.number().int().min(1).max(1000) }),
  z.strictObject({ videos: z.array(VideoInputSchema) }),
]);

export const ShortPagesSchema = z.strictObject({ pageSizes: z.array(count).nullable() });

export const AuthorizeSchema = z.strictObject({
  authorizeUrl: z.string(),
  openId: z.string().optional(),
  grantedScopes: z.array(z.string()).optional(),
  deny: z.boolean().optional(),
});

const hostile = z.union([
  z.enum(["script", "event-handler", "javascript-url", "foreign-iframe", "all"]),
  z
    .strictObject({
      html: z.string(),
      title: z.string(),
      author_name: z.string(),
      author_url: z.string(),
      thumbnail_url: z.string(),
    })
    .partial(),
]);

export const FaultsSchema = z
  .strictObject({
    serverErrors: z
      .strictObject({ count, endpoints, status: z.union([z.literal(500), z.literal(503)]).optional() })
      .nullable(),
    rateLimitStorm: z.strictObject({ count, endpoints }).nullable(),
    malformed: z
      .strictObject({ count, endpoints, kind: z.enum(["non-json", "truncated", "missing-fields", "empty"]).optional() })
      .nullable(),
    slow: z.strictObject({ ms: count, count: count.optional(), endpoints }).nullable(),
    hostileOembed: z.record(z.string(), hostile),
    oembedFailures: z
      .strictObject({
        status: z.number().int().min(400).max(599).optional(),
        count: count.optional(),
        videoIds: z.array(z.string()).optional(),
      })
      .nullable(),
    oauthErrorsWithStatus200: z.boolean(),
  })
  .partial();

export const WebhookSchema = z.strictObject({
  event: z.string().min(1),
  openId: z.string().min(1),
  content: z.record(z.string(), z.unknown()),
  url: z.string().optional(),
  secret: z.string().optional(),
  timestamp: z.number().int().optional(),
});

export const ClockSchema = z.strictObject({ advanceMs: z.number().nonnegative() });
