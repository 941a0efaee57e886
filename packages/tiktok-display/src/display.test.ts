import { isAppError } from "@trendpot/errors";
import { describe, expect, it } from "vitest";
import { chunk } from "./display";
import type { TikTokApiError } from "./errors";
import { displayError, fakeFetch, jsonResponse, ok, rejectionOf, testClient } from "./test-support";

const video = {
  id: "7001",
  create_time: 1_700_000_000,
  title: "Hello",
  like_count: 3,
  view_count: 1_000_000_000_000,
  cover_image_url: "https://cdn.test/c.jpg",
};

describe("getUserInfo", () => {
  it("requests the fields (plus open_id) with a Bearer token and maps to camelCase", async () => {
    const { fetch, requests } = fakeFetch(() =>
      jsonResponse(
        ok({
          user: {
            open_id: "open_1",
            display_name: "Ann",
            avatar_url_100: "https://cdn.test/a.jpg",
            is_verified: false,
            follower_count: 12,
            username: null,
          },
        }),
      ),
    );
    const user = await testClient(fetch).getUserInfo("act.token", ["display_name", "follower_count"]);
    expect(user).toEqual({
      openId: "open_1",
      displayName: "Ann",
      avatarUrl100: "https://cdn.test/a.jpg",
      isVerified: false,
      followerCount: 12,
    });
    const request = requests[0];
    expect(request?.method).toBe("GET");
    expect(`${request?.url.origin}${request?.url.pathname}`).toBe("https://api.test/v2/user/info/");
    expect(request?.url.searchParams.get("fields")).toBe("open_id,display_name,follower_count");
    expect(request?.headers.authorization).toBe("Bearer act.token");
  });

  it.each([
    ["no data", { error: { code: "ok", message: "", log_id: "L" } }],
    ["a user without open_id", ok({ user: { display_name: "x" } })],
    ["a count of the wrong type", ok({ user: { open_id: "o", follower_count: "many" } })],
    ["an error member of the wrong shape", { data: { user: { open_id: "o" } }, error: { code: 5 } }],
  ])("rejects %s as malformed", async (_label, body) => {
    const { fetch } = fakeFetch(() => jsonResponse(body));
    const error = (await rejectionOf(testClient(fetch).getUserInfo("act.t", []))) as TikTokApiError;
    expect(error.tiktokCode).toBe("malformed_response");
    expect(error.code).toBe("TIKTOK_BAD_RESPONSE");
  });

  it.each([
    ["access_token_invalid", 401, "TIKTOK_AUTH_FAILED"],
    ["scope_not_authorized", 401, "TIKTOK_AUTH_FAILED"],
    ["scope_permission_missed", 400, "TIKTOK_REQUEST_REJECTED"],
    ["invalid_params", 400, "TIKTOK_REQUEST_REJECTED"],
    ["internal_error", 500, "TIKTOK_UNAVAILABLE"],
  ])("turns the Display envelope error %s into a typed error", async (code, status, appCode) => {
    const { fetch } = fakeFetch(() => jsonResponse(displayError(code, "msg", "log_9"), status));
    const error = (await rejectionOf(testClient(fetch).getUserInfo("act.t", []))) as TikTokApiError;
    expect(error.tiktokCode).toBe(code);
    expect(error.code).toBe(appCode);
    expect(error.httpStatus).toBe(status);
    expect(error.logId).toBe("log_9");
    expect(error.endpoint).toBe("user.info");
  });
});

