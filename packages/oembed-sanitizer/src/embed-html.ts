import { canonicalEmbedHtml } from "./embed-canonical";
import { findEmbedViolation } from "./embed-detect";
import { DEFAULT_SANITIZER_POLICY, type SanitizerPolicy } from "./policy";
import type { EmbedHtmlRejectionReason } from "./reasons";

/** The canonical embed markup, or the first rule the markup broke. */
export type EmbedHtmlResult = { ok: true; html: string } | { ok: false; reason: EmbedHtmlRejectionReason };

/**
 * Validates oEmbed `html` for the video `videoId` and returns its canonical stored form. Markup that breaks any
 * rule is rejected, never cleaned: a script other than TikTok's embed.js, styles beyond the blockquote's size,
 * event handlers, non-https or off-allowlist URLs, unknown elements, comments, or markup hidden in entities.
 */
export function sanitizeEmbedHtml(
  html: string,
  videoId: string,
  policy: SanitizerPolicy = DEFAULT_SANITIZER_POLICY,
): EmbedHtmlResult {
  if (html.length > policy.maxHtmlLength) return { ok: false, reason: "html_too_large" };
  const violation = findEmbedViolation(html, videoId, policy);
  if (violation !== undefined) return { ok: false, reason: violation };
  return { ok: true, html: canonicalEmbedHtml(html, videoId, policy) };
}
