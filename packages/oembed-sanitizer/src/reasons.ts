/** The oEmbed members the sanitizer validates; each has its own `invalid_payload:<field>` reason. */
export const OEMBED_FIELDS = [
  "version",
  "type",
  "title",
  "author_name",
  "author_url",
  "author_unique_id",
  "html",
  "width",
  "height",
  "thumbnail_url",
  "thumbnail_width",
  "thumbnail_height",
  "provider_name",
  "provider_url",
  "embed_product_id",
  "embed_type",
] as const;

/** One member of a TikTok oEmbed response that the sanitizer knows. */
export type OEmbedField = (typeof OEMBED_FIELDS)[number];

const HTML_REASONS = [
  "html_too_large",
  "script_tag",
  "style_tag",
  "event_handler",
  "dangerous_url_scheme",
  "non_https_url",
  "malformed_url",
  "untrusted_host",
  "disallowed_url_path",
  "disallowed_element",
  "disallowed_attribute",
  "duplicate_attribute",
  "disallowed_css",
  "disallowed_markup",
  "encoded_markup",
  "invalid_embed_structure",
  "video_id_mismatch",
] as const;

const PAYLOAD_REASONS = OEMBED_FIELDS.map((field) => `invalid_payload:${field}` as const);

/**
 * Every reason `sanitizeOEmbed` can reject with. The set is closed and small, so callers can use it as the label of
 * the `tiktok.sanitizer.rejected` counter without unbounded cardinality.
 */
export const SANITIZER_REJECTION_REASONS = [...HTML_REASONS, "invalid_payload", ...PAYLOAD_REASONS] as const;

/** A rule that an oEmbed payload broke. */
export type SanitizerRejectionReason = (typeof SANITIZER_REJECTION_REASONS)[number];

/** The reasons that concern the embed markup itself (as opposed to the other payload members). */
export type EmbedHtmlRejectionReason = (typeof HTML_REASONS)[number];
