import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { isAppError } from "@trendpot/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLLECTIONS } from "../collections";
import { connectDatabase, type Database } from "../database";
import { createMetricsRepo, ensureMetricsIndexes, type MetricsRepo } from "./metrics-repo";
import type { MetricPointInput } from "./metrics-schema";

const services = testServices();
const hour = (day: string, h: number, m = 0) =>
  new Date(`${day}T${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:00.000Z`);

function point(videoId: string, at: Date, views: number, accountId = "acc_m"): MetricPointInput {
  return { videoId, accountId, at, views, likes: views * 2, comments: 1, shares: 0 };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("metrics history repository", () => {
  let database: Database;
  let repo: MetricsRepo;
  const raw = () => database.db.collection<{ _id: string; points: unknown[]; count: number }>(COLLECTIONS.videoMetrics);

  beforeAll(async () => {
    database = await connectDatabase({ uri: services.mongo.uri, dbName: uniqueName("metrics") });
    await ensureMetricsIndexes(database.db);
    repo = createMetricsRepo(database.db, { maxPointsPerBucket: 4 });
  });
  afterAll(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  it("buckets points per video and UTC day", async () => {
    const result = await repo.appendPoints([
      point("v1", hour("2026-03-01", 23, 45), 10),
      point("v1", hour("2026-03-02", 0, 0), 20),
      point("v1", hour("2026-03-02", 0, 15), 30),
    ]);
    expect(result).toEqual({ recorded: 3, skipped: 0 });
    const ids = (await raw().find({ videoId: "v1" }).sort({ _id: 1 }).toArray()).map((doc) => [doc._id, doc.count]);
    expect(ids).toEqual([
      ["v1:2026-03-01", 1],
      ["v1:2026-03-02", 2],
    ]);
  });

  it("does not duplicate a point when a job is retried with the same at (existing bucket: 11000 is 'already recorded')", async () => {
    const batch = [
      point("v2", hour("2026-03-05", 8), 1),
      point("v2", hour("2026-03-05", 9), 2),
      point("v3", hour("2026-03-05", 9), 5),
    ];
    expect(await repo.appendPoints(batch)).toEqual({ recorded: 3, skipped: 0 });
    expect(await repo.appendPoints(batch)).toEqual({ recorded: 0, skipped: 3 });
    expect(await repo.appendPoints([{ ...point("v2", hour("2026-03-05", 9), 99) }])).toEqual({
      recorded: 0,
      skipped: 1,
    });
    const bucket = await raw().findOne({ _id: "v2:2026-03-05" });
    expect(bucket?.points).toHaveLength(2);
    expect(bucket?.count).toBe(2);
  });

  it("records a point once when the same append races against itself", async () => {
    const same = [point("v4", hour("2026-03-06", 10), 7)];
    const results = await Promise.all(Array.from({ length: 6 }, () => repo.appendPoints(same)));
    expect(results.reduce((sum, r) => sum + r.recorded, 0)).toBe(1);
    expect((await raw().findOne({ _id: "v4:2026-03-06" }))?.points).toHaveLength(1);
  });

  it("skips a late point older than the bucket's newest one", async () => {
    await repo.appendPoints([point("v5", hour("2026-03-07", 12), 50)]);
    expect(await repo.appendPoints([point("v5", hour("2026-03-07", 11), 40)])).toEqual({ recorded: 0, skipped: 1 });
  });

  it("caps a bucket and keeps the day's newest point as its last", async () => {
    const points = Array.from({ length: 7 }, (_, i) => point("v6", hour("2026-03-08", i), i * 10));
    expect(await repo.appendPoints(points)).toEqual({ recorded: 7, skipped: 0 });
    const bucket = await raw().findOne({ _id: "v6:2026-03-08" });
    expect(bucket?.count).toBe(4);
    expect(((bucket?.points ?? []) as { views: number }[]).map((p) => p.views)).toEqual([0, 10, 20, 60]);
    expect(await repo.appendPoints([points[6] as MetricPointInput])).toEqual({ recorded: 0, skipped: 1 });
    const [daily] = await repo.history({ videoId: "v6", from: hour("2026-03-08", 0), to: hour("2026-03-08", 23) });
    expect(daily?.views).toBe(60);
  });

  it("returns history over a date range, daily or raw", async () => {
    const days = ["2026-04-01", "2026-04-02", "2026-04-03", "2026-04-04"];
    await repo.appendPoints(
      days.flatMap((day, d) => [point("v7", hour(day, 6), d * 100), point("v7", hour(day, 18), d * 100 + 5)]),
    );
    const daily = await repo.history({ videoId: "v7", from: hour("2026-04-02", 0), to: hour("2026-04-03", 23) });
    expect(daily.map((p) => [p.day, p.views])).toEqual([
      ["2026-04-02", 105],
      ["2026-04-03", 205],
    ]);
    const rawPoints = await repo.history({
      videoId: "v7",
      from: hour("2026-04-01", 12),
      to: hour("2026-04-03", 12),
      granularity: "raw",
    });
    expect(rawPoints.map((p) => p.views)).toEqual([5, 100, 105, 200]);
    expect(await repo.history({ videoId: "v7", from: hour("2026-05-01", 0), to: hour("2026-05-02", 0) })).toEqual([]);
    expect(
      isAppError(
        await caught(repo.history({ videoId: "v7", from: hour("2026-04-03", 0), to: hour("2026-04-01", 0) })),
        "VALIDATION_FAILED",
      ),
    ).toBe(true);
  });

  it("sums an account's videos per day from each video's last point of the day", async () => {
    await repo.appendPoints([
      point("a1", hour("2026-06-01", 1), 10, "acc_t"),
      point("a1", hour("2026-06-01", 2), 15, "acc_t"),
      point("a2", hour("2026-06-01", 3), 100, "acc_t"),
      point("a1", hour("2026-06-02", 1), 20, "acc_t"),
      point("x1", hour("2026-06-01", 1), 1000, "acc_other"),
    ]);
    expect(await repo.accountDailyTotals({ accountId: "acc_t", from: "2026-06-01", to: "2026-06-30" })).toEqual([
      { day: "2026-06-01", videos: 2, views: 115, likes: 230, comments: 2, shares: 0 },
      { day: "2026-06-02", videos: 1, views: 20, likes: 40, comments: 1, shares: 0 },
    ]);
    expect(
      isAppError(
        await caught(repo.accountDailyTotals({ accountId: "acc_t", from: "June", to: "2026-06-30" })),
        "VALIDATION_FAILED",
      ),
    ).toBe(true);
  });

  it("rejects invalid points with VALIDATION_FAILED and stores nothing", async () => {
    const bad = { ...point("v8", hour("2026-03-09", 1), 1), views: -1 };
    expect(isAppError(await caught(repo.appendPoints([bad])), "VALIDATION_FAILED")).toBe(true);
    expect(await raw().countDocuments({ videoId: "v8" })).toBe(0);
  });

  it("turns a corrupt bucket into DB_DOCUMENT_INVALID", async () => {
    await repo.appendPoints([point("v9", hour("2026-03-10", 1), 1)]);
    await raw().updateOne({ _id: "v9:2026-03-10" }, { $set: { points: "oops" } } as never);
    const error = await caught(
      repo.history({ videoId: "v9", from: hour("2026-03-10", 0), to: hour("2026-03-10", 23) }),
    );
    expect(isAppError(error, "DB_DOCUMENT_INVALID")).toBe(true);
  });

  it("purges buckets before a day and an account's whole history", async () => {
    const before = await raw().countDocuments({ day: { $lt: "2026-03-06" } });
    expect(before).toBeGreaterThan(0);
    expect(await repo.purgeOlderThan("2026-03-06")).toBe(before);
    expect(await raw().countDocuments({ day: { $lt: "2026-03-06" } })).toBe(0);
    expect(await raw().countDocuments({ day: "2026-03-06" })).toBe(1);
    expect(await repo.purgeAccount("acc_t")).toBe(3);
    expect(await raw().countDocuments({ accountId: "acc_other" })).toBe(1);
  });
});
