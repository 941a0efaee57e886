import { uniqueName } from "@trendpot/dev-services/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccountsRepo } from "../accounts/accounts-repo";
import { consentInput, openTestDatabase, sealedTokens, testCipher } from "../accounts/test-support";
import { reconcileMirrors } from "./reconcile-mirrors";
import type { CredentialsMirror } from "./user-schema";
import { createUsersRepo } from "./users-repo";

let env: Awaited<ReturnType<typeof openTestDatabase>>;
const cipher = testCipher;

beforeAll(async () => {
  env = await openTestDatabase();
});
afterAll(() => env.close());

async function mirrorAt(version: number, label: string): Promise<CredentialsMirror> {
  const accountId = "acc_mirror";
  return {
    accessToken: await cipher.encrypt(`act.${label}`, { accountId, kind: "access" }),
    refreshToken: await cipher.encrypt(`rft.${label}`, { accountId, kind: "refresh" }),
    keyId: "key-a",
    accessExpiresAt: new Date("2026-03-01T12:00:00Z"),
    refreshExpiresAt: new Date("2026-09-01T12:00:00Z"),
    version,
  };
}

describe("user credential mirror", () => {
  it("applies newer versions and ignores a stale write (it never overwrites a newer one)", async () => {
    const users = createUsersRepo(env.database.db);
    const userId = uniqueName("user");
    const v2 = await mirrorAt(2, "v2");
    expect(await users.writeMirror(userId, "acc_mirror", await mirrorAt(1, "v1"))).toBe(true);
    expect(await users.writeMirror(userId, "acc_mirror", v2)).toBe(true);
    expect(await users.writeMirror(userId, "acc_mirror", await mirrorAt(1, "late"))).toBe(false);
    expect(await users.writeMirror(userId, "acc_mirror", await mirrorAt(2, "same"))).toBe(false);
    const user = await users.getById(userId);
    expect(user?.credentialsMirror).toEqual(v2);
    expect(user?.mirrorVersion).toBe(2);
  });

  it("a write older than a clear cannot bring the blobs back", async () => {
    const users = createUsersRepo(env.database.db);
    const userId = uniqueName("user");
    await users.writeMirror(userId, "acc_mirror", await mirrorAt(3, "v3"));
    expect(await users.clearMirror(userId, 4)).toBe(true);
    expect(await users.writeMirror(userId, "acc_mirror", await mirrorAt(3, "late"))).toBe(false);
    expect((await users.getById(userId))?.credentialsMirror).toBeUndefined();
    expect(await users.writeMirror(userId, "acc_mirror", await mirrorAt(5, "reconnect"))).toBe(true);
  });

  it("rejects a mirror with an empty blob", async () => {
    const users = createUsersRepo(env.database.db);
    const mirror = await mirrorAt(1, "x");
    await expect(
      users.writeMirror(uniqueName("user"), "acc_mirror", {
        ...mirror,
        accessToken: { ...mirror.accessToken, ct: "" },
      }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
  });
});

describe("reconcileMirrors", () => {
  it("repairs a mirror that fell behind and clears one that still holds blobs after a revoke", async () => {
    const accounts = createAccountsRepo(env.database.db);
    const users = env.database.db.collection<{ _id: string }>("users");
    const behind = await accounts.upsertFromConsent(consentInput(uniqueName("user"), uniqueName("open"), "a"));
    const afterWrite = await accounts.writeCredentials(behind._id, await sealedTokens(behind._id, "b"));
    if (!afterWrite) throw new Error("expected the write to apply");
    // Simulate a lost mirror write: the user document still holds version 1.
    const { updatedAt: _updatedAt, ...staleMirror } = behind.credentials ?? {};
    await users.updateOne({ _id: behind.userId }, { $set: { credentialsMirror: staleMirror, mirrorVersion: 1 } });
    const revoked = await accounts.upsertFromConsent(consentInput(uniqueName("user"), uniqueName("open"), "c"));
    const revokedMirror = await createUsersRepo(env.database.db).getById(revoked.userId);
    await accounts.markRevoked(revoked._id, { reason: "test", at: new Date() });
    // Simulate a missed clear: the blobs are back on the user document at the old version.
    await users.updateOne(
      { _id: revoked.userId },
      { $set: { credentialsMirror: revokedMirror?.credentialsMirror, mirrorVersion: 1 } },
    );

    let progress = await reconcileMirrors(env.database.db, { batchSize: 2 });
    let repaired = progress.repaired;
    let cleared = progress.cleared;
    while (!progress.done && progress.lastId) {
      progress = await reconcileMirrors(env.database.db, { batchSize: 2, resumeAfter: progress.lastId });
      repaired += progress.repaired;
      cleared += progress.cleared;
    }
    expect(repaired).toBe(1);
    expect(cleared).toBe(1);
    const userRepo = createUsersRepo(env.database.db);
    expect((await userRepo.getById(behind.userId))?.credentialsMirror?.version).toBe(afterWrite.credentialsVersion);
    expect((await userRepo.getById(behind.userId))?.credentialsMirror?.accessToken).toEqual(
      afterWrite.credentials?.accessToken,
    );
    expect((await userRepo.getById(revoked.userId))?.credentialsMirror).toBeUndefined();
    const again = await reconcileMirrors(env.database.db, { batchSize: 100 });
    expect(again).toMatchObject({ repaired: 0, cleared: 0, done: true });
  });
});
