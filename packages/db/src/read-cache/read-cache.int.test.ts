import { testServices } from "@trendpot/dev-services/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureAccountsIndexes } from "../accounts/accounts-collection";
import { createAccountsRepo } from "../accounts/accounts-repo";
import { consentInput, openTestDatabase } from "../accounts/test-support";
import { connectDatabase, type Database } from "../database";
import type { VideoUpsert } from "../videos/video-schema";
import { createVideosRepo, ensureVideosIndexes } from "../videos/videos-repo";
import { withCachedLists } from "./cached-lists";
import { createReadCache, opTimeOfToken, type ReadCache } from "./read-cache";

// The cache on the real mongod's replica set: the api's client reads through it; a second client is another
// process (the worker) writing beside it.
let test: Awaited<ReturnType<typeof openTestDatabase>>;
let other: Database;
let cache: ReadCache;
let clock = 0;
let accountIds: string[];
const now = () => Date.now() + clock;

function video(id: string, accountId: string, minute: number, views = 0): VideoUpsert {
  return {
    id,
    accountId,
    userId: `user_${accountId}`,
    title: `Video ${id}`,
    description: "",
    createTime: new Date(Date.UTC(2026, 0, 1, 0, minute)),
    shareUrl: `https://www.tiktok.com/@creator/video/${id}`,
    metrics: { views, likes: 0, comments: 0, shares: 0, at: new Date(Date.UTC(2026, 0, 2)) },
  };
}

async function until(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  test = await openTestDatabase();
  const { db } = test.database;
  await Promise.all([ensureAccountsIndexes(db), ensureVideosIndexes(db)]);
  const accounts = createAccountsRepo(db);
  accountIds = [];
  for (const n of [1, 2])
    accountIds.push((await accounts.upsertFromConsent(consentInput(`u${n}`, `o${n}`, `t${n}`)))._id);
  await createVideosRepo(db).upsertMany([
    ...Array.from({ length: 5 }, (_, i) => video(`7100000000000000${i}`, accountIds[0] ?? "", i, i * 10)),
    video("72000000000000000", accountIds[1] ?? "", 0),
  ]);
  other = await connectDatabase({ uri: testServices().mongo.uri, dbName: db.databaseName });
  cache = createReadCache({
    client: test.database.client,
    db,
    maxEntries: 100,
    maxAwaitMs: 100,
    staleAfterMs: 1_000,
    now,
  });
  await until("the change stream is live", () => cache.stats().live);
});

afterAll(async () => {
  await cache?.close();
  await other?.close();
  await test?.close();
});

const repos = () =>
  withCachedLists(
    { accounts: createAccountsRepo(test.database.db), videos: createVideosRepo(test.database.db) },
    cache,
  );
const page = (accountId: string, sort: "createTime" | "views" = "createTime") =>
  repos().videos.listByAccount({ accountId, sort, order: "desc", limit: 3 });

/** Reads until a read is answered from memory (right after a write the cache first waits for the stream). */
async function cachedRead<T>(read: () => Promise<T>): Promise<T> {
  let value: T | undefined;
  await until("a read answered from memory", async () => {
    const hits = cache.stats().hits;
    value = await read();
    return cache.stats().hits > hits;
  });
  return value as T;
}

