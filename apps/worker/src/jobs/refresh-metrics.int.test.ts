import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { type MetricsBatchJob, readEvents, videosUpdateStream } from "@trendpot/jobs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { beforeQuery } from "../testing/display-hook";
import { createHarness, type Harness } from "../testing/harness";
import { ingestAccount } from "./ingest-account";
import { ingestIncremental } from "./ingest-incremental";
import { type PlannerQueues, planMetricsRefresh } from "./plan-metrics";
import { refreshMetricsBatch } from "./refresh-metrics-batch";
import { refreshProfile } from "./refresh-profile";

const HOUR = 3_600_000;
let h: Harness;

beforeEach(async () => {
  h = await createHarness({ services: testServices(), name: uniqueName("wk_refresh") });
});

afterEach(async () => {
  await h.close();
});

/** Planner queues that keep the batches in memory so the test runs them itself. */
function memoryQueues(
  ingesting: string[] = [],
): PlannerQueues & { batches: MetricsBatchJob[]; profiles: string[]; incremental: string[] } {
  const batches: MetricsBatchJob[] = [];
  const profiles: string[] = [];
  const incremental: string[] = [];
  return {
    batches,
    profiles,
    incremental,
    pendingBatchVideoIds: async () => new Set(),
    pendingIngestionAccountIds: async () => new Set(ingesting),
    enqueueBatch: async (payload) => void batches.push(payload),
    enqueueProfileRefresh: async (accountId) => void profiles.push(accountId),
    enqueueIncrementalIngestion: async (accountId) => void incremental.push(accountId),
  };
}

async function setUpCreator(videos: number): Promise<{ accountId: string; openId: string }> {
  const openId = h.sandbox.scenario.addCreator().openId;
  h.sandbox.scenario.addVideos(openId, videos);
  const accountId = await h.connect(openId);
  await ingestAccount(h.deps.job, { accountId, requestId: "ingest", pageSize: 20 });
  return { accountId, openId };
}

async function plan(queues: PlannerQueues) {
  return planMetricsRefresh(h.deps.job, queues, {
    cycle: 1,
    intervalMs: 15 * 60_000,
    batchSize: 20,
    budget: await h.deps.runtime.budget.state(),
  });
}

/** The ids every `metrics` event published so far named, in order. */
async function metricsEventIds(): Promise<string[]> {
  const stream = await readEvents(h.deps.redis, videosUpdateStream(h.config.REDIS_PREFIX), { count: 1_000 });
  return stream.events.flatMap((entry) =>
    entry.event.type === "metrics" && "videoIds" in entry.event ? entry.event.videoIds : [],
  );
}

/** When each video's counts were last taken (ingestion takes the first). */
async function lastRefreshed(ids: readonly string[]): Promise<Map<string, Date | undefined>> {
  const entries = await Promise.all(ids.map(async (id) => [id, (await h.deps.videos.getById(id))?.lastRefreshedAt]));
  return new Map(entries as [string, Date | undefined][]);
}

