import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/harness";
import { seedAccount } from "../../test-support/seed";

let t: TestApp;
let accountId: string;

beforeAll(async () => {
  t = await createTestApp();
  accountId = (await seedAccount(t, { userId: "user_history", videos: 1 })).account._id;
  const snap = (iso: string, followerCount: number) =>
    t.deps.profileHistory.record({ accountId, at: new Date(iso), followerCount, followingCount: 12, videoCount: 4 });
  await snap("2026-03-01T08:00:00Z", 100);
  await snap("2026-03-01T21:00:00Z", 110);
  await snap("2026-03-03T09:00:00Z", 140);
});
afterAll(async () => {
  await t?.close();
});

const get = (query: string, role: "platform" | "compliance" = "platform") =>
  t.app.inject({ method: "GET", url: `/v1/accounts/${accountId}/profile/history?${query}`, headers: t.auth(role) });

describe("GET /v1/accounts/:id/profile/history", () => {
  it("returns the last counts of each day in the range, oldest first", async () => {
    const response = await get("from=2026-03-01T00:00:00Z&to=2026-03-05T00:00:00Z");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      accountId,
      bucket: "day",
      points: [
        { at: "2026-03-01T00:00:00.000Z", followerCount: 110, followingCount: 12, videoCount: 4 },
        { at: "2026-03-03T00:00:00.000Z", followerCount: 140, followingCount: 12, videoCount: 4 },
      ],
    });
  });

  it("buckets by hour or week on request", async () => {
    const hours = (await get("from=2026-03-01T00:00:00Z&to=2026-03-05T00:00:00Z&bucket=hour", "compliance")).json();
    expect(hours.points.map((p: { followerCount: number }) => p.followerCount)).toEqual([100, 110, 140]);
    const weeks = (await get("from=2026-03-01T00:00:00Z&to=2026-03-05T00:00:00Z&bucket=week")).json();
    expect(weeks.points.map((p: { at: string }) => p.at)).toEqual([
      "2026-02-23T00:00:00.000Z",
      "2026-03-02T00:00:00.000Z",
    ]);
  });

  it("refuses a bad bucket, a reversed or too wide range, and unknown accounts", async () => {
    expect((await get("from=2026-03-01T00:00:00Z&to=2026-03-05T00:00:00Z&bucket=month")).json().error.code).toBe(
      "VALIDATION_FAILED",
    );
    expect((await get("from=2026-03-05T00:00:00Z&to=2026-03-01T00:00:00Z")).statusCode).toBe(400);
    expect((await get("from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&bucket=hour")).statusCode).toBe(400);
    expect((await get("from=yesterday&to=2026-03-01T00:00:00Z")).statusCode).toBe(400);
    const unknown = await t.app.inject({
      method: "GET",
      url: "/v1/accounts/acc_000000000000000000000000/profile/history?from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z",
      headers: t.auth("platform"),
    });
    expect(unknown.statusCode).toBe(404);
  });
});
