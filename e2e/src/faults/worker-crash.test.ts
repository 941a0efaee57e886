import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accountOfUser,
  creatorOpenId,
  listVideos,
  queueStats,
  sandboxPublicVideoIds,
  waitForIngestion,
  waitForQueuesToSettle,
} from "../harness/checks";
import { connectOverHttp } from "../harness/consent";
import { type Stack, startStack } from "../harness/stack";
import { waitFor } from "../harness/wait";
import { auditMetricPoints } from "./metric-points";

// CI-sized by default; bench/src/e2e-heavy.ts raises it.
const BIG_CREATOR_VIDEOS = Number(process.env.E2E_CRASH_VIDEOS ?? 120);

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ name: "crash" });
});

afterAll(async () => {
  await stack?.stop();
});

async function connect(userId: string, openId: string): Promise<string> {
  const result = await connectOverHttp(stack, { userId, openId });
  expect(result.status, result.html.slice(0, 300)).toBeLessThan(400);
  const account = await accountOfUser(stack, userId);
  if (!account) throw new Error(`no account for ${userId}`);
  return account.id;
}

describe("kill -9 of the worker mid-ingestion and mid-refresh", () => {
  it("resumes after a restart: every video once, no metric point lost or doubled, no job stuck", async () => {
    // A: an ingested creator whose metrics refresh will be in flight at the kill.
    const refreshedOpenId = creatorOpenId(stack, "luna.makes");
    const refreshed = await connect("user_crash_refresh", refreshedOpenId);
    await waitForIngestion(stack, refreshed);
    const refreshedIds = (await listVideos(stack, refreshed)).map((v) => v.id);

    // B: a creator with many videos, ingested page by page while the worker dies.
    const big = stack.sandbox.scenario.addCreator({ username: "many.videos" });
    stack.sandbox.scenario.addVideos(big.openId, BIG_CREATOR_VIDEOS);
    // Slow TikTok widens the window in which both jobs are running.
    stack.sandbox.scenario.setFaults({ slow: { ms: 400, endpoints: ["video.list", "video.query"] } });
    const sync = await stack.api.post(`/v1/accounts/${refreshed}/sync`, { kind: "metrics" });
    expect(sync.status, sync.text).toBe(202);
    const bigAccount = await connect("user_crash_big", big.openId);

    await waitFor(
      async () => {
        const stored = await stack.db.collection("videos").countDocuments({ accountId: bigAccount });
        const active = (await queueStats(stack)).filter((q) => q.active > 0).map((q) => q.queue);
        const both = active.includes("tiktok-ingestion") && active.includes("tiktok-metrics-refresh");
        return stored > 0 && stored < BIG_CREATOR_VIDEOS && both ? true : undefined;
      },
      { description: "ingestion half done while a refresh batch runs", timeoutMs: 60_000, intervalMs: 50 },
    );
    await stack.killWorker("SIGKILL");
    const atKill = await stack.db.collection("videos").countDocuments({ accountId: bigAccount });
    stack.sandbox.scenario.clearFaults();
    await stack.startWorker();

    // The jobs the dead worker held come back when their locks expire (BullMQ's stalled-job check).
    await waitForIngestion(stack, bigAccount, { timeoutMs: 150_000 });
    const settled = await waitForQueuesToSettle(stack, 150_000);
    for (const queue of settled) expect(queue.failed, `${queue.queue} failed jobs`).toBe(0);

    const bigListed = (await listVideos(stack, bigAccount)).map((v) => v.id);
    expect(atKill).toBeLessThan(BIG_CREATOR_VIDEOS);
    expect(new Set(bigListed).size).toBe(bigListed.length);
    expect(bigListed.sort()).toEqual(sandboxPublicVideoIds(stack, big.openId).sort());
    expect(await stack.db.collection("videos").countDocuments({ accountId: bigAccount })).toBe(BIG_CREATOR_VIDEOS);

    // The refresh the dead worker held runs again only once its account's sync lock expires; until then the job
    // waits as a delayed job, which "settled" does not look at. Wait for what is being checked: a point per video.
    const points = await waitFor(
      async () => {
        const audit = await auditMetricPoints(stack, refreshedIds);
        return refreshedIds.every((id) => (audit.perVideo.get(id) ?? 0) >= 1) ? audit : undefined;
      },
      { description: "a metric point for every refreshed video", timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(points.problems).toEqual([]);
    await stack.assertAlive();
  });
});
