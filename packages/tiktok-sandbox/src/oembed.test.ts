import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSandbox } from "./test-support";
import type { SandboxVideo, TikTokSandbox } from "./types";

let sbx: TikTokSandbox;
let video: SandboxVideo;
beforeAll(async () => {
  sbx = await startSandbox();
  const creator = sbx.scenario.addCreator({ username: "sbx.tester", displayName: "Tester <b>&</b>" });
  [video] = sbx.scenario.addVideos(creator.openId, [
    {
      id: "7300000000000000001",
      description: "Glaze day & more <3 #pottery #Céramique_2",
      soundTitle: "original sound - sbx.tester",
      soundId: "7300000000000000002",
    },
  ]) as [SandboxVideo];
});
afterEach(() => sbx.scenario.clearFaults());
afterAll(() => sbx.close());

const oembed = (url: string) => fetch(`${sbx.url}/oembed?url=${encodeURIComponent(url)}`);

describe("GET /oembed", () => {
  it("answers TikTok's oEmbed JSON", async () => {
    const response = await oembed(video.url);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      version: "1.0",
      type: "video",
      title: "Glaze day & more <3 #pottery #Céramique_2",
      author_url: "https://www.tiktok.com/@sbx.tester",
      author_name: "Tester <b>&</b>",
      author_unique_id: "sbx.tester",
      width: "100%",
      height: "100%",
      thumbnail_width: 1080,
      thumbnail_height: 1920,
      provider_url: "https://www.tiktok.com",
      provider_name: "TikTok",
      embed_product_id: "7300000000000000001",
      embed_type: "video",
    });
    expect(new URL(body.thumbnail_url as string).host).toBe("p16-sign.tiktokcdn-us.com");
    expect(body.html).toBe(
      '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@sbx.tester/video/7300000000000000001" ' +
        'data-video-id="7300000000000000001" data-embed-from="oembed" style="max-width: 605px;min-width: 325px;">' +
        '<section><a target="_blank" title="@sbx.tester" href="https://www.tiktok.com/@sbx.tester?refer=embed">@sbx.tester</a>' +
        "<p>Glaze day &amp; more &lt;3 " +
        '<a title="pottery" target="_blank" href="https://www.tiktok.com/tag/pottery?refer=embed">#pottery</a> ' +
        '<a title="Céramique_2" target="_blank" href="https://www.tiktok.com/tag/C%C3%A9ramique_2?refer=embed">#Céramique_2</a></p>' +
        '<a target="_blank" title="♬ original sound - sbx.tester" ' +
        'href="https://www.tiktok.com/music/original-sound-sbx-tester-7300000000000000002?refer=embed">♬ original sound - sbx.tester</a>' +
        '</section></blockquote> <script async src="https://www.tiktok.com/embed.js"></script>',
    );
  });

  it("puts only www.tiktok.com URLs in the markup, never the sandbox's own", async () => {
    const body = await (await oembed(video.url)).text();
    const html = (JSON.parse(body) as { html: string }).html;
    expect(new Set([...html.matchAll(/https?:\/\/[^/"]+/g)].map((m) => m[0]))).toEqual(
      new Set(["https://www.tiktok.com"]),
    );
    expect(body).not.toContain(new URL(sbx.url).host);
  });

  it("accepts the share_url form (query string) and the bare tiktok.com host", async () => {
    expect((await oembed(`${video.url}?utm_campaign=tt4d_open_api&utm_source=sbx_client_key`)).status).toBe(200);
    expect((await oembed(video.url.replace("www.", ""))).status).toBe(200);
  });

  it("404s unknown and private videos, 400s what is not a video URL", async () => {
    const mei = sbx.scenario.creators().find((c) => c.username === "mei.runs");
    const hidden = sbx.scenario.videos(mei?.openId ?? "").find((v) => v.visibility === "private");
    for (const [url, status] of [
      ["https://www.tiktok.com/@sbx.tester/video/7399999999999999999", 404],
      [hidden?.url ?? "", 404],
      ["https://evil.example/@sbx.tester/video/7300000000000000001", 400],
      ["https://www.tiktok.com/@sbx.tester", 400],
      ["", 400],
    ] as const) {
      const response = await oembed(url);
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ code: status, message: expect.any(String) });
    }
  });
});

describe("oEmbed faults", () => {
  it("serves hostile markup for a chosen video only", async () => {
    const other = sbx.scenario.videos(sbx.scenario.creators()[0]?.openId ?? "")[0] as SandboxVideo;
    sbx.scenario.setFaults({ hostileOembed: { [video.id]: "script" } });
    const hostile = (await (await oembed(video.url)).json()) as Record<string, string>;
    expect(hostile.html).toMatch(/<script>fetch\("https:\/\/evil\.example/);
    const clean = (await (await oembed(other.url)).json()) as Record<string, string>;
    expect(clean.html).not.toContain("evil.example");
    expect(sbx.scenario.requests().at(-2)?.fault).toBe("hostile_oembed");
  });

  it.each([
    ["event-handler", /onerror="alert/],
    ["javascript-url", /href="javascript:alert/],
    ["foreign-iframe", /<iframe src="https:\/\/evil\.example\/embed"/],
  ] as const)("%s variant", async (kind, pattern) => {
    sbx.scenario.setFaults({ hostileOembed: { [video.id]: kind } });
    expect(((await (await oembed(video.url)).json()) as { html: string }).html).toMatch(pattern);
  });

  it("'all' also poisons title, author fields and thumbnail; explicit overrides win", async () => {
    sbx.scenario.setFaults({ hostileOembed: { [video.id]: "all" } });
    const all = (await (await oembed(video.url)).json()) as Record<string, string>;
    expect(all.title).toContain("onerror=");
    expect(all.author_name).toContain("<script>");
    expect(all.author_url).toBe("javascript:alert(1)");
    expect(all.thumbnail_url).toMatch(/^https:\/\/evil\.example/);
    expect(all.html).toMatch(/<script>fetch/);
    sbx.scenario.setFaults({ hostileOembed: { [video.id]: { html: "<svg onload=alert(1)>" } } });
    expect(((await (await oembed(video.url)).json()) as { html: string }).html).toBe("<svg onload=alert(1)>");
  });

  it("fails the next N calls, or only chosen videos", async () => {
    sbx.scenario.setFaults({ oembedFailures: { count: 2, status: 503 } });
    expect([
      (await oembed(video.url)).status,
      (await oembed(video.url)).status,
      (await oembed(video.url)).status,
    ]).toEqual([503, 503, 200]);
    const other = sbx.scenario.videos(sbx.scenario.creators()[0]?.openId ?? "")[0] as SandboxVideo;
    sbx.scenario.setFaults({ oembedFailures: { videoIds: [video.id], status: 500 } });
    expect((await oembed(video.url)).status).toBe(500);
    expect((await oembed(video.url)).status).toBe(500);
    expect((await oembed(other.url)).status).toBe(200);
  });
});
