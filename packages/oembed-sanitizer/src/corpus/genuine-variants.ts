import { BASE_PARTS, buildEmbedHtml, buildPayload, EMBED_SCRIPT } from "./build";
import { defaultThumbnail, type GenuineCase, link, size, video } from "./genuine-support";

/** Genuine embeds with content and formatting variations the sanitizer must normalize, not refuse. */
export const GENUINE_VARIANTS: readonly GenuineCase[] = [
  {
    name: "unicode hashtag in a raw link is stored percent-encoded",
    payload: buildPayload({
      ...BASE_PARTS,
      videoId: "7300000000000000002",
      caption: "Paris ",
      tags: ["café"],
      music: null,
    }),
    expected: {
      title: "a caption",
      authorName: "corpus.creator",
      authorUrl: "https://www.tiktok.com/@corpus.creator",
      thumbnailUrl: defaultThumbnail("7300000000000000002"),
      blockquote: {
        class: "tiktok-embed",
        cite: video("corpus.creator", "7300000000000000002"),
        "data-video-id": "7300000000000000002",
        "data-embed-from": "oembed",
        style: size,
      },
      links: [
        link("https://www.tiktok.com/@corpus.creator?refer=embed", "@corpus.creator", "@corpus.creator"),
        link("https://www.tiktok.com/tag/caf%C3%A9?refer=embed", "café", "#café"),
      ],
      caption: "Paris #café",
    },
  },
  {
    name: "harmless unknown attributes and extra classes are dropped, odd link targets too",
    payload: buildPayload(
      {
        ...BASE_PARTS,
        videoId: "7300000000000000003",
        tags: [],
        music: null,
        caption: "ok",
        blockquoteExtra: ' id="v1" lang="en" data-e2e="embed"',
      },
      {},
      buildEmbedHtml({
        ...BASE_PARTS,
        videoId: "7300000000000000003",
        tags: [],
        music: null,
        caption: "ok",
        blockquoteExtra: ' id="v1" lang="en" data-e2e="embed"',
      })
        .replace('class="tiktok-embed"', 'class="tiktok-embed  wide"')
        .replace('target="_blank"', 'target="_top" rel="opener" aria-label="profile"')
        .replace("<section>", '<section class="inner" dir="ltr">'),
    ),
    expected: {
      title: "a caption",
      authorName: "corpus.creator",
      authorUrl: "https://www.tiktok.com/@corpus.creator",
      thumbnailUrl: defaultThumbnail("7300000000000000003"),
      blockquote: {
        class: "tiktok-embed",
        cite: video("corpus.creator", "7300000000000000003"),
        "data-video-id": "7300000000000000003",
        "data-embed-from": "oembed",
        style: size,
      },
      links: [
        {
          href: "https://www.tiktok.com/@corpus.creator?refer=embed",
          title: "@corpus.creator",
          text: "@corpus.creator",
        },
      ],
      caption: "ok",
    },
  },
  {
    name: "no style, no script, extra payload members stripped, numeric frame size",
    payload: buildPayload(
      {
        ...BASE_PARTS,
        videoId: "7300000000000000004",
        style: null,
        trailer: "",
        tags: ["a1"],
        music: null,
        caption: "",
      },
      {
        width: 325,
        height: "738px",
        thumbnail_url: undefined,
        unknown_member: { nested: true },
        author_unique_id: undefined,
        embed_type: undefined,
      },
    ),
    expected: {
      title: "a caption",
      authorName: "corpus.creator",
      authorUrl: "https://www.tiktok.com/@corpus.creator",
      blockquote: {
        class: "tiktok-embed",
        cite: video("corpus.creator", "7300000000000000004"),
        "data-video-id": "7300000000000000004",
        "data-embed-from": "oembed",
      },
      links: [
        link("https://www.tiktok.com/@corpus.creator?refer=embed", "@corpus.creator", "@corpus.creator"),
        link("https://www.tiktok.com/tag/a1?refer=embed", "a1", "#a1"),
      ],
      caption: "#a1",
    },
  },
  {
    name: "uppercase scheme and host are normalized, script without async",
    payload: buildPayload({
      ...BASE_PARTS,
      videoId: "7300000000000000005",
      tags: [],
      music: null,
      caption: "caps",
      profileHref: "HTTPS://WWW.TIKTOK.COM/@corpus.creator",
      trailer: EMBED_SCRIPT.replace(" async", ""),
    }),
    expected: {
      title: "a caption",
      authorName: "corpus.creator",
      authorUrl: "https://www.tiktok.com/@corpus.creator",
      thumbnailUrl: defaultThumbnail("7300000000000000005"),
      blockquote: {
        class: "tiktok-embed",
        cite: video("corpus.creator", "7300000000000000005"),
        "data-video-id": "7300000000000000005",
        "data-embed-from": "oembed",
        style: size,
      },
      links: [link("https://www.tiktok.com/@corpus.creator", "@corpus.creator", "@corpus.creator")],
      caption: "caps",
    },
  },
  {
    name: "long caption with line breaks and many hashtags",
    payload: buildPayload(
      {
        ...BASE_PARTS,
        videoId: "7300000000000000006",
        music: null,
        caption: "Day 12 of 30\nlearning to skate 🛹\n\n",
        tags: ["skate", "skateboarding", "learning", "day12", "progress"],
      },
      { title: "Day 12 of 30\nlearning to skate 🛹\n\n#skate #skateboarding #learning #day12 #progress" },
    ),
    expected: {
      title: "Day 12 of 30 learning to skate 🛹 #skate #skateboarding #learning #day12 #progress",
      authorName: "corpus.creator",
      authorUrl: "https://www.tiktok.com/@corpus.creator",
      thumbnailUrl: defaultThumbnail("7300000000000000006"),
      blockquote: {
        class: "tiktok-embed",
        cite: video("corpus.creator", "7300000000000000006"),
        "data-video-id": "7300000000000000006",
        "data-embed-from": "oembed",
        style: size,
      },
      links: [
        link("https://www.tiktok.com/@corpus.creator?refer=embed", "@corpus.creator", "@corpus.creator"),
        ...["skate", "skateboarding", "learning", "day12", "progress"].map((tag) =>
          link(`https://www.tiktok.com/tag/${tag}?refer=embed`, tag, `#${tag}`),
        ),
      ],
      caption: "Day 12 of 30\nlearning to skate 🛹\n\n#skate #skateboarding #learning #day12 #progress",
    },
  },
];
