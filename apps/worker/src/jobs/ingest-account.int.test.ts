import { revokeAccount } from "@trendpot/core";
import type { AccountDisplay } from "@trendpot/credentials";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { readEvents, videosUpdateStream } from "@trendpot/jobs";
import type { ListVideosParams, VideoPage } from "@trendpot/tiktok-display";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JobDeps } from "../ports";
import { wrapDisplay } from "../testing/display-hook";
import { createHarness, type Harness } from "../testing/harness";
import { ingestAccount } from "./ingest-account";

let h: Harness;
let openId: string;

beforeEach(async () => {
  h = await createHarness({ services: testServices(), name: uniqueName("wk_ingest") });
  openId = h.sandbox.scenario.addCreator().openId;
  h.sandbox.scenario.addVideos(openId, 45);
});

afterEach(async () => {
  await h.close();
});

const listCalls = () => h.sandbox.scenario.requests().filter((r) => r.endpoint === "video.list");

async function events() {
  const read = await readEvents(h.deps.redis, videosUpdateStream(h.config.REDIS_PREFIX), { count: 1_000 });
  return read.events.map((entry) => entry.event);
}

/** JobDeps whose accounts' list calls go through `wrap`. */
function wrappingList(wrap: (list: AccountDisplay["listVideos"], params: ListVideosParams) => Promise<VideoPage>) {
  return wrapDisplay(h.deps.job, (display) => ({
    ...display,
    listVideos: (params) => wrap(display.listVideos, params),
  }));
}

/** JobDeps whose list call throws after `pages` successful pages, as a crash mid-way would. */
function crashingAfter(pages: number): JobDeps {
  let calls = 0;
  return wrappingList((list, params) => {
    calls += 1;
    if (calls > pages) return Promise.reject(new Error("simulated crash"));
    return list(params);
  });
}

