import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { TikTokClient } from "./client";
import type { TikTokApiError } from "./errors";
import { userFieldsForScopes, VIDEO_FIELDS } from "./fields";
import type { TikTokTokenSet } from "./oauth";
import { connectCreator, type Sandbox, sandboxClient, startSandbox } from "./sandbox.test-support";
import { rejectionOf } from "./test-support";

let sandbox: Sandbox;
let client: TikTokClient;

beforeAll(async () => {
  sandbox = await startSandbox();
  client = sandboxClient(sandbox);
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.scenario.clearFaults());

async function listAll(accessToken: string, maxCount: number): Promise<{ ids: string[]; pageSizes: number[] }> {
  const ids: string[] = [];
  const pageSizes: number[] = [];
  let page = await client.listVideos(accessToken, { maxCount, fields: VIDEO_FIELDS });
  for (;;) {
    ids.push(...page.videos.map((video) => video.id));
    pageSizes.push(page.videos.length);
    if (!page.hasMore || pageSizes.length > 50) break;
    page = await client.listVideos(accessToken, { cursor: page.cursor, maxCount, fields: VIDEO_FIELDS });
  }
  return { ids, pageSizes };
}

describe("user info (sandbox)", () => {
  it("maps every field the granted scopes allow", async () => {
    const { openId, tokens } = await connectCreator(sandbox, client, 2);
    const user = await client.getUserInfo(tokens.accessToken, userFieldsForScopes(tokens.grantedScopes));
    const creator = sandbox.scenario.creators().find((c) => c.openId === openId);
    expect(user).toEqual({
      openId,
      unionId: creator?.unionId,
      avatarUrl: creator?.avatarUrl,
      avatarUrl100: creator?.avatarUrl100,
      avatarLargeUrl: creator?.avatarLargeUrl,
      displayName: creator?.displayName,
      bioDescription: creator?.bioDescription,
      profileDeepLink: creator?.profileDeepLink,
      isVerified: creator?.isVerified,
      username: creator?.username,
      followerCount: creator?.followerCount,
      followingCount: creator?.followingCount,
      likesCount: creator?.likesCount,
      videoCount: 2,
    });
  });

  it("asking for a field outside the granted scopes is a typed rejection", async () => {
    const { tokens } = await connectCreator(sandbox, client, 0, ["user.info.basic", "video.list"]);
    expect(userFieldsForScopes(tokens.grantedScopes)).not.toContain("username");
    const error = (await rejectionOf(client.getUserInfo(tokens.accessToken, ["username"]))) as TikTokApiError;
    expect(error.tiktokCode).toBe("scope_permission_missed");
    expect(error.code).toBe("TIKTOK_REQUEST_REJECTED");
    expect(error.retryable).toBe(false);
  });

  it("an unknown token is access_token_invalid", async () => {
    const error = (await rejectionOf(client.getUserInfo("act.unknown", []))) as TikTokApiError;
    expect(error.tiktokCode).toBe("access_token_invalid");
    expect(error.code).toBe("TIKTOK_AUTH_FAILED");
  });
});

describe("video list (sandbox)", () => {
  it("pages on hasMore through short pages and returns every public video once, newest first", async () => {
    const { openId, tokens } = await connectCreator(sandbox, client, 25);
    sandbox.scenario.setShortPages(openId, [3, 2]);
    const { ids, pageSizes } = await listAll(tokens.accessToken, 20);
    const expected = sandbox.scenario
      .videos(openId)
      .filter((v) => v.visibility === "public")
      .map((v) => v.id);
    expect(ids).toEqual(expected);
    expect(pageSizes.slice(0, 2)).toEqual([3, 2]);
    expect(pageSizes.length).toBeGreaterThan(2);
  });

  it("maps create_time seconds to a Date and counts to numbers", async () => {
    const { openId, tokens } = await connectCreator(sandbox, client, 3);
    const page = await client.listVideos(tokens.accessToken, { maxCount: 20, fields: VIDEO_FIELDS });
    const [first] = sandbox.scenario.videos(openId);
    expect(page.hasMore).toBe(false);
    expect(page.videos[0]).toMatchObject({
      id: first?.id,
      createTime: new Date((first?.createTime ?? 0) * 1000),
      title: first?.title,
      viewCount: first?.viewCount,
      likeCount: first?.likeCount,
      duration: first?.duration,
    });
  });

  it("gets back only the fields it asked for, and an empty list from a creator without videos", async () => {
    const { tokens } = await connectCreator(sandbox, client, 2);
    const page = await client.listVideos(tokens.accessToken, { fields: ["view_count"] });
    for (const video of page.videos) expect(Object.keys(video).sort()).toEqual(["createTime", "id", "viewCount"]);
    const user = await client.getUserInfo(tokens.accessToken, ["display_name"]);
    expect(Object.keys(user).sort()).toEqual(["displayName", "openId"]);
    const empty = await connectCreator(sandbox, client, 0);
    expect(await client.listVideos(empty.tokens.accessToken, { fields: VIDEO_FIELDS })).toMatchObject({
      videos: [],
      hasMore: false,
    });
  });

  it("a token without video.list is rejected", async () => {
    const { tokens } = await connectCreator(sandbox, client, 1, ["user.info.basic"]);
    const error = (await rejectionOf(client.listVideos(tokens.accessToken, { fields: [] }))) as TikTokApiError;
    expect(error.tiktokCode).toBe("scope_not_authorized");
    expect(error.code).toBe("TIKTOK_AUTH_FAILED");
  });
});

describe("video query (sandbox)", () => {
  let openId: string;
  let tokens: TikTokTokenSet;
  beforeAll(async () => {
    ({ openId, tokens } = await connectCreator(sandbox, client, 25));
  });

  it("returns the metrics of the requested ids", async () => {
    const videos = sandbox.scenario.videos(openId).slice(0, 3);
    const result = await client.queryVideos(
      tokens.accessToken,
      videos.map((v) => v.id),
      ["view_count", "like_count", "comment_count", "share_count"],
    );
    const byId = new Map(result.map((v) => [v.id, v]));
    for (const video of videos) {
      expect(byId.get(video.id)).toMatchObject({
        viewCount: video.viewCount,
        likeCount: video.likeCount,
        commentCount: video.commentCount,
        shareCount: video.shareCount,
      });
    }
  });

  it("queryVideosBatched covers 25 ids in two calls", async () => {
    sandbox.scenario.clearRequests();
    const ids = sandbox.scenario.videos(openId).map((v) => v.id);
    const result = await client.queryVideosBatched(tokens.accessToken, ids, ["view_count"]);
    expect(result.map((v) => v.id).sort()).toEqual([...ids].sort());
    expect(sandbox.scenario.requests().filter((r) => r.endpoint === "video.query")).toHaveLength(2);
  });
});

describe("oEmbed (sandbox)", () => {
  it("returns the payload as a JSON object", async () => {
    const { openId } = await connectCreator(sandbox, client, 1);
    const [video] = sandbox.scenario.videos(openId);
    const oembed = await client.fetchOEmbed(video?.url ?? "");
    expect(oembed.type).toBe("video");
    expect(oembed.embed_product_id).toBe(video?.id);
    expect(typeof oembed.html).toBe("string");
  });

  it("a failing oEmbed is a typed error with the status", async () => {
    const { openId } = await connectCreator(sandbox, client, 1);
    const [video] = sandbox.scenario.videos(openId);
    sandbox.scenario.setFaults({ oembedFailures: { status: 404, videoIds: [video?.id ?? ""] } });
    const error = (await rejectionOf(client.fetchOEmbed(video?.url ?? ""))) as TikTokApiError;
    expect(error.endpoint).toBe("oembed");
    expect(error.httpStatus).toBe(404);
    expect(error.code).toBe("TIKTOK_REQUEST_REJECTED");
  });
});
