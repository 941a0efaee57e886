import type { SanitizerPolicy } from "./policy";
import type { EmbedHtmlRejectionReason } from "./reasons";
import { checkHttpsUrl, exactHostMatcher } from "./url";

/** The elements a stored embed may contain, each with the parents it may appear under (`""` is the top level). */
export const EMBED_ELEMENT_PARENTS: Readonly<Record<string, readonly string[]>> = {
  blockquote: [""],
  section: ["blockquote"],
  p: ["section"],
  a: ["section", "p"],
};

/** The attributes kept per element; every other harmless attribute is dropped. */
export const EMBED_KEPT_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  blockquote: ["class", "cite", "data-video-id", "data-embed-from", "style"],
  section: [],
  p: [],
  a: ["href", "title", "target"],
};

/** The class the blockquote must carry; TikTok's embed.js looks for it. */
export const EMBED_CLASS = "tiktok-embed";

const SAFE_ATTRIBUTE_NAME = /^[a-z][a-z0-9-]*$/;
// Attributes that take a URL or change how the browser treats the element. Seeing one outside the kept set means
// the markup is not TikTok's, so the payload is rejected rather than quietly cleaned.
const URL_ATTRIBUTE =
  /(?:href|src|srcset|action|uri|url)$|^(?:cite|data|codebase|background|poster|ping|manifest|longdesc|usemap|content|values|to|from|by|dynsrc|lowsrc|archive|classid|profile)$/;
const ACTIVE_ATTRIBUTE =
  /^(?:srcdoc|xmlns|is|http-equiv|form|formtarget|formmethod|formenctype|formnovalidate|contenteditable|autofocus|popover|popovertarget|popovertargetaction|attributename|begin|end|dur|repeatcount)$/;
const VIDEO_URL_PATH = /^\/@[A-Za-z0-9_.]{1,64}\/video\/(\d{1,32})\/?$/;
const EMBED_FROM = /^[a-z_-]{1,32}$/;
const MARKUP_START = /<[a-zA-Z!/?]/;

/** True when decoded text or an attribute value would start a tag if it were ever decoded or pasted as HTML. */
export function containsMarkup(value: string): boolean {
  return MARKUP_START.test(value);
}

/** True for any attribute whose name says it is a URL slot. */
export function isUrlAttribute(name: string): boolean {
  return URL_ATTRIBUTE.test(name);
}

/** Classifies an attribute that is not kept on its element: a rejection reason, or `undefined` to drop it. */
export function classifyUnkeptAttribute(name: string): EmbedHtmlRejectionReason | undefined {
  if (name === "style") return "disallowed_css";
  if (!SAFE_ATTRIBUTE_NAME.test(name) || URL_ATTRIBUTE.test(name) || ACTIVE_ATTRIBUTE.test(name)) {
    return "disallowed_attribute";
  }
  return undefined;
}

type LinkCheck = { ok: true; href: string } | { ok: false; reason: EmbedHtmlRejectionReason };

/** Checks an `a[href]`: https on an embed host, with a profile, video, tag or music path. */
export function checkEmbedLink(value: string, policy: SanitizerPolicy): LinkCheck {
  const check = checkHttpsUrl(value, exactHostMatcher(policy.embedHosts), policy.maxUrlLength);
  if (!check.ok) return check;
  if (!policy.embedLinkPaths.some((path) => path.test(check.url.pathname))) {
    return { ok: false, reason: "disallowed_url_path" };
  }
  return { ok: true, href: check.url.href };
}

/** Checks the blockquote's `cite`: the video's own URL on an embed host, for the expected video id. */
export function checkEmbedCite(value: string, videoId: string, policy: SanitizerPolicy): LinkCheck {
  const check = checkHttpsUrl(value, exactHostMatcher(policy.embedHosts), policy.maxUrlLength);
  if (!check.ok) return check;
  const match = VIDEO_URL_PATH.exec(check.url.pathname);
  if (match === null) return { ok: false, reason: "disallowed_url_path" };
  if (match[1] !== videoId) return { ok: false, reason: "video_id_mismatch" };
  return { ok: true, href: check.url.href };
}

/** The `data-embed-from` value to keep, or `undefined` to drop an odd one. */
export function keptEmbedFrom(value: string | undefined): string | undefined {
  return value !== undefined && EMBED_FROM.test(value) ? value : undefined;
}

/** True when the class list holds the TikTok embed class (other classes are dropped). */
export function hasEmbedClass(value: string): boolean {
  return value.split(/[\t\n\f\r ]+/).includes(EMBED_CLASS);
}
