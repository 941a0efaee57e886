import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, type Database } from "../database";
import {
  createProfileHistoryRepo,
  ensureProfileHistoryIndexes,
  PROFILE_HISTORY_RETENTION_DAYS,
  type ProfileHistoryRepo,
} from "./profile-history-repo";

const services = testServices();
const at = (iso: string) => new Date(iso);

describe("profile history repository", () => {
  let database: Database;
  let repo: ProfileHistoryRepo;

  beforeAll(async () => {
    database = await connectDatabase({ uri: services.mongo.uri, dbName: uniqueName("profile_history") });
    await ensureProfileHistoryIndexes(database.db);
    repo = createProfileHistoryRepo(database.db);
  });
  afterAll(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  it("keeps the last snapshot of each UTC day, hour or week, oldest first, within the range", async () => {
    const accountId = uniqueName("acc");
    const snap = (iso: string, followerCount: number) =>
      repo.record({ accountId, at: at(iso), followerCount, followingCount: 10, likesCount: 500, videoCount: 7 });
    await snap("2026-03-01T08:00:00Z", 100);
    await snap("2026-03-01T20:00:00Z", 120);
    await snap("2026-03-02T09:30:00Z", 150);
    await snap("2026-03-02T09:45:00Z", 155);
    await snap("2026-03-09T09:00:00Z", 200);
    await repo.record({ accountId: "acc_other", at: at("2026-03-01T10:00:00Z"), followerCount: 9 });

    const range = { accountId, from: at("2026-03-01T00:00:00Z"), to: at("2026-03-09T23:59:59Z") };
    const days = await repo.history({ ...range, bucket: "day" });
    expect(days.map((p) => [p.at.toISOString(), p.followerCount])).toEqual([
      ["2026-03-01T00:00:00.000Z", 120],
      ["2026-03-02T00:00:00.000Z", 155],
      ["2026-03-09T00:00:00.000Z", 200],
    ]);
    expect(days[0]).toEqual({
      at: at("2026-03-01T00:00:00Z"),
      followerCount: 120,
      followingCount: 10,
      likesCount: 500,
      videoCount: 7,
    });
    const hours = await repo.history({ ...range, bucket: "hour" });
    expect(hours.map((p) => p.followerCount)).toEqual([100, 120, 155, 200]);
    // 2026-03-02 is a Monday: the first week holds only March 1st (a Sunday).
    const weeks = await repo.history({ ...range, bucket: "week" });
    expect(weeks.map((p) => [p.at.toISOString(), p.followerCount])).toEqual([
      ["2026-02-23T00:00:00.000Z", 120],
      ["2026-03-02T00:00:00.000Z", 155],
      ["2026-03-09T00:00:00.000Z", 200],
    ]);
    const narrow = await repo.history({
      accountId,
      from: at("2026-03-02T00:00:00Z"),
      to: at("2026-03-03T00:00:00Z"),
      bucket: "day",
    });
    expect(narrow.map((p) => p.followerCount)).toEqual([155]);
  });

  it("records nothing for a sync without counts, stamps the expiry and purges an account", async () => {
    const accountId = uniqueName("acc");
    expect(await repo.record({ accountId, at: at("2026-04-01T00:00:00Z") })).toBe(false);
    expect(await repo.record({ accountId, at: at("2026-04-01T00:00:00Z"), videoCount: 3 })).toBe(true);
    const [stored] = await database.db.collection("profile_snapshots").find({ accountId }).toArray();
    expect(stored?.expiresAt).toEqual(
      new Date(Date.parse("2026-04-01T00:00:00Z") + PROFILE_HISTORY_RETENTION_DAYS * 86_400_000),
    );
    const series = await repo.history({
      accountId,
      from: at("2026-03-01T00:00:00Z"),
      to: at("2026-05-01T00:00:00Z"),
      bucket: "day",
    });
    expect(series).toEqual([{ at: at("2026-04-01T00:00:00Z"), videoCount: 3 }]);
    expect(await repo.purgeAccount(accountId)).toBe(1);
    expect(
      await repo.history({
        accountId,
        from: at("2026-03-01T00:00:00Z"),
        to: at("2026-05-01T00:00:00Z"),
        bucket: "day",
      }),
    ).toEqual([]);
  });

  it("refuses negative or fractional counts", async () => {
    await expect(repo.record({ accountId: "acc_bad", at: new Date(), followerCount: -1 })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
  });
});
