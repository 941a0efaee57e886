import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VIDEO_FIELDS } from "./fields";
import { connect, display, startSandbox, testClock } from "./test-support";
import type { SandboxCreator, TikTokSandbox } from "./types";

interface Envelope<T> {
  data: T;
  error: { code: string; message: string; log_id: string };
}
interface VideoPage {
  videos: Record<string, unknown>[];
  cursor: number;
  has_more: boolean;
}

const clock = testClock();
let sbx: TikTokSandbox;
let luna: SandboxCreator;
let kofi: SandboxCreator;
let full: string; // every scope, as luna

beforeAll(async () => {
  sbx = await startSandbox({ now: clock.now, rateLimit: { perMinute: 10_000, perDay: 100_000 } });
  [luna, kofi] = sbx.scenario.creators() as [SandboxCreator, SandboxCreator];
  full = (await connect(sbx, { openId: luna.openId })).access_token;
});
afterAll(() => sbx.close());

async function json<T>(response: Response): Promise<{ status: number; body: Envelope<T> }> {
  return { status: response.status, body: (await response.json()) as Envelope<T> };
}

async function listPage(token: string, body: unknown = {}, fields = "id,create_time") {
  return json<VideoPage>(await display(sbx, token, `/v2/video/list/?fields=${fields}`, body));
}

describe("GET /v2/user/info/", () => {
  it("returns exactly the requested fields in the Display envelope", async () => {
    const fields =
      "open_id,union_id,avatar_url,avatar_url_100,avatar_large_url,display_name,bio_description,profile_deep_link,is_verified,username,follower_count,following_count,likes_count,video_count";
    const { status, body } = await json<{ user: Record<string, unknown> }>(
      await display(sbx, full, `/v2/user/info/?fields=${fields}`),
    );
    expect(status).toBe(200);
    expect(body.error).toMatchObject({ code: "ok", message: "" });
    expect(Object.keys(body.data.user)).toEqual(fields.split(","));
    expect(body.data.user).toMatchObject({
      open_id: luna.openId,
      username: "luna.makes",
      display_name: "Luna Rivera 🌙",
      is_verified: true,
      video_count: 45,
      follower_count: 182_340,
    });
    expect(body.data.user.avatar_url).toMatch(/^https:\/\/p16-sign\.tiktokcdn-us\.com\//);
  });

  it("401 access_token_invalid without a bearer or with an unknown one", async () => {
    for (const token of ["", "act.nope"]) {
      const { status, body } = await json(await display(sbx, token, "/v2/user/info/?fields=open_id"));
      expect([status, body.error.code]).toEqual([401, "access_token_invalid"]);
      expect(body.data).toEqual({});
    }
  });

  it("400 scope_permission_missed for a field whose scope was not granted", async () => {
    const basic = (await connect(sbx, { grantedScopes: ["user.info.basic", "video.list"] })).access_token;
    expect((await display(sbx, basic, "/v2/user/info/?fields=open_id,display_name")).status).toBe(200);
    for (const field of ["username", "bio_description", "follower_count"]) {
      const { status, body } = await json(await display(sbx, basic, `/v2/user/info/?fields=open_id,${field}`));
      expect([status, body.error.code]).toEqual([400, "scope_permission_missed"]);
      expect(body.error.message).toContain(field);
    }
  });

  it("401 scope_not_authorized when the token lacks the endpoint's scope", async () => {
    const videosOnly = (await connect(sbx, { grantedScopes: ["video.list"] })).access_token;
    const user = await json(await display(sbx, videosOnly, "/v2/user/info/?fields=open_id"));
    expect([user.status, user.body.error.code]).toEqual([401, "scope_not_authorized"]);
    const userOnly = (await connect(sbx, { grantedScopes: ["user.info.basic"] })).access_token;
    for (const path of ["/v2/video/list/?fields=id", "/v2/video/query/?fields=id"]) {
      const res = await json(await display(sbx, userOnly, path, { filters: { video_ids: ["1"] } }));
      expect([res.status, res.body.error.code]).toEqual([401, "scope_not_authorized"]);
    }
  });

  it("400 invalid_params for unknown or missing fields", async () => {
    for (const path of ["/v2/user/info/?fields=open_id,email", "/v2/user/info/", "/v2/user/info/?fields="]) {
      const { status, body } = await json(await display(sbx, full, path));
      expect([status, body.error.code]).toEqual([400, "invalid_params"]);
    }
  });
});

describe("POST /v2/video/list/", () => {
  it("pages through every public video, newest first, with ms cursors and has_more", async () => {
    const seen: Record<string, unknown>[] = [];
    let cursor: number | undefined;
    for (;;) {
      const { status, body } = await listPage(
        full,
        cursor === undefined ? { max_count: 20 } : { max_count: 20, cursor },
      );
      expect(status).toBe(200);
      seen.push(...body.data.videos);
      const last = body.data.videos.at(-1);
      expect(body.data.cursor).toBe((last?.create_time as number) * 1000);
      if (!body.data.has_more) break;
      cursor = body.data.cursor;
    }
    expect(seen).toHaveLength(45);
    const times = seen.map((v) => v.create_time as number);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set(seen.map((v) => v.id)).size).toBe(45);
    // create times spread over past months
    const now = clock.now() / 1000;
    expect(now - (times.at(-1) as number)).toBeGreaterThan(90 * 86_400);
    expect(now - (times[0] as number)).toBeLessThan(3 * 86_400);
  });

  it("defaults to 10, returns videos before a caller's own cursor, and only requested fields", async () => {
    const first = await listPage(full, {}, VIDEO_FIELDS.join(","));
    expect(first.body.data.videos).toHaveLength(10);
    expect(Object.keys(first.body.data.videos[0] ?? {})).toEqual([...VIDEO_FIELDS]);
    const pivot = first.body.data.videos[4]?.create_time as number;
    const before = await listPage(full, { cursor: pivot * 1000, max_count: 1 });
    expect(before.body.data.videos[0]?.id).toBe(first.body.data.videos[5]?.id);
  });

  it("accepts an empty body, and rejects max_count > 20, bad cursors and non-JSON", async () => {
    const empty = await fetch(`${sbx.url}/v2/video/list/?fields=id`, {
      method: "POST",
      headers: { authorization: `Bearer ${full}` },
    });
    expect(empty.status).toBe(200);
    for (const body of [
      { max_count: 21 },
      { max_count: 0 },
      { max_count: "5" },
      { cursor: -1 },
      { cursor: "x" },
      "{oops",
      "[]",
    ]) {
      const { status, body: res } = await listPage(full, body);
      expect([status, res.error.code]).toEqual([400, "invalid_params"]);
    }
  });

  it("short pages: fewer than max_count while has_more stays true, and nothing is lost", async () => {
    sbx.scenario.setShortPages(luna.openId, [3, 0, 5]);
    const sizes: number[] = [];
    const ids = new Set<unknown>();
    let cursor: number | undefined;
    let hasMore = true;
    while (hasMore) {
      const { body } = await listPage(full, cursor === undefined ? {} : { cursor });
      sizes.push(body.data.videos.length);
      for (const video of body.data.videos) ids.add(video.id);
      hasMore = body.data.has_more;
      cursor = body.data.cursor;
    }
    expect(sizes).toEqual([3, 0, 5, 10, 10, 10, 7]);
    expect(ids.size).toBe(45);
    // A listing without cursor starts the plan over.
    expect((await listPage(full, {})).body.data.videos).toHaveLength(3);
    sbx.scenario.setShortPages(luna.openId, null);
    expect((await listPage(full, {})).body.data.videos).toHaveLength(10);
  });

  it("an account without videos gets an empty page without has_more", async () => {
    const sam = sbx.scenario.creators().find((c) => c.username === "sam.starts");
    const token = (await connect(sbx, { openId: sam?.openId })).access_token;
    const { body } = await listPage(token);
    expect(body.data).toMatchObject({ videos: [], has_more: false });
  });

  it("lists a scheduled video only once the clock reaches its create time, and never private ones", async () => {
    const mei = sbx.scenario.creators().find((c) => c.username === "mei.runs") as SandboxCreator;
    const token = (await connect(sbx, { openId: mei.openId })).access_token;
    expect((await listPage(token)).body.data.videos).toHaveLength(3); // 4 seeded, 1 private
    const [future] = sbx.scenario.addVideos(mei.openId, [{ createTime: Math.floor(clock.now() / 1000) + 60 }]);
    expect((await listPage(token)).body.data.videos).toHaveLength(3);
    clock.advance(60_000);
    const { body } = await listPage(token);
    expect(body.data.videos[0]?.id).toBe(future?.id);
  });
});

