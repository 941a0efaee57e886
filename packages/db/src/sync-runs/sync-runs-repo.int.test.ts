import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { isAppError } from "@trendpot/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLLECTIONS } from "../collections";
import { connectDatabase, type Database } from "../database";
import { createSyncRunsRepo, ensureSyncRunsIndexes, type SyncRunsRepo } from "./sync-runs-repo";

const services = testServices();
const T0 = Date.parse("2026-08-01T00:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("sync runs repository", () => {
  let database: Database;
  let repo: SyncRunsRepo;

  beforeAll(async () => {
    database = await connectDatabase({ uri: services.mongo.uri, dbName: uniqueName("sync_runs") });
    await ensureSyncRunsIndexes(database.db);
    repo = createSyncRunsRepo(database.db);
  });
  afterAll(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  it("starts and finishes a run once", async () => {
    const run = await repo.start({
      accountId: "acc_1",
      kind: "ingestion",
      trigger: "consent",
      jobId: "job-1",
      startedAt: at(0),
    });
    expect(run._id).toMatch(/^run_/);
    const done = await repo.finish(run._id, {
      outcome: "ok",
      finishedAt: at(2),
      counts: { videos: 40, calls: 3, pages: 2 },
    });
    expect(done).toMatchObject({
      outcome: "ok",
      finishedAt: at(2),
      counts: { videos: 40, calls: 3, pages: 2 },
      kind: "ingestion",
    });
    expect(isAppError(await caught(repo.finish(run._id, { outcome: "failed", finishedAt: at(3) })), "CONFLICT")).toBe(
      true,
    );
    expect(
      isAppError(await caught(repo.finish("run_unknown", { outcome: "ok", finishedAt: at(3) })), "NOT_FOUND"),
    ).toBe(true);
  });

  it("records a failure with its code", async () => {
    const run = await repo.start({ accountId: "acc_1", kind: "token_refresh", trigger: "schedule", startedAt: at(1) });
    const failed = await repo.finish(run._id, {
      outcome: "failed",
      finishedAt: at(1),
      error: { code: "TIKTOK_AUTH_FAILED", message: "invalid_grant" },
    });
    expect(failed.error).toEqual({ code: "TIKTOK_AUTH_FAILED", message: "invalid_grant" });
  });

  it("validates input", async () => {
    const bad = { accountId: "acc_1", kind: "everything", trigger: "schedule", startedAt: at(0) } as never;
    expect(isAppError(await caught(repo.start(bad)), "VALIDATION_FAILED")).toBe(true);
  });

  it("lists an account's runs newest first across pages, with ties on startedAt", async () => {
    for (let i = 0; i < 9; i += 1) {
      await repo.start({
        accountId: "acc_page",
        kind: "metrics",
        trigger: "schedule",
        startedAt: at(100 + Math.floor(i / 3)),
      });
    }
    await repo.start({ accountId: "acc_other", kind: "metrics", trigger: "schedule", startedAt: at(500) });
    const all = await repo.listByAccount({ accountId: "acc_page", limit: 100 });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await repo.listByAccount({ accountId: "acc_page", limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((r) => r._id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(all.items).toHaveLength(9);
    expect(seen).toEqual(all.items.map((r) => r._id));
    const times = all.items.map((r) => r.startedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(
      isAppError(
        await caught(repo.listByAccount({ accountId: "acc_page", limit: 2, cursor: "e30" })),
        "VALIDATION_FAILED",
      ),
    ).toBe(true);
  });

  it("turns a corrupt run into DB_DOCUMENT_INVALID", async () => {
    const run = await repo.start({ accountId: "acc_corrupt", kind: "profile", trigger: "manual", startedAt: at(0) });
    await database.db.collection(COLLECTIONS.syncRuns).updateOne({ _id: run._id } as never, { $set: { kind: 7 } });
    expect(
      isAppError(await caught(repo.listByAccount({ accountId: "acc_corrupt", limit: 5 })), "DB_DOCUMENT_INVALID"),
    ).toBe(true);
  });

  it("purges runs started before a cutoff", async () => {
    const before = await database.db.collection(COLLECTIONS.syncRuns).countDocuments({ startedAt: { $lt: at(100) } });
    expect(await repo.purgeOlderThan(at(100))).toBe(before);
    expect((await repo.listByAccount({ accountId: "acc_1", limit: 10 })).items).toEqual([]);
    expect((await repo.listByAccount({ accountId: "acc_page", limit: 10 })).items).toHaveLength(9);
  });
});