describe("metrics refresh", () => {
  it("plans full calls of at most 20 ids, one job for an account's calls, and makes each call once", async () => {
    const { accountId } = await setUpCreator(45);
    h.clock.advance(7 * 24 * HOUR);
    const queues = memoryQueues();

    const planned = await plan(queues);

    expect(planned).toMatchObject({ dueVideos: 45, batches: 3, jobs: 1 });
    expect(queues.batches.map((batch) => batch.videoIds.length)).toEqual([45]);
    expect(new Set(queues.batches.flatMap((batch) => batch.videoIds)).size).toBe(45);
    h.sandbox.scenario.clearRequests();
    const before = h.clock.now();
    const [job] = queues.batches;
    const result = await refreshMetricsBatch(h.deps.job, {
      accountId,
      videoIds: job?.videoIds ?? [],
      requestId: "b",
      callSize: 20,
    });
    expect(result).toEqual({ status: "completed", calls: 3, refreshed: 45, changed: 45, removed: 0 });
    const queries = h.sandbox.scenario.requests().filter((request) => request.endpoint === "video.query");
    expect(queries).toHaveLength(3);
    expect(queries.every((request) => request.status === 200)).toBe(true);
    const account = await h.deps.accounts.getById(accountId);
    expect(account?.sync.metricsSyncedAt?.getTime()).toBeGreaterThanOrEqual(before);
    expect(new Set(await metricsEventIds()).size).toBe(45);
  });

  it("keeps what earlier calls returned when a later call fails, and leaves only the rest for the retry", async () => {
    const { accountId, openId } = await setUpCreator(45);
    h.clock.advance(HOUR);
    const ids = h.sandbox.scenario.videos(openId).map((video) => video.id);
    const before = (await h.deps.accounts.getById(accountId))?.sync.metricsSyncedAt;
    const ingested = await lastRefreshed(ids);
    // The second call's answer is not JSON.
    const deps = beforeQuery(h.deps.job, 2, () =>
      h.sandbox.scenario.setFaults({ malformed: { count: 1, kind: "non-json", endpoints: ["video.query"] } }),
    );
    const saved: string[][] = [];

    await expect(
      refreshMetricsBatch(deps, {
        accountId,
        videoIds: ids,
        requestId: "b",
        saveRemaining: async (rest) => void saved.push(rest),
      }),
    ).rejects.toMatchObject({ code: expect.any(String) });

    expect(saved).toEqual([ids.slice(20)]);
    const refreshedAt = await lastRefreshed(ids);
    const newer = (id: string) => (refreshedAt.get(id)?.getTime() ?? 0) > (ingested.get(id)?.getTime() ?? 0);
    expect(ids.slice(0, 20).every(newer)).toBe(true);
    expect(ids.slice(20).some(newer)).toBe(false);
    // Nothing is marked removed for calls that never answered, and the sync is not recorded as done.
    expect(await h.deps.videos.countByAccount(accountId)).toBe(45);
    expect((await h.deps.accounts.getById(accountId))?.sync.metricsSyncedAt).toEqual(before);
    expect(await metricsEventIds()).toEqual(ids.slice(0, 20));

    h.sandbox.scenario.clearRequests();
    const retry = await refreshMetricsBatch(h.deps.job, { accountId, videoIds: saved[0] ?? [], requestId: "b" });
    expect(retry).toMatchObject({ status: "completed", calls: 2, refreshed: 25 });
    expect(h.sandbox.scenario.requests().filter((request) => request.endpoint === "video.query")).toHaveLength(2);
    const after = await lastRefreshed(ids);
    expect(ids.every((id) => (after.get(id)?.getTime() ?? 0) > (ingested.get(id)?.getTime() ?? 0))).toBe(true);
  });

  it("refreshes a token TikTok stops accepting mid-job once, and goes on from the refused call", async () => {
    const { accountId, openId } = await setUpCreator(45);
    h.clock.advance(HOUR);
    const ids = h.sandbox.scenario.videos(openId).map((video) => video.id);
    const deps = beforeQuery(h.deps.job, 2, () => h.sandbox.scenario.expireAccessTokens(openId));
    h.sandbox.scenario.clearRequests();

    const result = await refreshMetricsBatch(deps, { accountId, videoIds: ids, requestId: "b" });

    expect(result).toMatchObject({ status: "completed", calls: 3, refreshed: 45 });
    const calls = h.sandbox.scenario
      .requests()
      .filter((request) => request.endpoint === "video.query" || request.endpoint === "token")
      .map((request) => `${request.endpoint} ${request.status}`);
    expect(calls).toEqual(["video.query 200", "video.query 401", "token 200", "video.query 200", "video.query 200"]);
  });

  it("tops up a partial batch with videos closest to being due, so calls stay full", async () => {
    const { accountId, openId } = await setUpCreator(30);
    // Every video is under two days old: due every 15 minutes.
    h.clock.advance(20 * 60_000);
    const ids = h.sandbox.scenario.videos(openId).map((video) => video.id);
    await refreshMetricsBatch(h.deps.job, { accountId, videoIds: ids.slice(0, 20), requestId: "b1" });
    await refreshMetricsBatch(h.deps.job, { accountId, videoIds: ids.slice(20, 25), requestId: "b2" });
    h.clock.advance(10 * 60_000);
    const queues = memoryQueues();

    const planned = await plan(queues);

    // Five are due (refreshed 30 minutes ago); the call is filled with 15 of the others.
    expect(planned.dueVideos).toBe(5);
    expect(queues.batches).toHaveLength(1);
    expect(queues.batches[0]?.videoIds).toHaveLength(20);
    expect(queues.batches[0]?.videoIds).toEqual(expect.arrayContaining(ids.slice(25)));
  });

  it("appends a history point per refresh and keeps the latest counts", async () => {
    const { accountId, openId } = await setUpCreator(3);
    const [video] = h.sandbox.scenario.videos(openId);
    const id = video?.id ?? "";
    const from = new Date(h.clock.now() - HOUR);

    h.clock.advance(HOUR);
    await refreshMetricsBatch(h.deps.job, { accountId, videoIds: [id], requestId: "b1" });
    h.clock.advance(HOUR);
    await refreshMetricsBatch(h.deps.job, { accountId, videoIds: [id], requestId: "b2" });

    const history = await h.deps.metrics.history({
      videoId: id,
      from,
      to: new Date(h.clock.now()),
      granularity: "raw",
    });
    // The ingestion itself recorded no history; the two refreshes did.
    expect(history).toHaveLength(2);
    const latest = await h.deps.videos.getById(id);
    const current = h.sandbox.scenario.videos(openId).find((v) => v.id === id);
    expect(latest?.metrics?.views).toBe(current?.viewCount);
    expect(history.at(-1)?.views).toBe(current?.viewCount);
  });

  it("marks videos TikTok no longer returns as removed and publishes a prune", async () => {
    const { accountId, openId } = await setUpCreator(3);
    const [gone, kept] = h.sandbox.scenario.videos(openId);
    h.sandbox.scenario.updateVideo(gone?.id ?? "", { visibility: "deleted" });

    const result = await refreshMetricsBatch(h.deps.job, {
      accountId,
      videoIds: [gone?.id ?? "", kept?.id ?? ""],
      requestId: "b",
    });

    expect(result).toMatchObject({ status: "completed", refreshed: 1, removed: 1 });
    expect((await h.deps.videos.getById(gone?.id ?? ""))?.removedAt).toBeInstanceOf(Date);
    const stream = await readEvents(h.deps.redis, videosUpdateStream(h.config.REDIS_PREFIX), { count: 1_000 });
    expect(stream.events.some((entry) => entry.event.type === "prune")).toBe(true);
  });

  it("picks up videos posted since ingestion with one list call", async () => {
    const { accountId, openId } = await setUpCreator(30);
    h.clock.advance(HOUR);
    const now = Math.floor(h.clock.now() / 1000);
    h.sandbox.scenario.addVideos(openId, [
      { createTime: now - 60 },
      { createTime: now - 120 },
      { createTime: now - 180 },
    ]);
    h.sandbox.scenario.clearRequests();

    const result = await ingestIncremental(h.deps.job, { accountId, requestId: "inc", pageSize: 20 });

    expect(result).toEqual({ status: "completed", pages: 1, newVideos: 3 });
    expect(h.sandbox.scenario.requests().filter((r) => r.endpoint === "video.list")).toHaveLength(1);
    expect(await h.deps.videos.countByAccount(accountId)).toBe(33);
  });

  it("regression: an account whose consent ingestion was never queued is listed in full after the grace", async () => {
    // Connected (as when Redis was down at consent, so no ingestion job was queued), never ingested.
    const openId = h.sandbox.scenario.addCreator().openId;
    h.sandbox.scenario.addVideos(openId, 25);
    const accountId = await h.connect(openId);
    expect((await plan(memoryQueues())).recovered).toBe(0);
    h.clock.advance(11 * 60_000);
    // An ingestion of it still queued (delayed by the budget, say) is left to run.
    expect((await plan(memoryQueues([accountId]))).recovered).toBe(0);
    const queues = memoryQueues();
    expect((await plan(queues)).recovered).toBe(1);
    expect(queues.incremental).toEqual([accountId]);

    const result = await ingestIncremental(h.deps.job, { accountId, requestId: "recover", pageSize: 20 });
    expect(result).toMatchObject({ status: "completed", newVideos: 25 });
    expect(await h.deps.videos.countByAccount(accountId)).toBe(25);
    expect((await plan(memoryQueues())).recovered).toBe(0);
  });

  it("plans a daily profile snapshot and stores stats when the scope allows", async () => {
    const { accountId } = await setUpCreator(1);
    const queues = memoryQueues();
    await plan(queues);
    expect(queues.profiles).toEqual([accountId]);

    const result = await refreshProfile(h.deps.job, { accountId, requestId: "p" });

    expect(result).toEqual({ status: "completed", stats: true });
    const account = await h.deps.accounts.getById(accountId);
    expect(account?.profile?.followerCount).toBeTypeOf("number");
    expect(account?.sync.profileSyncedAt).toBeInstanceOf(Date);
    const again = memoryQueues();
    await plan(again);
    expect(again.profiles).toEqual([]);
  });
});
