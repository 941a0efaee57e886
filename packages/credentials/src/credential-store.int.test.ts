import { COLLECTIONS, createUsersRepo, type Database, type TokenLease } from "@trendpot/db";
import { uniqueName } from "@trendpot/dev-services/testing";
import { createRecordingMetrics } from "@trendpot/telemetry/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCredentialStore } from "./credential-store";
import type { RefreshEvent } from "./needs-reauth";
import {
  captureAudit,
  captureEvents,
  captureLogger,
  consentInput,
  dumpDatabase,
  localCipher,
  tokenSet as makeTokens,
  openTestDatabase,
} from "./test-support";
import type { TokenSet } from "./token-set";

let env: Awaited<ReturnType<typeof openTestDatabase>>;
let second: Database;
const CONTEXT = { requestId: "req_store", operation: "store.test" };

beforeAll(async () => {
  env = await openTestDatabase();
  second = await env.connectAgain();
});
afterAll(() => env.close());

/** A TikTok stand-in that rotates the refresh token on every call and remembers what it was given. */
function rotatingRefresh(options: { gate?: Promise<void> } = {}) {
  const received: string[] = [];
  const issued: TokenSet[] = [];
  const refresh = async (refreshToken: string): Promise<TokenSet> => {
    received.push(refreshToken);
    await options.gate;
    const next = makeTokens(`refreshed${issued.length}`, 2 * 3_600_000, new Date());
    issued.push(next);
    return next;
  };
  return { refresh, received, issued };
}

