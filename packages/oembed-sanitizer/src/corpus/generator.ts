import { createRandom } from "@trendpot/tiktok-sandbox";
import { buildEmbedHtml, buildPayload, EMBED_SCRIPT, type EmbedParts } from "./build";

/** A generated payload and whether a hostile fragment was planted in it (then it must be rejected). */
export interface GeneratedPayload {
  payload: Record<string, unknown>;
  hostile: boolean;
}

// Caption pieces as TikTok would escape them; each ends so that no entity can run into a letter and spell a tag.
const CAPTION_TOKENS = [
  "morning",
  "run",
  "Café",
  "naïve",
  "早上好",
  "مرحبا",
  "שלום",
  "🔥",
  "👩‍💻",
  "🏳️‍🌈",
  "☕️",
  "&amp; ",
  "&quot;quoted&quot;",
  "&#39;single&#39;",
  "&lt;3 ",
  "5 &gt; 3",
  "&#x1F600;",
  "tabs\tand\nlines",
  "  ",
  "100%",
  "#not-a-link",
  "@mention",
  "a/b",
  "x=y",
  '"raw quotes"',
  "'apostrophe'",
  "…",
  "&nbsp;",
];
const TAGS = ["fyp", "dance", "café", "learnontiktok", "food", "日本", "a_b", "x1"];
const HANDLE_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_.";

// Each planted fragment breaks a rule; where it goes decides which part of the embed it attacks.
const HOSTILE_CAPTION = [
  "<img src=x onerror=alert(1)>",
  "<script>alert(1)</script>",
  "&lt;svg onload=alert(1)&gt;",
  "<!-- x -->",
  '<a href="javascript:alert(1)">x</a>',
  '<a href="https://evil.example/">x</a>',
  "<iframe src=//evil.example>",
  "<style>*{}</style>",
  '<a title="x" style="color:red">x</a>',
  "<svg><a>x</a></svg>",
  "<math></math>",
  '<a href="//evil.example">x</a>',
  '<a href="https://www.tiktok.com@evil.example/@x">x</a>',
  "<div>x</div>",
];
const HOSTILE_BLOCKQUOTE = [' onclick="alert(1)"', ' xmlns="http://www.w3.org/2000/svg"', ' background="x"'];
const HOSTILE_STYLE = ["max-width: 605px; background: url(x)", "width: expression(alert(1))", "position: fixed"];
const HOSTILE_TRAILER = ['<script src="https://evil.example/embed.js"></script>', "<base href=https://evil.example/>"];
const BENIGN_BLOCKQUOTE = ["", "", ' data-e2e="embed"', ' id="e1"', ' lang="en"'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function handle(random: () => number): string {
  const length = 3 + Math.floor(random() * 18);
  let result = pick(random, [..."abcdefghijklmnopqrstuvwxyz"]);
  while (result.length < length) result += pick(random, [...HANDLE_CHARS]);
  return result;
}

function prefix(text: string, codePoints: number): string {
  return [...text].slice(0, codePoints).join("");
}

function caption(random: () => number): string {
  const count = Math.floor(random() * 12);
  return Array.from({ length: count }, () => pick(random, CAPTION_TOKENS)).join(" ");
}

function benignParts(random: () => number): EmbedParts {
  const px = () => `${200 + Math.floor(random() * 800)}px`;
  return {
    handle: handle(random),
    videoId: `7${Array.from({ length: 18 }, () => Math.floor(random() * 10)).join("")}`,
    embedFrom: random() < 0.5 ? "oembed" : null,
    linkSuffix: random() < 0.5 ? "?refer=embed" : "",
    style: pick(random, [`max-width: ${px()};min-width: ${px()};`, `min-width:${px()}`, null]),
    caption: `${caption(random)} `,
    tags: Array.from({ length: Math.floor(random() * 5) }, () => pick(random, TAGS)),
    music:
      random() < 0.6
        ? { title: `original sound - ${prefix(caption(random), 40)}`, slug: "original-sound-7000000000000000001" }
        : null,
    blockquoteExtra: pick(random, BENIGN_BLOCKQUOTE),
    trailer: random() < 0.8 ? EMBED_SCRIPT : "",
  };
}

function plantHostile(random: () => number, parts: EmbedParts): EmbedParts {
  switch (Math.floor(random() * 4)) {
    case 0:
      return { ...parts, caption: `${parts.caption ?? ""}${pick(random, HOSTILE_CAPTION)} ` };
    case 1:
      return { ...parts, blockquoteExtra: pick(random, HOSTILE_BLOCKQUOTE) };
    case 2:
      return { ...parts, style: pick(random, HOSTILE_STYLE) };
    default:
      return { ...parts, trailer: pick(random, HOSTILE_TRAILER) };
  }
}

/**
 * Generates `count` TikTok-shaped payloads from `seed`: varied captions (entities, emoji, RTL text, whitespace),
 * tags, music, sizes and harmless extra attributes, with a hostile fragment planted in about `hostileShare` of them.
 */
export function generatePayloads(seed: number, count: number, hostileShare = 0.3): GeneratedPayload[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => {
    const hostile = random() < hostileShare;
    const benign = benignParts(random);
    const parts = hostile ? plantHostile(random, benign) : benign;
    const title = caption(random);
    return { payload: buildPayload(parts, { title, author_name: prefix(title, 30) }, buildEmbedHtml(parts)), hostile };
  });
}
