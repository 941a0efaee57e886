import { z } from "zod";
import { isRememberedCanonical } from "./canonical-memo";
import { sanitizeEmbedHtml } from "./embed-html";
import { FrameSizeSchema, ThumbnailSizeSchema, UniqueIdSchema, VideoIdSchema } from "./payload-schema";
import { isSanitizedPlainText } from "./plain-text";
import { DEFAULT_SANITIZER_POLICY, type SanitizerPolicy } from "./policy";
import { checkAuthorUrl, checkProviderUrl } from "./tiktok-urls";
import { sanitizeMediaUrl } from "./url";

/**
 * Builds the schema of a stored oEmbed for `policy`. Beyond types, it requires every member to already be in the
 * canonical form the sanitizer produces (re-sanitizing changes nothing), so a repository that validates with it
 * can only persist sanitized embeds.
 */
export function createSanitizedOEmbedSchema(policy: SanitizerPolicy = DEFAULT_SANITIZER_POLICY) {
  return z
    .object({
      videoId: VideoIdSchema,
      version: z.literal("1.0"),
      type: z.literal("video"),
      embedType: z
        .string()
        .regex(/^[a-z_]{1,32}$/)
        .optional(),
      title: z.string().max(policy.maxTitleLength),
      authorName: z.string().max(policy.maxAuthorNameLength),
      authorUrl: z.string().max(policy.maxUrlLength),
      authorUniqueId: UniqueIdSchema.optional(),
      html: z.string().min(1).max(policy.maxHtmlLength),
      width: FrameSizeSchema,
      height: FrameSizeSchema,
      thumbnailUrl: z.string().max(policy.maxUrlLength).optional(),
      thumbnailWidth: ThumbnailSizeSchema.optional(),
      thumbnailHeight: ThumbnailSizeSchema.optional(),
      providerName: z.literal("TikTok"),
      providerUrl: z.string().max(policy.maxUrlLength),
    })
    .superRefine((value, ctx) => {
      const notCanonical = (path: string) =>
        ctx.addIssue({ code: "custom", path: [path], message: `${path} is not in sanitized canonical form` });
      if (!isRememberedCanonical(policy, value.html, value.videoId)) {
        const html = sanitizeEmbedHtml(value.html, value.videoId, policy);
        if (!html.ok || html.html !== value.html) notCanonical("html");
      }
      const author = checkAuthorUrl(value.authorUrl, policy);
      if (!author.ok || author.href !== value.authorUrl) notCanonical("authorUrl");
      const provider = checkProviderUrl(value.providerUrl, policy);
      if (!provider.ok || provider.href !== value.providerUrl) notCanonical("providerUrl");
      if (value.thumbnailUrl !== undefined && sanitizeMediaUrl(value.thumbnailUrl, policy) !== value.thumbnailUrl) {
        notCanonical("thumbnailUrl");
      }
      if (!isSanitizedPlainText(value.title, { maxLength: policy.maxTitleLength })) notCanonical("title");
      if (!isSanitizedPlainText(value.authorName, { maxLength: policy.maxAuthorNameLength }))
        notCanonical("authorName");
    });
}

/** The shared schema of a stored (sanitized) TikTok oEmbed under the default policy. */
export const SanitizedOEmbedSchema = createSanitizedOEmbedSchema();

/** A TikTok oEmbed after sanitizing: plain-text title and author, canonical embed HTML, allowlisted URLs. */
export type SanitizedOEmbed = z.infer<typeof SanitizedOEmbedSchema>;