describe("listVideos", () => {
  it("posts max_count and cursor in JSON, fields in the query, and returns a typed page", async () => {
    const { fetch, requests } = fakeFetch(() =>
      jsonResponse(ok({ videos: [video], cursor: 1_699_999_999_000, has_more: true })),
    );
    const page = await testClient(fetch).listVideos("act.t", {
      cursor: 1_700_000_500_000,
      maxCount: 20,
      fields: ["title"],
    });
    expect(page).toEqual({
      videos: [
        {
          id: "7001",
          createTime: new Date(1_700_000_000_000),
          title: "Hello",
          likeCount: 3,
          viewCount: 1_000_000_000_000,
          coverImageUrl: "https://cdn.test/c.jpg",
        },
      ],
      cursor: 1_699_999_999_000,
      hasMore: true,
    });
    const request = requests[0];
    expect(request?.url.pathname).toBe("/v2/video/list/");
    expect(request?.url.searchParams.get("fields")).toBe("id,create_time,title");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request?.body ?? "")).toEqual({ max_count: 20, cursor: 1_700_000_500_000 });
  });

  it("omits unset options and accepts an empty last page", async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(ok({ videos: [], cursor: 0, has_more: false })));
    const page = await testClient(fetch).listVideos("act.t", { fields: [] });
    expect(JSON.parse(requests[0]?.body ?? "")).toEqual({});
    expect(page).toEqual({ videos: [], cursor: 0, hasMore: false });
  });

  it("reports hasMore from TikTok even when the page is short", async () => {
    const { fetch } = fakeFetch(() => jsonResponse(ok({ videos: [video], cursor: 5, has_more: true })));
    const page = await testClient(fetch).listVideos("act.t", { maxCount: 20, fields: [] });
    expect(page.videos).toHaveLength(1);
    expect(page.hasMore).toBe(true);
  });

  it.each([21, 0, 2.5])("rejects maxCount %s without calling TikTok", async (maxCount) => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(ok({})));
    const error = await rejectionOf(testClient(fetch).listVideos("act.t", { maxCount, fields: [] }));
    expect(isAppError(error, "VALIDATION_FAILED")).toBe(true);
    expect(requests).toHaveLength(0);
  });

  it.each([
    ["has_more without a cursor", ok({ videos: [], has_more: true }), "data.cursor"],
    ["a missing has_more", ok({ videos: [], cursor: 1 }), "data.has_more"],
    ["a video without id", ok({ videos: [{ create_time: 1 }], cursor: 1, has_more: false }), "data.videos.0.id"],
    [
      "a string like_count",
      ok({ videos: [{ ...video, like_count: "3x" }], cursor: 1, has_more: false }),
      "data.videos.0.like_count",
    ],
  ])("rejects %s as malformed", async (_label, body, field) => {
    const { fetch } = fakeFetch(() => jsonResponse(body));
    const error = (await rejectionOf(testClient(fetch).listVideos("act.t", { fields: [] }))) as TikTokApiError;
    expect(error.tiktokCode).toBe("malformed_response");
    expect(error.details?.invalidFields).toContain(field);
  });
});

describe("queryVideos", () => {
  it("posts the ids as filters.video_ids", async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(ok({ videos: [video] })));
    const videos = await testClient(fetch).queryVideos("act.t", ["7001", "7002"], ["like_count", "view_count"]);
    expect(videos.map((v) => v.id)).toEqual(["7001"]);
    expect(requests[0]?.url.pathname).toBe("/v2/video/query/");
    expect(requests[0]?.url.searchParams.get("fields")).toBe("id,create_time,like_count,view_count");
    expect(JSON.parse(requests[0]?.body ?? "")).toEqual({ filters: { video_ids: ["7001", "7002"] } });
  });

  it("rejects more than 20 ids with a clear error and no call", async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(ok({ videos: [] })));
    const ids = Array.from({ length: 21 }, (_, i) => String(i));
    const error = await rejectionOf(testClient(fetch).queryVideos("act.t", ids, []));
    expect(isAppError(error, "VALIDATION_FAILED")).toBe(true);
    expect((error as Error).message).toMatch(/at most 20 ids \(got 21\)/);
    expect(requests).toHaveLength(0);
  });

  it("returns [] for no ids without a call", async () => {
    const { fetch, requests } = fakeFetch(() => jsonResponse(ok({ videos: [] })));
    await expect(testClient(fetch).queryVideos("act.t", [], [])).resolves.toEqual([]);
    expect(requests).toHaveLength(0);
  });

  it("queryVideosBatched splits into calls of at most 20 unique ids", async () => {
    const { fetch, requests } = fakeFetch((request) => {
      const ids = (JSON.parse(request.body ?? "") as { filters: { video_ids: string[] } }).filters.video_ids;
      return jsonResponse(ok({ videos: ids.map((id) => ({ id, create_time: 1 })) }));
    });
    const ids = [...Array.from({ length: 45 }, (_, i) => `v${i}`), "v0"];
    const videos = await testClient(fetch).queryVideosBatched("act.t", ids, []);
    expect(
      requests.map((r) => (JSON.parse(r.body ?? "") as { filters: { video_ids: string[] } }).filters.video_ids.length),
    ).toEqual([20, 20, 5]);
    expect(videos).toHaveLength(45);
  });
});

describe("chunk", () => {
  it("splits into consecutive chunks", () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 20)).toEqual([]);
    expect(() => chunk([1], 0)).toThrow(/positive/);
  });
});
