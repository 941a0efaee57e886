import { z } from "zod";

// TikTok documents int64 fields as JSON numbers; a numeric string is accepted because 64-bit values are often
// quoted to survive JavaScript's 53-bit integers. Every field but the ones we always request may be absent or null:
// TikTok returns only the fields named in `fields`, and a list may be empty, null or left out.
const Numberish = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);
const OptionalNumber = Numberish.nullish().transform((value) => value ?? undefined);
const OptionalString = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined);
const OptionalBoolean = z
  .boolean()
  .nullish()
  .transform((value) => value ?? undefined);

/** A successful `/v2/oauth/token/` answer (flat, not enveloped). */
export const TokenResponseSchema = z.object({
  open_id: z.string().min(1),
  scope: z.string(),
  access_token: z.string().min(1),
  expires_in: Numberish.pipe(z.number().positive()),
  refresh_token: z.string().min(1),
  refresh_expires_in: Numberish.pipe(z.number().positive()),
  token_type: OptionalString,
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

/** A revoke answer: TikTok documents an empty body or `{}`. */
export const RevokeResponseSchema = z.union([z.undefined(), z.record(z.string(), z.unknown())]);

/** The Display envelope's `error` member on success; `message` and `log_id` may be empty, null or left out. */
const OkErrorSchema = z.object({
  code: z.literal("ok"),
  message: OptionalString,
  log_id: OptionalString,
});

/** Wraps a `data` schema in TikTok's Display envelope. */
export function envelope<T extends z.ZodType>(data: T) {
  return z.object({ data, error: OkErrorSchema.optional() });
}

/** TikTok's User object as served by `/v2/user/info/`. */
export const UserSchema = z.object({
  open_id: z.string().min(1),
  union_id: OptionalString,
  avatar_url: OptionalString,
  avatar_url_100: OptionalString,
  avatar_large_url: OptionalString,
  display_name: OptionalString,
  bio_description: OptionalString,
  profile_deep_link: OptionalString,
  is_verified: OptionalBoolean,
  username: OptionalString,
  follower_count: OptionalNumber,
  following_count: OptionalNumber,
  likes_count: OptionalNumber,
  video_count: OptionalNumber,
});
export type UserPayload = z.infer<typeof UserSchema>;

/** TikTok's Video object. */
export const VideoSchema = z.object({
  id: z.string().min(1),
  create_time: Numberish,
  cover_image_url: OptionalString,
  share_url: OptionalString,
  video_description: OptionalString,
  duration: OptionalNumber,
  height: OptionalNumber,
  width: OptionalNumber,
  title: OptionalString,
  embed_html: OptionalString,
  embed_link: OptionalString,
  like_count: OptionalNumber,
  comment_count: OptionalNumber,
  share_count: OptionalNumber,
  view_count: OptionalNumber,
});
export type VideoPayload = z.infer<typeof VideoSchema>;

export const UserInfoResponseSchema = envelope(z.object({ user: UserSchema }));

export const VideoListResponseSchema = envelope(
  z
    .object({ videos: z.array(VideoSchema).nullish(), cursor: Numberish.nullish(), has_more: z.boolean() })
    // Without a cursor a caller told "there is more" could not ask for it.
    .refine((data) => !data.has_more || typeof data.cursor === "number", { path: ["cursor"], message: "required" }),
);

export const VideoQueryResponseSchema = envelope(z.object({ videos: z.array(VideoSchema).nullish() }));

/** oEmbed is validated only as a JSON object here; the sanitizer package checks its members. */
export const OEmbedResponseSchema = z.record(z.string(), z.unknown());

/** The bits of any JSON body that say "this is an error", in either of TikTok's two shapes. */
export const ErrorBodySchema = z.object({
  error: z
    .union([
      z.string(),
      z.object({ code: z.string(), message: z.string().nullish(), log_id: z.string().nullish() }).loose(),
    ])
    .optional(),
  error_description: z.string().nullish(),
  log_id: z.string().nullish(),
});
