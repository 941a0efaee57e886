export { canonicalEmbedStyle } from "./css";
export { type EmbedHtmlResult, sanitizeEmbedHtml } from "./embed-html";
export {
  type FrameSize,
  type OEmbedPayload,
  OEmbedPayloadSchema,
  UniqueIdSchema,
  VideoIdSchema,
} from "./payload-schema";
export { isSanitizedPlainText, type PlainTextOptions, sanitizePlainText } from "./plain-text";
export {
  createSanitizerPolicy,
  DEFAULT_SANITIZER_POLICY,
  type SanitizerPolicy,
  type SanitizerPolicyOverrides,
} from "./policy";
export { type SanitizedProfile, sanitizeProfile } from "./profile";
export {
  type EmbedHtmlRejectionReason,
  OEMBED_FIELDS,
  type OEmbedField,
  SANITIZER_REJECTION_REASONS,
  type SanitizerRejectionReason,
} from "./reasons";
export { type SanitizeOEmbedOptions, type SanitizeOEmbedResult, sanitizeOEmbed } from "./sanitize-oembed";
export { createSanitizedOEmbedSchema, type SanitizedOEmbed, SanitizedOEmbedSchema } from "./sanitized-schema";
export { sanitizeMediaUrl, sanitizeShareUrl } from "./url";
