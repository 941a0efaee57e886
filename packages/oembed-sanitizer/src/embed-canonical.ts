import sanitizeHtml from "sanitize-html";
import { canonicalEmbedStyle } from "./css";
import { checkEmbedCite, checkEmbedLink, EMBED_CLASS, EMBED_KEPT_ATTRIBUTES, keptEmbedFrom } from "./embed-rules";
import type { SanitizerPolicy } from "./policy";

type Attributes = sanitizeHtml.Attributes;

const optionsByPolicy = new WeakMap<SanitizerPolicy, sanitizeHtml.IOptions>();

/**
 * Produces the stored form of an embed that already passed the detect pass: only the allowlisted elements and
 * attributes, attributes rebuilt in a fixed order from validated values, the embed.js script dropped (the renderer
 * adds TikTok's script itself), links given `rel="noopener noreferrer"`. Running it on its own output is a no-op.
 */
export function canonicalEmbedHtml(html: string, videoId: string, policy: SanitizerPolicy): string {
  let options = optionsByPolicy.get(policy);
  if (options === undefined) {
    options = buildOptions(policy);
    optionsByPolicy.set(policy, options);
  }
  const transformTags = { ...options.transformTags, blockquote: blockquoteTransform(videoId, policy) };
  return sanitizeHtml(html, { ...options, transformTags }).trim();
}

function buildOptions(policy: SanitizerPolicy): sanitizeHtml.IOptions {
  return {
    allowedTags: Object.keys(EMBED_KEPT_ATTRIBUTES),
    allowedAttributes: { ...EMBED_KEPT_ATTRIBUTES, a: ["href", "title", "target", "rel"] },
    allowedClasses: { blockquote: [EMBED_CLASS] },
    allowedSchemes: ["https"],
    allowedSchemesByTag: {},
    allowedSchemesAppliedToAttributes: ["href", "cite"],
    allowProtocolRelative: false,
    allowVulnerableTags: false,
    disallowedTagsMode: "discard",
    enforceHtmlBoundary: false,
    // The only style kept is rebuilt from validated pixel sizes in the transform below, so there is nothing left
    // for sanitize-html's CSS parser to check.
    parseStyleAttributes: false,
    parser: { decodeEntities: true },
    transformTags: { a: linkTransform(policy) },
  };
}

function linkTransform(policy: SanitizerPolicy): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    const out: Attributes = {};
    const href = attribs.href === undefined ? undefined : checkEmbedLink(attribs.href, policy);
    if (href?.ok) out.href = href.href;
    if (attribs.title !== undefined) out.title = attribs.title;
    if (attribs.target === "_blank") {
      out.target = "_blank";
      out.rel = "noopener noreferrer";
    }
    return { tagName, attribs: out };
  };
}

function blockquoteTransform(videoId: string, policy: SanitizerPolicy): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    const out: Attributes = { class: EMBED_CLASS };
    const cite = attribs.cite === undefined ? undefined : checkEmbedCite(attribs.cite, videoId, policy);
    if (cite?.ok) out.cite = cite.href;
    out["data-video-id"] = videoId;
    const embedFrom = keptEmbedFrom(attribs["data-embed-from"]);
    if (embedFrom !== undefined) out["data-embed-from"] = embedFrom;
    const style = attribs.style === undefined ? undefined : canonicalEmbedStyle(attribs.style);
    if (style) out.style = style;
    return { tagName, attribs: out };
  };
}
