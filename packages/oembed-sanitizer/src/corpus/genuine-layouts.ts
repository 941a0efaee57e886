import { BASE_PARTS, buildPayload } from "./build";
import { defaultThumbnail, type GenuineCase, link, size, video } from "./genuine-support";

const classicHtml =
  '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@paws.and.pixels/video/6718335390845095173" data-video-id="6718335390845095173" style="max-width: 605px;min-width: 325px;" > <section> <a target="_blank" title="@paws.and.pixels" href="https://www.tiktok.com/@paws.and.pixels">@paws.and.pixels</a> <p>Guess my dog&#39;s name 🐶 <a title="petsoftiktok" target="_blank" href="https://www.tiktok.com/tag/petsoftiktok">#PetsOfTikTok</a> <a title="dog" target="_blank" href="https://www.tiktok.com/tag/dog">#dog</a></p> <a target="_blank" title="♬ original sound - paws.and.pixels" href="https://www.tiktok.com/music/original-sound-6718335390845095000">♬ original sound - paws.and.pixels</a> </section> </blockquote> <script async src="https://www.tiktok.com/embed.js"></script>';

const prettyHtml = `<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@Chef_Mara/video/7199887766554433221" data-video-id="7199887766554433221" data-embed-from="oembed" style="max-width:605px; min-width:325px">
  <section>
    <a target="_blank" title="@Chef_Mara" href="https://www.tiktok.com/@Chef_Mara?refer=embed">@Chef_Mara</a>
    <p>3 ingredients, 10 minutes</p>
  </section>
</blockquote>
<script async src="https://www.tiktok.com/embed.js"></script>
`;

