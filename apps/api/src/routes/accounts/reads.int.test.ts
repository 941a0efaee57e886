import type { Account } from "@trendpot/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/harness";
import { seedAccount } from "../../test-support/seed";

let t: TestApp;
let a: { account: Account; videoIds: string[] };
let b: { account: Account; videoIds: string[] };
const bodies: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  a = await seedAccount(t, { userId: "user_a", videos: 7 });
  b = await seedAccount(t, { userId: "user_b", videos: 2, scopes: ["user.info.basic"] });
  await t.deps.accounts.setLastError(b.account._id, { code: "TIKTOK_UNAVAILABLE", message: "TikTok is unavailable." });
});
afterAll(async () => {
  await t?.close();
});

async function get(url: string) {
  const response = await t.app.inject({ method: "GET", url, headers: t.auth("platform") });
  bodies.push(response.body);
  return response;
}

describe("accounts", () => {
  it("lists with a status filter and cursor pagination", async () => {
    const first = await get("/v1/accounts?limit=1");
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.items).toHaveLength(1);
    expect(page1.nextCursor).toBeDefined();
    const page2 = (await get(`/v1/accounts?limit=1&cursor=${page1.nextCursor}`)).json();
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeUndefined();
    expect(new Set([page1.items[0].id, page2.items[0].id])).toEqual(new Set([a.account._id, b.account._id]));
    expect((await get("/v1/accounts?status=revoked")).json().items).toEqual([]);
    expect((await get("/v1/accounts?userId=user_b")).json().items.map((x: { id: string }) => x.id)).toEqual([
      b.account._id,
    ]);
  });

  it("shows one account with scopes, sync state and last error", async () => {
    const body = (await get(`/v1/accounts/${b.account._id}`)).json();
    expect(body).toMatchObject({
      id: b.account._id,
      userId: "user_b",
      status: "active",
      grantedScopes: ["user.info.basic"],
      missingScopes: ["user.info.stats", "video.list"],
      sync: { lastError: { code: "TIKTOK_UNAVAILABLE", message: "TikTok is unavailable.", at: expect.any(String) } },
    });
    expect(body.sync).toMatchObject({ profileSyncedAt: null, videosSyncedAt: null, metricsSyncedAt: null });
  });

  it("finds the account of a user, and 404s for unknown ones", async () => {
    expect((await get("/v1/users/user_a/account")).json().id).toBe(a.account._id);
    const missing = await get("/v1/users/nobody/account");
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe("NOT_FOUND");
    expect((await get("/v1/accounts/acc_000000000000000000000000")).statusCode).toBe(404);
  });
});

describe("videos", () => {
  it("pages through an account's videos by create time without repeats", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const response = await get(`/v1/accounts/${a.account._id}/videos?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      const body = response.json();
      seen.push(...body.items.map((v: { id: string }) => v.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });

  it("sorts by a metric", async () => {
    const body = (await get(`/v1/accounts/${a.account._id}/videos?sort=likes&order=desc&limit=50`)).json();
    const likes = body.items.map((v: { metrics: { likes: number } }) => v.metrics.likes);
    expect(likes).toEqual([...likes].sort((x, y) => y - x));
  });

  it("rejects a cursor from another sort", async () => {
    const first = (await get(`/v1/accounts/${a.account._id}/videos?limit=2`)).json();
    const response = await get(`/v1/accounts/${a.account._id}/videos?limit=2&sort=views&cursor=${first.nextCursor}`);
    expect(response.statusCode).toBe(400);
  });

  it("shows one video with its sanitized embed and latest metrics", async () => {
    const body = (await get(`/v1/videos/${a.videoIds[0]}`)).json();
    expect(body.embed.html).toContain('class="tiktok-embed"');
    expect(body.embed.html).not.toContain("<script");
    expect(body.metrics).toMatchObject({ views: 1000, likes: 0 });
    expect((await get("/v1/videos/999")).statusCode).toBe(404);
  });

  it("returns daily history over a range and account totals", async () => {
    const from = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const history = (await get(`/v1/videos/${a.videoIds[0]}/metrics?from=${from}&to=${to}`)).json();
    expect(history.points.map((p: { views: number }) => p.views)).toEqual([10, 1000]);
    const totals = (await get(`/v1/accounts/${a.account._id}/totals`)).json();
    expect(totals).toMatchObject({ videos: 7, views: 1000 * 7 - 21, likes: 210 });
    const daily = (await get(`/v1/accounts/${a.account._id}/metrics/daily?from=${from}&to=${to}`)).json();
    expect(daily.days).toHaveLength(2);
    const reversed = await get(`/v1/videos/${a.videoIds[0]}/metrics?from=${to}&to=${from}`);
    expect(reversed.statusCode).toBe(400);
  });

  it("never returns a token or a ciphertext", async () => {
    const raw = await t.deps.db.collection("tiktok_accounts").findOne({ _id: a.account._id as never });
    const ciphertexts = [
      raw?.credentials?.accessToken?.ct,
      raw?.credentials?.refreshToken?.ct,
      raw?.credentials?.accessToken?.edk,
    ];
    const all = bodies.join("\n");
    for (const value of [...ciphertexts, "act.seed-", "rft.seed-"]) {
      expect(typeof value).toBe("string");
      expect(all).not.toContain(String(value));
    }
    expect(all).not.toContain("credentials");
  });
});
