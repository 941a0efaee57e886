import type { Browser } from "playwright-core";
import { expect } from "vitest";
import { connectInBrowser } from "../harness/browser";
import {
  type AccountView,
  accountOfUser,
  getAccount,
  listVideos,
  readAllEvents,
  sandboxPublicVideoIds,
  waitForIngestion,
} from "../harness/checks";
import type { Stack } from "../harness/stack";
import { waitFor } from "../harness/wait";

/**
 * Journey 1, first half: the creator connects in a real browser and the worker ingests every public video.
 * Returns the account once `videosSyncedAt` is set and the API lists exactly the sandbox's public videos.
 */
export async function connectAndIngest(
  stack: Stack,
  browser: Browser,
  input: { userId: string; openId: string },
): Promise<AccountView> {
  const started = Date.now();
  const outcome = await connectInBrowser(stack, browser, input);
  expect(outcome.heading).toBe("Your TikTok account is connected");
  expect(outcome.errors).toEqual([]);
  const linked = await accountOfUser(stack, input.userId);
  expect(linked?.status).toBe("active");
  // A reconnect keeps the old sync state: only a videosSyncedAt newer than this consent counts.
  const account = await waitForIngestion(stack, linked?.id ?? "", { after: started });
  const listed = (await listVideos(stack, account.id)).map((v) => v.id).sort();
  expect(listed).toEqual(sandboxPublicVideoIds(stack, input.openId).sort());
  const events = await readAllEvents(stack);
  const upserted = new Set(
    events.flatMap(({ event }) => (event.type === "upsert" && event.accountId === account.id ? event.videoIds : [])),
  );
  expect([...upserted].sort()).toEqual(listed);
  return account;
}

/** Metric points stored per video (every observation of every day), read from MongoDB. */
export async function storedPointsByVideo(stack: Stack, videoIds: readonly string[]): Promise<Map<string, number>> {
  const buckets = await stack.db
    .collection<{ _id: string; points: unknown[] }>("video_metrics")
    .find({ videoId: { $in: [...videoIds] } })
    .toArray();
  const counts = new Map<string, number>(videoIds.map((id) => [id, 0]));
  for (const bucket of buckets) {
    const videoId = bucket._id.split(":")[0] ?? "";
    counts.set(videoId, (counts.get(videoId) ?? 0) + bucket.points.length);
  }
  return counts;
}

/**
 * A manual metrics refresh from the platform: triggers it and waits until every batch job it queued has run
 * (the account's `metricsSyncedAt` moved past the trigger and every video has a point newer than it).
 */
export async function refreshMetrics(stack: Stack, accountId: string, videoIds: readonly string[]): Promise<void> {
  const before = Date.now();
  const trigger = await stack.api.post<{ jobs: unknown[] }>(`/v1/accounts/${accountId}/sync`, {
    kind: "metrics",
    reason: "e2e refresh",
  });
  expect(trigger.status, trigger.text).toBe(202);
  expect(trigger.body.jobs.length).toBeGreaterThan(0);
  await waitFor(
    async () => {
      const account = await getAccount(stack, accountId);
      if (!account.sync.metricsSyncedAt || Date.parse(account.sync.metricsSyncedAt) < before) {
        throw new Error(`metricsSyncedAt ${account.sync.metricsSyncedAt} is older than the trigger`);
      }
      const videos = await listVideos(stack, accountId);
      const stale = videos.filter((v) => videoIds.includes(v.id) && !(v.metrics && Date.parse(v.metrics.at) >= before));
      if (stale.length > 0) throw new Error(`stale: ${JSON.stringify(stale.map((v) => [v.id, v.metrics]))}`);
      return true;
    },
    { description: `metrics refresh of ${accountId}`, timeoutMs: 60_000, intervalMs: 250 },
  );
}