/** Genuine embeds in the layouts TikTok has sent over time. */
export const GENUINE_LAYOUTS: readonly GenuineCase[] = [
  {
    name: "classic layout without data-embed-from or refer, hashtags and music",
    payload: buildPayload(
      { handle: "paws.and.pixels", videoId: "6718335390845095173" },
      {
        title: "Guess my dog's name 🐶 #PetsOfTikTok #dog",
        author_name: "Paws & Pixels",
        thumbnail_url: "https://p16.muscdn.com/obj/musically-maliva-obj/1639238998405126",
      },
      classicHtml,
    ),
    expected: {
      title: "Guess my dog's name 🐶 #PetsOfTikTok #dog",
      authorName: "Paws & Pixels",
      authorUrl: "https://www.tiktok.com/@paws.and.pixels",
      thumbnailUrl: "https://p16.muscdn.com/obj/musically-maliva-obj/1639238998405126",
      blockquote: {
        class: "tiktok-embed",
        cite: video("paws.and.pixels", "6718335390845095173"),
        "data-video-id": "6718335390845095173",
        style: size,
      },
      links: [
        link("https://www.tiktok.com/@paws.and.pixels", "@paws.and.pixels", "@paws.and.pixels"),
        link("https://www.tiktok.com/tag/petsoftiktok", "petsoftiktok", "#PetsOfTikTok"),
        link("https://www.tiktok.com/tag/dog", "dog", "#dog"),
        link(
          "https://www.tiktok.com/music/original-sound-6718335390845095000",
          "♬ original sound - paws.and.pixels",
          "♬ original sound - paws.and.pixels",
        ),
      ],
      caption: "Guess my dog's name 🐶 #PetsOfTikTok #dog",
    },
  },
  {
    name: "newer layout with data-embed-from and ?refer=embed on every link",
    payload: buildPayload(BASE_PARTS),
    expected: {
      title: "a caption",
      authorName: "corpus.creator",
      authorUrl: "https://www.tiktok.com/@corpus.creator",
      thumbnailUrl: "https://p16-sign-va.tiktokcdn.com/obj/tos-maliva-p-0068/7312345678901234567~tplv-noop.image",
      blockquote: {
        class: "tiktok-embed",
        cite: video("corpus.creator", "7312345678901234567"),
        "data-video-id": "7312345678901234567",
        "data-embed-from": "oembed",
        style: size,
      },
      links: [
        link("https://www.tiktok.com/@corpus.creator?refer=embed", "@corpus.creator", "@corpus.creator"),
        link("https://www.tiktok.com/tag/running?refer=embed", "running", "#running"),
        link("https://www.tiktok.com/tag/fyp?refer=embed", "fyp", "#fyp"),
        link(
          "https://www.tiktok.com/music/original-sound-7312345678900000001?refer=embed",
          "♬ original sound - corpus.creator",
          "♬ original sound - corpus.creator",
        ),
      ],
      caption: "Morning run by the lake #running #fyp",
    },
  },
  {
    name: "unicode and emoji caption with a non-Latin sound title",
    payload: buildPayload(
      {
        handle: "yuki_morning",
        videoId: "7234567890123456789",
        embedFrom: "oembed",
        linkSuffix: "?refer=embed",
        caption: "Café ☕️ au lait — 早上好 🌅 👩‍👩‍👧 ",
        tags: ["morningroutine"],
        music: { title: "オリジナル楽曲 - yuki", slug: "オリジナル楽曲-7234567890000000002" },
      },
      {
        title: "Café ☕️ au lait — 早上好 🌅 👩‍👩‍👧 #morningroutine",
        author_name: "ゆき 🌸",
        thumbnail_url:
          "https://p19-sign.tiktokcdn-us.com/tos-useast5-p-0068-tx/abc~tplv-photomode-video-cover:480:480.jpeg?x-expires=1700000000&x-signature=Ab%2Bc%3D",
      },
    ),
    expected: {
      title: "Café ☕️ au lait — 早上好 🌅 👩‍👩‍👧 #morningroutine",
      authorName: "ゆき 🌸",
      authorUrl: "https://www.tiktok.com/@yuki_morning",
      thumbnailUrl:
        "https://p19-sign.tiktokcdn-us.com/tos-useast5-p-0068-tx/abc~tplv-photomode-video-cover:480:480.jpeg?x-expires=1700000000&x-signature=Ab%2Bc%3D",
      blockquote: {
        class: "tiktok-embed",
        cite: video("yuki_morning", "7234567890123456789"),
        "data-video-id": "7234567890123456789",
        "data-embed-from": "oembed",
        style: size,
      },
      links: [
        link("https://www.tiktok.com/@yuki_morning?refer=embed", "@yuki_morning", "@yuki_morning"),
        link("https://www.tiktok.com/tag/morningroutine?refer=embed", "morningroutine", "#morningroutine"),
        link(
          "https://www.tiktok.com/music/%E3%82%AA%E3%83%AA%E3%82%B8%E3%83%8A%E3%83%AB%E6%A5%BD%E6%9B%B2-7234567890000000002?refer=embed",
          "♬ オリジナル楽曲 - yuki",
          "♬ オリジナル楽曲 - yuki",
        ),
      ],
      caption: "Café ☕️ au lait — 早上好 🌅 👩‍👩‍👧 #morningroutine",
    },
  },
  {
    name: "quotes, ampersands and a heart written with entities in the caption",
    payload: buildPayload(
      {
        ...BASE_PARTS,
        videoId: "7300000000000000001",
        tags: [],
        music: null,
        caption: "&quot;Best&quot; &amp; &#39;worst&#39; tips &lt;3 — 5 &gt; 3 &amp;amp; more",
      },
      { title: "\"Best\" & 'worst' tips <3 — 5 > 3 &amp; more", author_name: "Q&amp;A Club" },
    ),
    expected: {
      title: "\"Best\" & 'worst' tips <3 — 5 > 3 & more",
      authorName: "Q&A Club",
      authorUrl: "https://www.tiktok.com/@corpus.creator",
      thumbnailUrl: defaultThumbnail("7300000000000000001"),
      blockquote: {
        class: "tiktok-embed",
        cite: video("corpus.creator", "7300000000000000001"),
        "data-video-id": "7300000000000000001",
        "data-embed-from": "oembed",
        style: size,
      },
      links: [link("https://www.tiktok.com/@corpus.creator?refer=embed", "@corpus.creator", "@corpus.creator")],
      caption: "\"Best\" & 'worst' tips <3 — 5 > 3 &amp; more",
    },
  },
  {
    name: "pretty-printed layout with unusual style spacing and no music",
    payload: buildPayload(
      { handle: "Chef_Mara", videoId: "7199887766554433221" },
      { title: "3 ingredients, 10 minutes", author_name: "Chef Mara" },
      prettyHtml,
    ),
    expected: {
      title: "3 ingredients, 10 minutes",
      authorName: "Chef Mara",
      authorUrl: "https://www.tiktok.com/@Chef_Mara",
      thumbnailUrl: defaultThumbnail("7199887766554433221"),
      blockquote: {
        class: "tiktok-embed",
        cite: video("Chef_Mara", "7199887766554433221"),
        "data-video-id": "7199887766554433221",
        "data-embed-from": "oembed",
        style: size,
      },
      links: [link("https://www.tiktok.com/@Chef_Mara?refer=embed", "@Chef_Mara", "@Chef_Mara")],
      caption: "3 ingredients, 10 minutes",
    },
  },
];
