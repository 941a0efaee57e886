import { z } from "zod";

// Raw bounds, checked before any parsing: generous against what TikTok sends, small enough that a hostile payload
// cannot make the sanitizer work hard. The embed HTML itself is bounded by the policy (`html_too_large`).
const RAW_TEXT_MAX = 10_000;
const RAW_NAME_MAX = 1_000;
const RAW_URL_MAX = 4_096;

/** TikTok sends the frame size as a string such as "100%"; a number or pixel string is tolerated too. */
const FrameSizeSchema = z.union([z.string().regex(/^\d{1,5}(?:%|px)?$/), z.number().int().min(0).max(100_000)]);
const ThumbnailSizeSchema = z.number().int().min(0).max(100_000);

/** A TikTok video id: a decimal string. */
export const VideoIdSchema = z.string().regex(/^\d{1,32}$/);

/** A TikTok handle without the `@`. */
export const UniqueIdSchema = z.string().regex(/^[A-Za-z0-9_.]{1,64}$/);

/**
 * The shape of a TikTok oEmbed response as received. Only types and raw sizes are checked
 * here; URLs, markup and text are checked by `sanitizeOEmbed`. Unknown members are stripped.
 */
export const OEmbedPayloadSchema = z.object({
  version: z.literal("1.0"),
  type: z.literal("video"),
  title: z.string().max(RAW_TEXT_MAX),
  author_name: z.string().max(RAW_NAME_MAX),
  author_url: z.string().max(RAW_URL_MAX),
  author_unique_id: UniqueIdSchema.optional(),
  html: z.string().min(1),
  width: FrameSizeSchema,
  height: FrameSizeSchema,
  thumbnail_url: z.string().max(RAW_URL_MAX).optional(),
  thumbnail_width: ThumbnailSizeSchema.optional(),
  thumbnail_height: ThumbnailSizeSchema.optional(),
  provider_name: z.literal("TikTok"),
  provider_url: z.string().max(RAW_URL_MAX),
  embed_product_id: VideoIdSchema,
  embed_type: z
    .string()
    .regex(/^[a-z_]{1,32}$/)
    .optional(),
});

/** A TikTok oEmbed response whose members have the expected types. */
export type OEmbedPayload = z.infer<typeof OEmbedPayloadSchema>;

/** The frame size as TikTok sent it. */
export type FrameSize = z.infer<typeof FrameSizeSchema>;

export { FrameSizeSchema, ThumbnailSizeSchema };