describe("ingestAccount", () => {
  it("pages through short pages until has_more is false and stores every video once", async () => {
    const accountId = await h.connect(openId);
    h.sandbox.scenario.setShortPages(openId, [7, 3, 0, 20, 15]);

    const result = await ingestAccount(h.deps.job, { accountId, requestId: "r1", pageSize: 20 });

    expect(result).toMatchObject({ status: "completed", videos: 45 });
    expect(await h.deps.videos.countByAccount(accountId)).toBe(45);
    const expected = h.sandbox.scenario
      .videos(openId)
      .map((video) => video.id)
      .sort();
    const upserted = (await events())
      .filter((event) => event.type === "upsert")
      .flatMap((event) => ("videoIds" in event ? event.videoIds : []));
    expect([...upserted].sort()).toEqual(expected);
    const account = await h.deps.accounts.getById(accountId);
    expect(account?.sync.videosSyncedAt).toBeInstanceOf(Date);
    expect(account?.sync.ingestionCursor).toBeUndefined();
    const video = await h.deps.videos.getById(expected[0] as string);
    expect(video?.embed?.html).toContain("tiktok-embed");
    expect(video?.metrics?.views).toBeTypeOf("number");
    expect(h.recording.sum("ingestionVideos", { outcome: "upserted" })).toBe(45);
  });

  it("resumes from the stored cursor after a crash: no page listed twice, no video missing", async () => {
    const accountId = await h.connect(openId);
    h.sandbox.scenario.setShortPages(openId, [10, 10, 10, 10, 10]);

    await expect(ingestAccount(crashingAfter(2), { accountId, requestId: "r1", pageSize: 20 })).rejects.toThrow(
      "simulated crash",
    );
    const midway = await h.deps.accounts.getById(accountId);
    expect(midway?.sync.ingestionCursor).toBeTypeOf("number");
    expect(await h.deps.videos.countByAccount(accountId)).toBe(20);

    const result = await ingestAccount(h.deps.job, { accountId, requestId: "r2", pageSize: 20 });

    expect(result).toMatchObject({ status: "completed", resumedFrom: midway?.sync.ingestionCursor });
    expect(await h.deps.videos.countByAccount(accountId)).toBe(45);
    // Two pages before the crash, three after: the resumed run did not start over.
    expect(listCalls()).toHaveLength(5);
    const ids = (
      await h.deps.videos.listByAccount({ accountId, sort: "createTime", order: "desc", limit: 100 })
    ).items.map((v) => v._id);
    expect(new Set(ids).size).toBe(45);
  });

  it("lists every page under one token read: one decryption and one access record for the whole run", async () => {
    const accountId = await h.connect(openId);
    h.sandbox.scenario.setShortPages(openId, [10, 10, 10, 10, 10]);
    const before = (await h.deps.tokenAccess.listByAccount(accountId)).length;

    const result = await ingestAccount(h.deps.job, { accountId, requestId: "r1", pageSize: 20 });

    expect(result).toMatchObject({ status: "completed", pages: 5, videos: 45 });
    const after = await h.deps.tokenAccess.listByAccount(accountId);
    expect(after.length - before).toBe(1);
    expect(after[0]?.operation).toBe("ingestion.list");
  });

  it("refreshes a token TikTok stops accepting mid-run once, and goes on from the refused page", async () => {
    const accountId = await h.connect(openId);
    h.sandbox.scenario.setShortPages(openId, [10, 10, 10, 10, 10]);
    let calls = 0;
    const deps = wrappingList((list, params) => {
      calls += 1;
      if (calls === 3) h.sandbox.scenario.expireAccessTokens(openId);
      return list(params);
    });
    h.sandbox.scenario.clearRequests();

    const result = await ingestAccount(deps, { accountId, requestId: "r1", pageSize: 20 });

    expect(result).toMatchObject({ status: "completed", pages: 5, videos: 45 });
    const sequence = h.sandbox.scenario
      .requests()
      .filter((request) => request.endpoint === "video.list" || request.endpoint === "token")
      .map((request) => `${request.endpoint} ${request.status}`);
    expect(sequence).toEqual([
      "video.list 200",
      "video.list 200",
      "video.list 401",
      "token 200",
      "video.list 200",
      "video.list 200",
      "video.list 200",
    ]);
    expect(await h.deps.videos.countByAccount(accountId)).toBe(45);
  });

  it("rejects hostile oEmbed payloads, records the reason on the video and keeps its metrics", async () => {
    const accountId = await h.connect(openId);
    const [first, second] = h.sandbox.scenario.videos(openId);
    h.sandbox.scenario.setFaults({
      hostileOembed: { [first?.id ?? ""]: "script", [second?.id ?? ""]: "javascript-url" },
    });

    await ingestAccount(h.deps.job, { accountId, requestId: "r1", pageSize: 20 });

    for (const id of [first?.id, second?.id]) {
      const video = await h.deps.videos.getById(id ?? "");
      expect(video?.embed).toBeUndefined();
      expect(video?.embedRejectedReason).toMatch(/\w/);
      expect(video?.metrics?.views).toBeTypeOf("number");
    }
    expect(h.recording.sum("sanitizerRejected")).toBe(2);
    expect(h.recording.sum("ingestionVideos", { outcome: "rejected" })).toBe(2);
    const stored = JSON.stringify(
      await h.deps.videos.listByAccount({ accountId, sort: "createTime", order: "desc", limit: 100 }),
    );
    expect(stored).not.toMatch(/<script|javascript:/i);
  });

  it("stops cleanly when the account is revoked mid-way and re-creates nothing", async () => {
    const accountId = await h.connect(openId);
    h.sandbox.scenario.setShortPages(openId, [10, 10, 10, 10, 10]);
    let calls = 0;
    const deps = wrappingList(async (list, params) => {
      calls += 1;
      const page = await list(params);
      // The revocation lands while page 2 is in flight: after TikTok answered, before the page is stored.
      if (calls === 2) await revokeNow(accountId);
      return page;
    });

    const result = await ingestAccount(deps, { accountId, requestId: "r1", pageSize: 20 });

    expect(result).toMatchObject({ status: "skipped", reason: "revoked_during_run" });
    expect(calls).toBe(2);
    expect(await h.deps.videos.countByAccount(accountId)).toBe(0);
    const again = await ingestAccount(h.deps.job, { accountId, requestId: "r2", pageSize: 20 });
    expect(again).toMatchObject({ status: "skipped", reason: "not_active" });
    expect(calls).toBe(2);
    expect(await h.deps.videos.countByAccount(accountId)).toBe(0);
  });

  it("never writes a token to the logs", async () => {
    const accountId = await h.connect(openId);
    await ingestAccount(h.deps.job, { accountId, requestId: "r1", pageSize: 20 });
    const logs = h.logLines.join("\n");
    expect(h.logLines.length).toBeGreaterThan(0);
    for (const token of h.sandbox.scenario.issuedTokens()) expect(logs).not.toContain(token);
  });
});

async function revokeNow(accountId: string): Promise<void> {
  await revokeAccount(
    {
      accounts: h.deps.accounts,
      videos: h.deps.videos,
      credentials: h.deps.credentials,
      queues: [h.deps.queues.ingestion, h.deps.queues.metricsRefresh, h.deps.queues.tokenRefresh],
      events: h.deps.events,
      audit: async () => undefined,
    },
    { accountId, actor: { type: "system", id: "test" }, reason: "test", requestId: "rv", revokeAtTikTok: false },
  );
}