describe("read cache", () => {
  it("answers a repeated list from memory, and drops it when another process writes an account", async () => {
    const first = await cachedRead(() => repos().accounts.list({ limit: 10 }));
    expect(first.items.map((a) => a._id).sort()).toEqual([...accountIds].sort());
    const at = new Date("2026-03-01T00:00:00.000Z");
    await createAccountsRepo(other.db).recordSync(accountIds[0] ?? "", { videosSyncedAt: at });
    await until("the other process's write is listed", async () => {
      const listed = await repos().accounts.list({ limit: 10 });
      return listed.items.find((a) => a._id === accountIds[0])?.sync.videosSyncedAt?.getTime() === at.getTime();
    });
  });

  it("a write through this process's own client is seen by the very next read", async () => {
    await cachedRead(() => repos().accounts.list({ limit: 10 }));
    const at = new Date("2026-04-01T00:00:00.000Z");
    await createAccountsRepo(test.database.db).recordSync(accountIds[1] ?? "", { videosSyncedAt: at });
    const listed = await repos().accounts.list({ limit: 10 });
    expect(listed.items.find((a) => a._id === accountIds[1])?.sync.videosSyncedAt).toEqual(at);
  });

  it("a video inserted for one account drops that account's pages and keeps the other's", async () => {
    const [mine, theirs] = accountIds as [string, string];
    await cachedRead(() => page(mine));
    await cachedRead(() => page(theirs));
    await createVideosRepo(other.db).upsertMany([video("71000000000000009", mine, 59)]);
    await until("the new video heads the page", async () => (await page(mine)).items[0]?._id === "71000000000000009");
    const hits = cache.stats().hits;
    await cachedRead(() => page(theirs));
    expect(cache.stats().hits).toBe(hits + 1);
  });

  it("a metrics update outside a views-sorted page, and a deletion inside one, drop it", async () => {
    const mine = accountIds[0] ?? "";
    const top = await cachedRead(() => page(mine, "views"));
    const outside = "71000000000000000";
    expect(top.items.map((v) => v._id)).not.toContain(outside);
    await createVideosRepo(other.db).applyMetrics([
      { videoId: outside, views: 1_000_000, likes: 0, comments: 0, shares: 0, at: new Date(Date.UTC(2026, 0, 3)) },
    ]);
    await until("the updated video leads by views", async () => (await page(mine, "views")).items[0]?._id === outside);
    const held = (await cachedRead(() => page(mine, "views"))).items[1]?._id ?? "";
    // A deletion's event carries only the id: the entries holding the video are found by it.
    await other.db.collection("videos").deleteOne({ _id: held as never });
    await until("the deleted video is gone", async () =>
      (await page(mine, "views")).items.every((v) => v._id !== held),
    );
  });

  it("a load that overlaps a change is answered but not kept", async () => {
    const key = "overlap";
    const deps = { scope: "accounts" as const, ids: () => [] };
    let loads = 0;
    const invalidations = cache.stats().invalidations;
    await cache.read(key, deps, async () => {
      loads += 1;
      await createAccountsRepo(other.db).recordSync(accountIds[0] ?? "", { profileSyncedAt: new Date() });
      await until("the change reached the cache", () => cache.stats().invalidations > invalidations);
      return loads;
    });
    await cache.read(key, deps, async () => ++loads);
    expect(loads).toBe(2);
  });

  it("a silent stream stops the cache: reads go to MongoDB until it answers again", async () => {
    await cachedRead(() => repos().accounts.list({ limit: 10 }));
    expect(cache.stats().entries).toBeGreaterThan(0);
    // Past staleAfterMs without a heartbeat, as seen by the cache's clock.
    clock += 10_000;
    const bypassed = cache.stats().bypassed;
    await repos().accounts.list({ limit: 10 });
    expect(cache.stats()).toMatchObject({ live: false, entries: 0, bypassed: bypassed + 1 });
    await until("the next heartbeat makes it live", () => cache.stats().live);
    await cachedRead(() => repos().accounts.list({ limit: 10 }));
  });

  it("a dropped collection empties the cache; a stream the server ends (its database dropped) is reopened", async () => {
    await cachedRead(() => page(accountIds[1] ?? ""));
    await other.db.collection("videos").drop();
    await until("the cache emptied", () => cache.stats().entries === 0);
    expect((await page(accountIds[1] ?? "")).items).toEqual([]);
    await cachedRead(() => repos().accounts.list({ limit: 10 }));
    await other.db.dropDatabase();
    await until("the stream ended", () => !cache.stats().live);
    expect(cache.stats().entries).toBe(0);
    await until("live again", () => cache.stats().live, 10_000);
    expect((await cachedRead(() => repos().accounts.list({ limit: 10 }))).items).toEqual([]);
  });
});

describe("opTimeOfToken", () => {
  it("reads the cluster time a resume token starts with, and nothing from anything else", () => {
    expect(opTimeOfToken({ _data: "8263A1B2C3000000052B0229296E04" })).toEqual({ t: 0x63a1b2c3, i: 5 });
    expect(opTimeOfToken({ _data: "0163A1B2C300000005" })).toBeUndefined();
    expect(opTimeOfToken({ _data: 5 })).toBeUndefined();
    expect(opTimeOfToken(null)).toBeUndefined();
  });
});
