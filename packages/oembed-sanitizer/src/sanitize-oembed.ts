import type { z } from "zod";
import { rememberCanonical } from "./canonical-memo";
import { sanitizeEmbedHtml } from "./embed-html";
import { OEmbedPayloadSchema } from "./payload-schema";
import { sanitizePlainText } from "./plain-text";
import { DEFAULT_SANITIZER_POLICY, type SanitizerPolicy } from "./policy";
import { OEMBED_FIELDS, type SanitizerRejectionReason } from "./reasons";
import type { SanitizedOEmbed } from "./sanitized-schema";
import { checkAuthorUrl, checkProviderUrl } from "./tiktok-urls";
import { checkHttpsUrl, mediaHostMatcher } from "./url";

/** Options of {@link sanitizeOEmbed}. */
export interface SanitizeOEmbedOptions {
  /** Host allowlists and limits; defaults to `DEFAULT_SANITIZER_POLICY`. */
  policy?: SanitizerPolicy;
}

/** A sanitized oEmbed ready to store, or the rule the payload broke (for the `tiktok.sanitizer.rejected` counter). */
export type SanitizeOEmbedResult =
  | { ok: true; value: SanitizedOEmbed }
  | { ok: false; reason: SanitizerRejectionReason };

const reject = (reason: SanitizerRejectionReason): SanitizeOEmbedResult => ({ ok: false, reason });

function payloadReason(error: z.ZodError): SanitizerRejectionReason {
  const field = error.issues[0]?.path[0];
  return (OEMBED_FIELDS as readonly unknown[]).includes(field)
    ? (`invalid_payload:${field as (typeof OEMBED_FIELDS)[number]}` as const)
    : "invalid_payload";
}

/**
 * Validates a TikTok oEmbed response and returns what may be stored: canonical embed HTML, plain-text title and
 * author name, allowlisted URLs. A payload that breaks any rule is rejected with the rule's name, never cleaned
 * into something storable. Pure: no I/O, no clock, no randomness.
 */
export function sanitizeOEmbed(payload: unknown, options: SanitizeOEmbedOptions = {}): SanitizeOEmbedResult {
  const policy = options.policy ?? DEFAULT_SANITIZER_POLICY;
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return reject("invalid_payload");
  const parsed = OEmbedPayloadSchema.safeParse(payload);
  if (!parsed.success) return reject(payloadReason(parsed.error));
  const input = parsed.data;
  const embed = sanitizeEmbedHtml(input.html, input.embed_product_id, policy);
  if (!embed.ok) return embed;
  const author = checkAuthorUrl(input.author_url, policy);
  if (!author.ok) return author;
  if (input.author_unique_id !== undefined && input.author_unique_id !== author.handle) {
    return reject("invalid_payload:author_unique_id");
  }
  const provider = checkProviderUrl(input.provider_url, policy);
  if (!provider.ok) return provider;
  let thumbnailUrl: string | undefined;
  if (input.thumbnail_url !== undefined) {
    const thumbnail = checkHttpsUrl(input.thumbnail_url, mediaHostMatcher(policy), policy.maxUrlLength);
    if (!thumbnail.ok) return thumbnail;
    thumbnailUrl = thumbnail.url.href;
  }
  const value: SanitizedOEmbed = {
    videoId: input.embed_product_id,
    version: input.version,
    type: input.type,
    title: sanitizePlainText(input.title, { maxLength: policy.maxTitleLength }),
    authorName: sanitizePlainText(input.author_name, { maxLength: policy.maxAuthorNameLength }),
    authorUrl: author.href,
    html: embed.html,
    width: input.width,
    height: input.height,
    providerName: input.provider_name,
    providerUrl: provider.href,
  };
  if (input.embed_type !== undefined) value.embedType = input.embed_type;
  if (input.author_unique_id !== undefined) value.authorUniqueId = input.author_unique_id;
  if (thumbnailUrl !== undefined) {
    value.thumbnailUrl = thumbnailUrl;
    if (input.thumbnail_width !== undefined) value.thumbnailWidth = input.thumbnail_width;
    if (input.thumbnail_height !== undefined) value.thumbnailHeight = input.thumbnail_height;
  }
  rememberCanonical(policy, value.html, value.videoId);
  return { ok: true, value };
}
