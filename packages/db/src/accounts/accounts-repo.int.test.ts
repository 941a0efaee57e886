import { uniqueName } from "@trendpot/dev-services/testing";
import type { AppError } from "@trendpot/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../database";
import { createUsersRepo } from "../users/users-repo";
import { ensureAccountsIndexes } from "./accounts-collection";
import { type AccountsRepo, createAccountsRepo } from "./accounts-repo";
import { consentInput, openTestDatabase, testCipher } from "./test-support";

let env: Awaited<ReturnType<typeof openTestDatabase>>;
let database: Database;
let accounts: AccountsRepo;

beforeAll(async () => {
  env = await openTestDatabase();
  database = env.database;
  await ensureAccountsIndexes(database.db);
  accounts = createAccountsRepo(database.db);
});
afterAll(() => env.close());

async function connect(label = "c") {
  const userId = uniqueName("user");
  const openId = uniqueName("open");
  const account = await accounts.upsertFromConsent(consentInput(userId, openId, label));
  return { userId, openId, account };
}

describe("upsertFromConsent", () => {
  it("creates an active account with a minted id, encrypted credentials (version 1) and a user mirror", async () => {
    const { userId, openId, account } = await connect();
    expect(account).toMatchObject({
      openId,
      userId,
      status: "active",
      credentialsVersion: 1,
      credentials: { version: 1, keyId: "key-a" },
    });
    expect(account._id).toMatch(/^acc_[0-9a-f]{24}$/);
    const user = await createUsersRepo(database.db).getById(userId);
    expect(user).toMatchObject({ tiktokAccountId: account._id, mirrorVersion: 1, credentialsMirror: { version: 1 } });
    expect(user?.credentialsMirror?.accessToken).toEqual(account.credentials?.accessToken);
  });

  it("reconnecting keeps history, re-activates a revoked account and stores the new tokens", async () => {
    const { userId, openId, account } = await connect("first");
    await accounts.recordSync(account._id, { videosSyncedAt: new Date("2026-01-01T00:00:00Z"), ingestionCursor: 42 });
    await accounts.markRevoked(account._id, { reason: "creator asked", at: new Date() });
    const again = await accounts.upsertFromConsent(consentInput(userId, openId, "second"));
    expect(again._id).toBe(account._id);
    expect(again.createdAt).toEqual(account.createdAt);
    expect(again).toMatchObject({ status: "active", credentialsVersion: 3, sync: { ingestionCursor: 42 } });
    expect(again.revokedAt).toBeUndefined();
    const context = { accountId: account._id, kind: "access" as const, requestId: "req_repo", operation: "repo.test" };
    expect(await testCipher.decrypt(again.credentials?.accessToken, context)).toBe("act.second");
  });

  it("rejects a sealed credential with an empty blob at the schema", async () => {
    const { account } = await connect();
    const credentials = account.credentials;
    if (!credentials) throw new Error("expected credentials");
    const { version: _v, updatedAt: _u, ...sealed } = credentials;
    const error = (await accounts
      .writeCredentials(account._id, { ...sealed, refreshToken: { ...sealed.refreshToken, ct: "" } })
      .catch((e) => e)) as AppError;
    expect(error.code).toBe("VALIDATION_FAILED");
    expect((await accounts.getById(account._id))?.credentials).toEqual(credentials);
  });

  it("keeps open_id unique", async () => {
    const { openId } = await connect();
    const raw = database.db.collection("tiktok_accounts");
    await expect(raw.insertOne({ _id: "acc_duplicate" as never, openId })).rejects.toMatchObject({ code: 11000 });
  });
});