function gate() {
  let open: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

function leasesOf(database: Database) {
  return database.db.collection<TokenLease>(COLLECTIONS.tokenLeases);
}

function activeLeases(accountId: string): Promise<number> {
  return leasesOf(env.database).countDocuments({ accountId, expiresAt: { $gt: new Date() } });
}

/** A lease another process took at version 1 (the first consent's version) and never gave back. */
async function insertLease(accountId: string, expiresAt: Date): Promise<void> {
  await leasesOf(env.database).insertOne({
    _id: `${accountId}:1:0`,
    accountId,
    version: 1,
    generation: 0,
    owner: "other",
    expiresAt,
  });
}

async function connectExpiring(database: Database, tokens: TokenSet) {
  const store = createCredentialStore({
    db: database.db,
    cipher: localCipher(),
    refresh: async () => Promise.reject(new Error("unused")),
  });
  return store.upsertFromConsent(consentInput(uniqueName("user"), uniqueName("open"), tokens));
}

describe("getFreshAccessToken", () => {
  it("returns the stored token without refreshing while it is outside the refresh window", async () => {
    const tokens = makeTokens("fresh", 3_600_000, new Date());
    const account = await connectExpiring(env.database, tokens);
    const tiktok = rotatingRefresh();
    const store = createCredentialStore({ db: env.database.db, cipher: localCipher(), refresh: tiktok.refresh });
    expect(await store.getFreshAccessToken(account._id, CONTEXT)).toEqual({
      accessToken: tokens.accessToken,
      expiresAt: tokens.accessExpiresAt,
    });
    expect(tiktok.received).toEqual([]);
  });

  it("50 concurrent callers in two processes: exactly one refresh, one token for all, rotated refresh token stored", async () => {
    const original = makeTokens("expiring", 30_000, new Date());
    const account = await connectExpiring(env.database, original);
    const release = gate();
    const tiktok = rotatingRefresh({ gate: release.promise });
    // Let TikTok answer only once a caller in the other process found the lease taken.
    const onStep = (step: RefreshEvent) => step.outcome === "lease_busy" && release.open();
    const logsA = captureLogger(onStep);
    const logsB = captureLogger(onStep);
    const storeA = createCredentialStore({
      db: env.database.db,
      cipher: localCipher(logsA),
      refresh: tiktok.refresh,
      logger: logsA,
    });
    const storeB = createCredentialStore({
      db: second.db,
      cipher: localCipher(logsB),
      refresh: tiktok.refresh,
      logger: logsB,
    });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 === 0 ? storeA : storeB).getFreshAccessToken(account._id, {
          requestId: `req_${i}`,
          operation: "concurrent",
        }),
      ),
    );
    expect(tiktok.received).toEqual([original.refreshToken]);
    const issued = tiktok.issued[0] as TokenSet;
    expect(new Set(results.map((r) => r.accessToken))).toEqual(new Set([issued.accessToken]));
    expect(results.every((r) => r.expiresAt.getTime() === issued.accessExpiresAt.getTime())).toBe(true);
    const steps = [...logsA.steps, ...logsB.steps];
    expect(steps.filter((e) => e.outcome === "refreshed")).toHaveLength(1);
    expect(steps.some((e) => e.outcome === "waited")).toBe(true);

    const stored = await storeA.accounts.getById(account._id);
    expect(stored).toMatchObject({ credentialsVersion: 2, credentials: { version: 2, keyId: "key-a" } });
    expect(await activeLeases(account._id)).toBe(0);
    const refreshContext = { accountId: account._id, kind: "refresh" as const, ...CONTEXT };
    expect(await localCipher().decrypt(stored?.credentials?.refreshToken, refreshContext)).toBe(issued.refreshToken);
    const user = await createUsersRepo(env.database.db).getById(account.userId);
    expect(user?.credentialsMirror?.version).toBe(2);

    // The next refresh presents the rotated refresh token.
    await storeB.refreshNow(account._id, CONTEXT);
    expect(tiktok.received).toEqual([original.refreshToken, issued.refreshToken]);

    const everything = await dumpDatabase(env.database);
    const logs = JSON.stringify([logsA.lines, logsB.lines]);
    for (const secret of [original, ...tiktok.issued].flatMap((t) => [t.accessToken, t.refreshToken])) {
      expect(everything).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    const decryptLines = [...logsA.lines, ...logsB.lines].filter((line) => line.fields.event === "token.decrypt");
    expect(decryptLines.length).toBeGreaterThan(0);
    expect(
      decryptLines.every(
        (line) => line.fields.accountId === account._id && line.fields.requestId && line.fields.operation,
      ),
    ).toBe(true);
  });

  it("on invalid_grant: needs_reauth with lastError, one audit entry, one event, one count; every caller gets ACCOUNT_NEEDS_REAUTH", async () => {
    const account = await connectExpiring(env.database, makeTokens("dead", 10_000, new Date()));
    const audit = captureAudit();
    const events = captureEvents();
    const recording = createRecordingMetrics();
    let calls = 0;
    const refresh = async (): Promise<TokenSet> => {
      calls += 1;
      throw Object.assign(new Error("TikTok refused the grant"), { tiktokCode: "invalid_grant" });
    };
    const options = {
      cipher: localCipher(),
      refresh,
      audit: audit.write,
      events,
      metrics: recording.metrics,
    };
    const storeA = createCredentialStore({ db: env.database.db, ...options });
    const storeB = createCredentialStore({ db: second.db, ...options });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? storeA : storeB).getFreshAccessToken(account._id, CONTEXT)),
    );
    expect(
      outcomes.every((o) => o.status === "rejected" && (o.reason as { code?: string }).code === "ACCOUNT_NEEDS_REAUTH"),
    ).toBe(true);
    expect(calls).toBe(1);
    const stored = await storeA.accounts.getById(account._id);
    expect(stored).toMatchObject({ status: "needs_reauth", sync: { lastError: { code: "invalid_grant" } } });
    expect(await activeLeases(account._id)).toBe(0);
    expect(audit.entries).toEqual([
      expect.objectContaining({
        action: "token.refresh_failed",
        actor: { type: "system", id: "token-refresh" },
        reason: "invalid_grant",
        target: { accountId: account._id, userId: account.userId, openId: account.openId },
      }),
    ]);
    expect(events.published).toEqual([
      {
        type: "account_status",
        accountId: account._id,
        userId: account.userId,
        at: expect.any(String),
        status: "needs_reauth",
        reason: "invalid_grant",
      },
    ]);
    expect(recording.sum("tokenRefresh", { outcome: "reauth_required" })).toBe(1);
    expect(recording.sum("tokenRefresh", { outcome: "failure" })).toBe(0);
  });

  it("keeps the stored refresh token when TikTok answers without one", async () => {
    const original = makeTokens("keep", 10_000, new Date());
    const account = await connectExpiring(env.database, original);
    const fresh = makeTokens("new-access", 3_600_000, new Date());
    const refresh = async () => ({ ...fresh, refreshToken: "" });
    const store = createCredentialStore({ db: env.database.db, cipher: localCipher(), refresh });
    expect((await store.getFreshAccessToken(account._id, CONTEXT)).accessToken).toBe(fresh.accessToken);
    const stored = await store.accounts.getById(account._id);
    const refreshContext = { accountId: account._id, kind: "refresh" as const, ...CONTEXT };
    expect(await localCipher().decrypt(stored?.credentials?.refreshToken, refreshContext)).toBe(original.refreshToken);
    expect(stored?.credentials?.refreshExpiresAt).toEqual(original.refreshExpiresAt);
  });

  it("rejects a refresh answer without an access token and writes nothing", async () => {
    const account = await connectExpiring(env.database, makeTokens("expired", -1_000, new Date()));
    const refresh = async () => ({ ...makeTokens("x", 3_600_000, new Date()), accessToken: "" });
    const store = createCredentialStore({ db: env.database.db, cipher: localCipher(), refresh });
    await expect(store.getFreshAccessToken(account._id, CONTEXT)).rejects.toMatchObject({
      code: "TIKTOK_BAD_RESPONSE",
    });
    const stored = await store.accounts.getById(account._id);
    expect(stored?.credentials).toEqual(account.credentials);
    expect(await activeLeases(account._id)).toBe(0);
  });

  it("falls back to the still-valid token when a refresh fails for a passing reason, and releases the lease", async () => {
    const tokens = makeTokens("fallback", 20_000, new Date());
    const account = await connectExpiring(env.database, tokens);
    const unavailable = Object.assign(new Error("down"), { code: "TIKTOK_UNAVAILABLE" });
    const { AppError } = await import("@trendpot/errors");
    const refresh = async (): Promise<TokenSet> => {
      throw new AppError("TIKTOK_UNAVAILABLE", { cause: unavailable });
    };
    const store = createCredentialStore({ db: env.database.db, cipher: localCipher(), refresh });
    expect((await store.getFreshAccessToken(account._id, CONTEXT)).accessToken).toBe(tokens.accessToken);
    expect(await activeLeases(account._id)).toBe(0);
    await expect(store.refreshNow(account._id, CONTEXT)).rejects.toMatchObject({ code: "TIKTOK_UNAVAILABLE" });
  });

  it("takes over a lease left behind by a crashed process once it expired", async () => {
    const account = await connectExpiring(env.database, makeTokens("crash", -1_000, new Date()));
    await insertLease(account._id, new Date(Date.now() - 1));
    const tiktok = rotatingRefresh();
    const store = createCredentialStore({ db: env.database.db, cipher: localCipher(), refresh: tiktok.refresh });
    expect((await store.getFreshAccessToken(account._id, CONTEXT)).accessToken).toBe(tiktok.issued[0]?.accessToken);
  });

  it("gives up with TOKEN_REFRESH_BUSY when another process holds the lease past the wait limit", async () => {
    const account = await connectExpiring(env.database, makeTokens("busy", -1_000, new Date()));
    await insertLease(account._id, new Date(Date.now() + 3_600_000));
    const tiktok = rotatingRefresh();
    const store = createCredentialStore({
      db: env.database.db,
      cipher: localCipher(),
      refresh: tiktok.refresh,
      waitTimeoutMs: 200,
    });
    await expect(store.getFreshAccessToken(account._id, CONTEXT)).rejects.toMatchObject({
      code: "TOKEN_REFRESH_BUSY",
      retryable: true,
    });
    expect(tiktok.received).toEqual([]);
  });

  it("refuses unknown, revoked and needs_reauth accounts", async () => {
    const store = createCredentialStore({
      db: env.database.db,
      cipher: localCipher(),
      refresh: rotatingRefresh().refresh,
    });
    await expect(store.getFreshAccessToken("acc_000000000000000000000000", CONTEXT)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const account = await connectExpiring(env.database, makeTokens("status", 3_600_000, new Date()));
    await store.accounts.setStatus(account._id, "needs_reauth");
    await expect(store.getFreshAccessToken(account._id, CONTEXT)).rejects.toMatchObject({
      code: "ACCOUNT_NEEDS_REAUTH",
    });
  });
});