describe("POST /v2/video/query/", () => {
  const query = (token: string, ids: unknown, fields = "id,view_count,like_count") =>
    display(sbx, token, `/v2/video/query/?fields=${fields}`, { filters: { video_ids: ids } });

  it("returns only the token owner's public videos among the ids", async () => {
    const mine = sbx.scenario
      .videos(luna.openId)
      .slice(0, 3)
      .map((v) => v.id);
    const theirs = sbx.scenario.videos(kofi.openId)[0]?.id;
    const { status, body } = await json<{ videos: Record<string, unknown>[] }>(
      await query(full, [...mine, theirs, "7000000000000000000"]),
    );
    expect(status).toBe(200);
    expect(body.data.videos.map((v) => v.id)).toEqual(mine);
  });

  it("accepts 20 ids and refuses 21, none, or a malformed filter", async () => {
    const ids = sbx.scenario.videos(luna.openId).map((v) => v.id);
    const ok = await json<{ videos: unknown[] }>(await query(full, ids.slice(0, 20)));
    expect([ok.status, ok.body.data.videos.length]).toEqual([200, 20]);
    for (const bad of [ids.slice(0, 21), [], "123", [123]]) {
      const res = await json(await query(full, bad));
      expect([res.status, res.body.error.code]).toEqual([400, "invalid_params"]);
    }
  });

  it("metrics grow with the sandbox clock; a deleted video disappears", async () => {
    const id = sbx.scenario.videos(luna.openId)[0]?.id as string;
    const read = async () =>
      ((await json<{ videos: Record<string, number>[] }>(await query(full, [id]))).body.data.videos[0] ?? {}) as Record<
        string,
        number
      >;
    const before = await read();
    clock.advance(6 * 3_600_000); // within the token's 24 h
    const after = await read();
    expect(after.view_count).toBeGreaterThan(before.view_count as number);
    expect(after.like_count).toBeGreaterThanOrEqual(before.like_count as number);
    expect(sbx.scenario.videos(luna.openId)[0]?.viewCount).toBe(after.view_count);

    sbx.scenario.updateVideo(id, { visibility: "deleted" });
    expect((await json<{ videos: unknown[] }>(await query(full, [id]))).body.data.videos).toEqual([]);
    sbx.scenario.updateVideo(id, { visibility: "public" });
  });
});
