import { createTokenLeasesRepo, type Database } from "@trendpot/db";
import { uniqueName } from "@trendpot/dev-services/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { abandonRefreshLease, acquireRefreshLease, retireRefreshLeases } from "./refresh-lease";
import { openTestDatabase } from "./test-support";

let env: Awaited<ReturnType<typeof openTestDatabase>>;
let second: Database;

beforeAll(async () => {
  env = await openTestDatabase();
  second = await env.connectAgain();
});
afterAll(() => env.close());

function race(accountId: string, version: number, now: Date) {
  return Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      acquireRefreshLease(createTokenLeasesRepo((i % 2 ? second : env.database).db), {
        accountId,
        version,
        owner: `owner${i}`,
        ttlMs: 60_000,
        now,
      }),
    ),
  );
}

describe("refresh lease", () => {
  it("exactly one of many concurrent callers on two clients gets the lease, every time", async () => {
    for (let round = 0; round < 10; round += 1) {
      const winners = (await race(uniqueName("acc"), 1, new Date())).filter(Boolean);
      expect(winners).toHaveLength(1);
    }
  });

  it("an expired lease is taken over by exactly one caller (the next generation)", async () => {
    const accountId = uniqueName("acc");
    const start = new Date("2026-03-01T12:00:00Z");
    expect(
      await acquireRefreshLease(createTokenLeasesRepo(env.database.db), {
        accountId,
        version: 4,
        owner: "crashed",
        ttlMs: 1_000,
        now: start,
      }),
    ).not.toBeNull();
    expect((await race(accountId, 4, new Date(start.getTime() + 500))).filter(Boolean)).toHaveLength(0);
    const winners = (await race(accountId, 4, new Date(start.getTime() + 1_000))).filter(Boolean);
    expect(winners.map((lease) => lease?.id)).toEqual([`${accountId}:4:1`]);
  });

  it("an abandoned lease can be taken at once; retired leases are deleted", async () => {
    const leases = createTokenLeasesRepo(env.database.db);
    const accountId = uniqueName("acc");
    const now = new Date();
    const first = await acquireRefreshLease(leases, { accountId, version: 1, owner: "a", ttlMs: 60_000, now });
    if (!first) throw new Error("expected a lease");
    await abandonRefreshLease(leases, first);
    const next = await acquireRefreshLease(leases, { accountId, version: 1, owner: "b", ttlMs: 60_000, now });
    expect(next?.id).toBe(`${accountId}:1:1`);
    if (next) await retireRefreshLeases(leases, next);
    expect(await env.database.db.collection("tiktok_token_leases").countDocuments({ accountId })).toBe(0);
  });
});
