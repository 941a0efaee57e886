import { describe, expect, it } from "vitest";
import { fakeFetch, jsonResponse, ok, testClient } from "./test-support";

// Answers as TikTok's Display API sends them: only the requested fields, lists empty, null or absent,
// int64 values quoted as strings, and success envelopes whose message or log_id is empty, null or missing.
const answer = (body: unknown) => testClient(fakeFetch(() => jsonResponse(body)).fetch);

describe("user info answers", () => {
  it("maps only the fields TikTok returned for the fields requested", async () => {
    const user = await answer(ok({ user: { open_id: "open_1", display_name: "Ann" } })).getUserInfo("act.t", [
      "display_name",
    ]);
    expect(user).toEqual({ openId: "open_1", displayName: "Ann" });
  });

  it("reads counts sent as strings, including int64 values beyond 32 bits", async () => {
    const body = ok({
      user: { open_id: "o", follower_count: "1234", following_count: 5, likes_count: "9876543210", video_count: "0" },
    });
    const user = await answer(body).getUserInfo("act.t", ["follower_count", "following_count", "likes_count"]);
    expect(user).toMatchObject({ followerCount: 1234, followingCount: 5, likesCount: 9_876_543_210, videoCount: 0 });
  });

  it("treats null fields as absent", async () => {
    const user = await answer(ok({ user: { open_id: "o", avatar_url: null, follower_count: null } })).getUserInfo(
      "act.t",
      ["avatar_url", "follower_count"],
    );
    expect(user).toEqual({ openId: "o" });
  });
});

describe("success envelopes", () => {
  it.each([
    ["an empty message", { code: "ok", message: "", log_id: "L" }],
    ["a null message and log_id", { code: "ok", message: null, log_id: null }],
    ["only the code", { code: "ok" }],
    ["extra members", { code: "ok", message: "", log_id: "L", http_status_code: 200 }],
  ])("accepts %s", async (_label, error) => {
    const user = await answer({ data: { user: { open_id: "o" } }, error }).getUserInfo("act.t", []);
    expect(user).toEqual({ openId: "o" });
  });

  it("accepts an answer without the error member", async () => {
    expect(await answer({ data: { user: { open_id: "o" } } }).getUserInfo("act.t", [])).toEqual({ openId: "o" });
  });
});

describe("video list answers", () => {
  it.each([
    ["an empty list", { videos: [], cursor: 0, has_more: false }],
    ["a null list", { videos: null, cursor: 0, has_more: false }],
    ["no list and no cursor", { has_more: false }],
  ])("reads %s as no videos", async (_label, data) => {
    const page = await answer(ok(data)).listVideos("act.t", { fields: [] });
    expect(page.videos).toEqual([]);
    expect(page.hasMore).toBe(false);
  });

  it("reads a quoted cursor and quoted int64 fields, with only the requested fields present", async () => {
    const data = {
      videos: [
        { id: "7301", create_time: "1700000000", view_count: "12345678901" },
        { id: "7300", create_time: 1 },
      ],
      cursor: "1700000000000",
      has_more: true,
    };
    const page = await answer(ok(data)).listVideos("act.t", { fields: ["view_count"] });
    expect(page).toEqual({
      videos: [
        { id: "7301", createTime: new Date(1_700_000_000_000), viewCount: 12_345_678_901 },
        { id: "7300", createTime: new Date(1_000) },
      ],
      cursor: 1_700_000_000_000,
      hasMore: true,
    });
  });
});

describe("video query answers", () => {
  it.each([
    ["an empty list", { videos: [] }],
    ["a null list", { videos: null }],
    ["no list", {}],
  ])("reads %s as no videos", async (_label, data) => {
    expect(await answer(ok(data)).queryVideos("act.t", ["7301"], ["view_count"])).toEqual([]);
  });

  it("ignores the cursor and has_more one documentation version lists, and reads quoted counts", async () => {
    const data = {
      videos: [{ id: "7301", create_time: 1_700_000_000, like_count: "7", comment_count: 0, share_count: "2" }],
      cursor: 0,
      has_more: false,
    };
    const videos = await answer(ok(data)).queryVideos("act.t", ["7301"], ["like_count", "comment_count"]);
    expect(videos).toEqual([
      { id: "7301", createTime: new Date(1_700_000_000_000), likeCount: 7, commentCount: 0, shareCount: 2 },
    ]);
  });
});

describe("token answers", () => {
  it("reads lifetimes sent as strings and an answer without token_type", async () => {
    const body = {
      open_id: "open_1",
      scope: "user.info.basic,video.list",
      access_token: "act.a",
      expires_in: "7200",
      refresh_token: "rft.r",
      refresh_expires_in: "15552000",
    };
    const tokens = await answer(body).refreshAccessToken("rft.old");
    expect(tokens.grantedScopes).toEqual(["user.info.basic", "video.list"]);
    expect(tokens.refreshTokenExpiresAt.getTime() - tokens.accessTokenExpiresAt.getTime()).toBe(
      (15_552_000 - 7_200) * 1000,
    );
  });
});