describe("revocation and status", () => {
  it("markRevoked clears the blobs from the account and the user document", async () => {
    const { userId, account } = await connect();
    const revoked = await accounts.markRevoked(account._id, { reason: "ops", at: new Date("2026-02-01T00:00:00Z") });
    expect(revoked).toMatchObject({ status: "revoked", revokeReason: "ops", credentialsVersion: 2 });
    expect(revoked?.credentials).toBeUndefined();
    const user = await createUsersRepo(database.db).getById(userId);
    expect(user?.credentialsMirror).toBeUndefined();
    expect(user?.mirrorVersion).toBe(2);
    expect(await accounts.setStatus(account._id, "active")).toBe(false);
  });

  it("records sync state, last error and profile", async () => {
    const { account } = await connect();
    const at = new Date("2026-03-01T00:00:00Z");
    await accounts.recordSync(account._id, { metricsSyncedAt: at });
    await accounts.setLastError(account._id, { code: "TIKTOK_UNAVAILABLE", message: "TikTok is unavailable.", at });
    await accounts.updateProfile(account._id, { displayName: "Creator", followerCount: 10, syncedAt: at });
    let read = await accounts.getById(account._id);
    expect(read?.sync).toMatchObject({
      metricsSyncedAt: at,
      profileSyncedAt: at,
      lastError: { code: "TIKTOK_UNAVAILABLE" },
    });
    expect(read?.profile).toMatchObject({ displayName: "Creator", followerCount: 10 });
    const later = new Date("2026-03-02T00:00:00Z");
    expect(await accounts.completeSync(account._id, "metricsSyncedAt", later)).toBe(true);
    read = await accounts.getById(account._id);
    expect(read?.sync.lastError).toBeUndefined();
    expect(read?.sync.metricsSyncedAt).toEqual(later);
  });

  it("completes a sync only while the account is active", async () => {
    const { account } = await connect();
    const at = new Date("2026-03-01T00:00:00Z");
    await accounts.setLastError(account._id, { code: "TIKTOK_UNAVAILABLE", message: "TikTok is unavailable.", at });
    await accounts.setStatus(account._id, "needs_reauth");
    expect(await accounts.completeSync(account._id, "videosSyncedAt", at)).toBe(false);
    const read = await accounts.getById(account._id);
    expect(read?.sync.videosSyncedAt).toBeUndefined();
    expect(read?.sync.lastError).toMatchObject({ code: "TIKTOK_UNAVAILABLE" });
    expect(await accounts.completeSync("acc_missing", "videosSyncedAt", at)).toBe(false);
  });
});

describe("queries", () => {
  it("pages by _id, counts by status and finds expiring tokens", async () => {
    const userId = uniqueName("user");
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const input = consentInput(userId, uniqueName("open"), `q${i}`, (i + 1) * 60_000);
      ids.push((await accounts.upsertFromConsent(input))._id);
    }
    const first = await accounts.list({ userId, limit: 2 });
    const second = await accounts.list({ userId, limit: 2, cursor: first.nextCursor });
    const third = await accounts.list({ userId, limit: 2, cursor: second.nextCursor });
    expect([...first.items, ...second.items, ...third.items].map((a) => a._id)).toEqual([...ids].sort());
    expect(third.nextCursor).toBeUndefined();
    await accounts.setStatus(ids[0] as string, "error");
    const counts = await accounts.countByStatus();
    expect(counts.error).toBeGreaterThanOrEqual(1);
    expect(counts.active + counts.error + counts.needs_reauth + counts.revoked).toBe(
      await database.db.collection("tiktok_accounts").countDocuments(),
    );
    const expiring = await accounts.listTokensExpiringBefore(new Date(Date.now() + 150_000));
    const mine = expiring.filter((row) => ids.includes(row.accountId)).map((row) => row.accountId);
    expect(mine).toEqual([ids[1]]);
    const listed = await accounts.listActive();
    const active = listed.map((account) => account._id);
    expect(active).toEqual(expect.arrayContaining(ids.slice(1)));
    expect(active).not.toContain(ids[0]);
    // The planner reads every active account each cycle: never their sealed tokens.
    expect(listed.filter((account) => account.credentials !== undefined)).toEqual([]);
    expect((await accounts.getByUserId(userId))?.userId).toBe(userId);
  });

  it("lists accounts without their sealed credentials, which getById still returns", async () => {
    const { userId, account } = await connect("listed");
    const listed = await accounts.list({ userId, limit: 5 });
    expect(listed.items.map((a) => a._id)).toEqual([account._id]);
    expect(listed.items[0]).not.toHaveProperty("credentials");
    expect(listed.items[0]).toMatchObject({ userId, status: "active", credentialsVersion: 1 });
    expect((await accounts.getById(account._id))?.credentials?.keyId).toBe("key-a");
  });

  it("counts refresh tokens expiring soon and finds the oldest metrics sync", async () => {
    const before = await accounts.countRefreshExpiringWithin(200 * 86_400_000);
    const { account } = await connect();
    expect(await accounts.countRefreshExpiringWithin(200 * 86_400_000)).toBe(before + 1);
    await accounts.recordSync(account._id, { metricsSyncedAt: new Date("2000-01-01T00:00:00Z") });
    expect(await accounts.oldestMetricsSyncedAt()).toEqual(new Date("2000-01-01T00:00:00Z"));
  });
});
