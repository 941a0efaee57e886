import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { QueueEvents } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, workerEnv } from "./testing/harness";
import { spawnWorkers } from "./testing/spawn-workers";

let h: Harness;
let children: Awaited<ReturnType<typeof spawnWorkers>> | undefined;
let events: QueueEvents;
let accountId: string;

beforeAll(async () => {
  const name = uniqueName("wk_excl");
  h = await createHarness({ services: testServices(), name });
  const openId = h.sandbox.scenario.addCreator().openId;
  h.sandbox.scenario.addVideos(openId, 30);
  h.sandbox.scenario.setShortPages(openId, [10, 10, 10]);
  accountId = await h.connect(openId);
  // Two worker processes, one ingestion at a time each: together they could run two ingestions of one account.
  children = await spawnWorkers(2, workerEnv(testServices(), h.sandbox, name, { TIKTOK_INGESTION_CONCURRENCY: "1" }));
  events = new QueueEvents(h.deps.queues.ingestion.name, {
    connection: h.deps.redis.duplicate(),
    prefix: h.config.REDIS_PREFIX,
  });
  await events.waitUntilReady();
}, 60_000);
afterAll(async () => {
  await children?.stop();
  await events?.close();
  await h?.close();
});

describe("one sync per account across worker processes", () => {
  it("a manual ingestion queued beside the consent ingestion runs after it, never beside it", async () => {
    // Slow listing pages, so that the two runs would overlap if both processes ran them at once.
    h.sandbox.scenario.setFaults({ slow: { ms: 400, endpoints: ["video.list"] } });
    const consent = await h.deps.queues.enqueueIngestion({ accountId, reason: "consent" }, { key: "req-consent" });
    const manual = await h.deps.queues.enqueueIngestion({ accountId, reason: "manual" }, { key: "req-manual" });
    await Promise.all([consent.waitUntilFinished(events, 45_000), manual.waitUntilFinished(events, 45_000)]);
    h.sandbox.scenario.setFaults({});

    const runs = (await h.deps.syncRuns.listByAccount({ accountId, limit: 10 })).items
      .filter((run) => run.kind === "ingestion")
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    expect(runs.map((run) => run.outcome)).toEqual(["ok", "ok"]);
    const [first, second] = runs;
    expect(first?.finishedAt).toBeDefined();
    // The second run started only after the first had finished.
    expect(second?.startedAt.getTime()).toBeGreaterThanOrEqual(
      first?.finishedAt?.getTime() ?? Number.POSITIVE_INFINITY,
    );
    // Both processes took part: the job that found the account busy waited for the lock, it was not lost.
    const finished = await Promise.all([consent, manual].map((job) => h.deps.queues.ingestion.getJob(job.id ?? "")));
    expect(finished.map((job) => job?.finishedOn !== undefined)).toEqual([true, true]);
    expect(finished.map((job) => job?.attemptsMade)).toEqual([1, 1]);
    expect(await h.deps.videos.countByAccount(accountId)).toBe(30);
  });
});
