import type { SanitizerRejectionReason } from "../reasons";

/** The pieces of a TikTok-shaped embed; the corpora vary one piece at a time. */
export interface EmbedParts {
  handle: string;
  videoId: string;
  /** Extra attributes written into the blockquote's opening tag, after TikTok's own. */
  blockquoteExtra?: string;
  embedFrom?: string | null;
  style?: string | null;
  /** Suffix added to every link (`?refer=embed` in newer responses). */
  linkSuffix?: string;
  /** Caption HTML inside the `<p>`, already escaped as TikTok escapes it. */
  caption?: string;
  tags?: readonly string[];
  music?: { title: string; slug: string } | null;
  /** Markup after the blockquote; TikTok's embed.js script by default. */
  trailer?: string;
  /** The `cite` attribute; the video URL by default. */
  cite?: string;
  /** The `href` of the profile link; the profile URL by default. */
  profileHref?: string;
}

/** The embed.js tag TikTok appends after the blockquote. */
export const EMBED_SCRIPT = '<script async src="https://www.tiktok.com/embed.js"></script>';

const attribute = (name: string, value: string | null | undefined) =>
  value === null || value === undefined ? "" : ` ${name}="${value}"`;

/** Writes embed HTML the way TikTok's oEmbed endpoint lays it out. */
export function buildEmbedHtml(parts: EmbedParts): string {
  const suffix = parts.linkSuffix ?? "";
  const profile = `https://www.tiktok.com/@${parts.handle}`;
  const cite = parts.cite ?? `${profile}/video/${parts.videoId}`;
  const tags = (parts.tags ?? [])
    .map(
      (tag) =>
        ` <a title="${tag.toLowerCase()}" target="_blank" href="https://www.tiktok.com/tag/${tag.toLowerCase()}${suffix}">#${tag}</a>`,
    )
    .join("");
  const music =
    parts.music === null || parts.music === undefined
      ? ""
      : ` <a target="_blank" title="♬ ${parts.music.title.replaceAll('"', "&quot;")}" href="https://www.tiktok.com/music/${parts.music.slug}${suffix}">♬ ${parts.music.title}</a>`;
  const style = parts.style === undefined ? "max-width: 605px;min-width: 325px;" : parts.style;
  return (
    `<blockquote class="tiktok-embed"${attribute("cite", cite)}${attribute("data-video-id", parts.videoId)}` +
    `${attribute("data-embed-from", parts.embedFrom)}${attribute("style", style)}${parts.blockquoteExtra ?? ""}> ` +
    `<section> <a target="_blank" title="@${parts.handle}" href="${parts.profileHref ?? profile + suffix}">@${parts.handle}</a>` +
    ` <p>${parts.caption ?? ""}${tags}</p>${music} </section> </blockquote> ${parts.trailer ?? EMBED_SCRIPT}`
  );
}

/** A complete oEmbed payload around `html`, with TikTok's other members; `overrides` replaces members. */
export function buildPayload(
  parts: EmbedParts,
  overrides: Record<string, unknown> = {},
  html: string = buildEmbedHtml(parts),
): Record<string, unknown> {
  return {
    version: "1.0",
    type: "video",
    title: "a caption",
    author_url: `https://www.tiktok.com/@${parts.handle}`,
    author_name: parts.handle,
    width: "100%",
    height: "100%",
    html,
    thumbnail_width: 720,
    thumbnail_height: 1280,
    thumbnail_url: `https://p16-sign-va.tiktokcdn.com/obj/tos-maliva-p-0068/${parts.videoId}~tplv-noop.image`,
    provider_url: "https://www.tiktok.com",
    provider_name: "TikTok",
    embed_product_id: parts.videoId,
    embed_type: "video",
    author_unique_id: parts.handle,
    ...overrides,
  };
}

/** The parts of a plain, valid embed the hostile corpus starts from. */
export const BASE_PARTS: EmbedParts = {
  handle: "corpus.creator",
  videoId: "7312345678901234567",
  embedFrom: "oembed",
  linkSuffix: "?refer=embed",
  caption: "Morning run by the lake ",
  tags: ["running", "fyp"],
  music: { title: "original sound - corpus.creator", slug: "original-sound-7312345678900000001" },
};

/** A hostile payload and the rule it must be rejected under. */
export interface HostileCase {
  name: string;
  payload: unknown;
  reason: SanitizerRejectionReason;
}

/** Shorthands that place a fragment in one spot of an otherwise valid payload. */
export const place = {
  caption: (fragment: string) => buildPayload({ ...BASE_PARTS, caption: `Morning run ${fragment} ` }),
  trailer: (fragment: string) => buildPayload({ ...BASE_PARTS, trailer: fragment }),
  blockquote: (attributes: string) => buildPayload({ ...BASE_PARTS, blockquoteExtra: ` ${attributes}` }),
  link: (href: string) => place.caption(`<a title="x" target="_blank" href="${href}">x</a>`),
  profileHref: (href: string) => buildPayload({ ...BASE_PARTS, profileHref: href }),
  cite: (cite: string) => buildPayload({ ...BASE_PARTS, cite }),
  style: (style: string) => buildPayload({ ...BASE_PARTS, style }),
  html: (html: string) => buildPayload(BASE_PARTS, {}, html),
  members: (overrides: Record<string, unknown>) => buildPayload(BASE_PARTS, overrides),
};
