import { describe, expect, it } from "vitest";
import { chunked } from "./chunked";
import {
  DEFAULT_REFRESH_CADENCE,
  joinIntoJobs,
  type PlannerAccount,
  type PlannerVideo,
  planRefreshBatches,
  refreshIntervalMs,
} from "./planner";

const NOW = new Date(Date.UTC(2026, 2, 10, 12));
const MIN = 60_000;
const DAY = 86_400_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

function videos(prefix: string, count: number, ageMs: number, refreshedAgoMs?: number): PlannerVideo[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${i}`,
    createTime: ago(ageMs + i),
    lastRefreshedAt: refreshedAgoMs === undefined ? undefined : ago(refreshedAgoMs),
  }));
}

describe("refresh cadence", () => {
  it("refreshes fresh videos every 15 min, under-30-day ones hourly, older ones every 6 h", () => {
    expect(refreshIntervalMs({ id: "a", createTime: ago(DAY) }, NOW)).toBe(15 * MIN);
    expect(refreshIntervalMs({ id: "b", createTime: ago(10 * DAY) }, NOW)).toBe(60 * MIN);
    expect(refreshIntervalMs({ id: "c", createTime: ago(400 * DAY) }, NOW)).toBe(6 * 60 * MIN);
  });

  it("plans a video only once its age's interval has passed", () => {
    const account: PlannerAccount = {
      accountId: "acc_1",
      videos: [
        { id: "fresh-due", createTime: ago(DAY), lastRefreshedAt: ago(15 * MIN) },
        { id: "fresh-recent", createTime: ago(DAY), lastRefreshedAt: ago(14 * MIN) },
        { id: "month-recent", createTime: ago(10 * DAY), lastRefreshedAt: ago(30 * MIN) },
        { id: "old-recent", createTime: ago(400 * DAY), lastRefreshedAt: ago(5 * 60 * MIN) },
        { id: "old-due", createTime: ago(400 * DAY), lastRefreshedAt: ago(6 * 60 * MIN) },
      ],
    };
    const plan = planRefreshBatches({ accounts: [account], now: NOW, callsAvailable: 10, batchSize: 2 });
    expect(plan.dueVideos).toBe(2);
    expect(plan.batches).toEqual([{ accountId: "acc_1", videoIds: ["fresh-due", "old-due"] }]);
  });

  it("honours a custom cadence", () => {
    const cadence = { ...DEFAULT_REFRESH_CADENCE, baseIntervalMs: 5 * MIN };
    const account = { accountId: "a", videos: [{ id: "v", createTime: ago(DAY), lastRefreshedAt: ago(6 * MIN) }] };
    expect(planRefreshBatches({ accounts: [account], now: NOW, callsAvailable: 1 }).batches).toEqual([]);
    expect(planRefreshBatches({ accounts: [account], now: NOW, callsAvailable: 1, cadence }).batches).toHaveLength(1);
  });
});

describe("planRefreshBatches", () => {
  it("orders an account's batches most overdue first, never-refreshed and newest leading", () => {
    const account: PlannerAccount = {
      accountId: "a",
      videos: [
        { id: "late-1x", createTime: ago(DAY), lastRefreshedAt: ago(15 * MIN) },
        { id: "late-3x", createTime: ago(DAY), lastRefreshedAt: ago(45 * MIN) },
        { id: "never-old", createTime: ago(3 * DAY) },
        { id: "never-new", createTime: ago(DAY) },
      ],
    };
    const plan = planRefreshBatches({ accounts: [account], now: NOW, callsAvailable: 4, batchSize: 1 });
    expect(plan.batches.map((batch) => batch.videoIds[0])).toEqual(["never-new", "never-old", "late-3x", "late-1x"]);
  });

  it("shares calls fairly: a creator with 10,000 videos cannot starve five small ones", () => {
    const big: PlannerAccount = { accountId: "big", videos: videos("b", 10_000, 3 * DAY) };
    const small = Array.from({ length: 5 }, (_, i) => ({
      accountId: `small${i}`,
      videos: videos(`s${i}-`, 30, DAY, 20 * MIN),
    }));
    const plan = planRefreshBatches({ accounts: [big, ...small], now: NOW, callsAvailable: 12 });
    const perAccount = new Map<string, number>();
    for (const batch of plan.batches) perAccount.set(batch.accountId, (perAccount.get(batch.accountId) ?? 0) + 1);
    expect(plan.batches).toHaveLength(12);
    for (let i = 0; i < 5; i += 1) expect(perAccount.get(`small${i}`)).toBe(2);
    expect(perAccount.get("big")).toBe(2);
    expect(plan.deferredDueVideos).toBe(10_000 - 40);
  });

  it("with fewer calls than accounts, the ones left out are first next cycle", () => {
    const accounts = ["a", "b", "c"].map((id) => ({ accountId: id, videos: videos(`${id}-`, 20, DAY, 15 * MIN) }));
    const first = planRefreshBatches({ accounts, now: NOW, callsAvailable: 2 });
    expect(first.batches.map((batch) => batch.accountId)).toEqual(["a", "b"]);
    const later = new Date(NOW.getTime() + 15 * MIN);
    const refreshed = accounts.map((account) =>
      first.batches.some((batch) => batch.accountId === account.accountId)
        ? { ...account, videos: account.videos.map((video) => ({ ...video, lastRefreshedAt: NOW })) }
        : account,
    );
    const second = planRefreshBatches({ accounts: refreshed, now: later, callsAvailable: 1 });
    expect(second.batches.map((batch) => batch.accountId)).toEqual(["c"]);
  });

  it("tops up a partial batch with the videos closest to due", () => {
    const account: PlannerAccount = {
      accountId: "a",
      videos: [
        ...videos("due-", 3, DAY, 20 * MIN),
        { id: "almost", createTime: ago(DAY), lastRefreshedAt: ago(14 * MIN) },
        { id: "just-done", createTime: ago(DAY), lastRefreshedAt: ago(MIN) },
      ],
    };
    const plan = planRefreshBatches({ accounts: [account], now: NOW, callsAvailable: 5, batchSize: 4 });
    expect(plan.batches).toEqual([{ accountId: "a", videoIds: ["due-0", "due-1", "due-2", "almost"] }]);
  });

  it("keeps batches full in steady state (≥ 19.5 ids per call on average)", () => {
    const accounts: PlannerAccount[] = Array.from({ length: 6 }, (_, a) => ({
      accountId: `acc${a}`,
      videos: Array.from({ length: 150 + a * 37 }, (_, i) => ({
        id: `${a}-${i}`,
        createTime: ago((i % 60) * DAY + a * MIN),
      })),
    }));
    const refreshed = new Map<string, Date>();
    let sent = 0;
    let ids = 0;
    for (let cycle = 0; cycle < 96; cycle += 1) {
      const now = new Date(NOW.getTime() + cycle * 15 * MIN);
      const state = accounts.map((account) => ({
        accountId: account.accountId,
        videos: account.videos.map((video) => ({ ...video, lastRefreshedAt: refreshed.get(video.id) })),
      }));
      const plan = planRefreshBatches({ accounts: state, now, callsAvailable: 40 });
      for (const batch of plan.batches) for (const id of batch.videoIds) refreshed.set(id, now);
      if (cycle >= 24) {
        sent += plan.batches.length;
        ids += plan.batches.reduce((sum, batch) => sum + batch.videoIds.length, 0);
      }
      for (const batch of plan.batches) expect(batch.videoIds.length).toBeLessThanOrEqual(20);
    }
    expect(sent).toBeGreaterThan(0);
    expect(ids / sent).toBeGreaterThanOrEqual(19.5);
  });

  it("plans nothing without calls, and refuses batch sizes TikTok would reject", () => {
    const accounts = [{ accountId: "a", videos: videos("v", 5, DAY) }];
    expect(planRefreshBatches({ accounts, now: NOW, callsAvailable: 0 })).toEqual({
      batches: [],
      dueVideos: 5,
      deferredDueVideos: 5,
    });
    expect(() => planRefreshBatches({ accounts, now: NOW, callsAvailable: 1, batchSize: 21 })).toThrow(/batchSize/);
    expect(() => planRefreshBatches({ accounts, now: NOW, callsAvailable: 1, batchSize: 0 })).toThrow(/batchSize/);
  });
});

describe("metrics jobs", () => {
  it("joins each account's batches in plan order, up to five calls a job, jobs in the order of their first batch", () => {
    const accounts = [
      { accountId: "big", videos: videos("b", 250, DAY) },
      { accountId: "small", videos: videos("s", 30, DAY) },
    ];
    const plan = planRefreshBatches({ accounts, now: NOW, callsAvailable: 100 });
    const jobs = joinIntoJobs(plan.batches);

    expect(plan.batches).toHaveLength(13 + 2);
    expect(jobs.map((job) => [job.accountId, job.videoIds.length])).toEqual([
      ["big", 100],
      ["small", 30],
      ["big", 100],
      ["big", 50],
    ]);
    // Cut back into calls of 20, a job's ids are its batches, in the same order.
    const calls = jobs.flatMap((job) =>
      chunked(job.videoIds, 20).map((videoIds) => ({ accountId: job.accountId, videoIds })),
    );
    const byAccount = (list: typeof calls, id: string) => list.filter((call) => call.accountId === id);
    expect(byAccount(calls, "big")).toEqual(byAccount(plan.batches, "big"));
    expect(byAccount(calls, "small")).toEqual(byAccount(plan.batches, "small"));
  });

  it("keeps one batch a job when asked, and refuses a job without calls", () => {
    const batches = [
      { accountId: "a", videoIds: ["1"] },
      { accountId: "a", videoIds: ["2"] },
    ];
    expect(joinIntoJobs(batches, 1)).toEqual(batches);
    expect(() => joinIntoJobs(batches, 0)).toThrow(/maxCalls/);
  });
});
