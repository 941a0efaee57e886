import { type RestartableService, startRestartableMongo } from "@trendpot/dev-services";
import { uniqueName } from "@trendpot/dev-services/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLLECTIONS } from "./collections";
import { createConnectSessionsRepo } from "./connect-sessions/connect-sessions-repo";
import { connectDatabase, type Database } from "./database";
import { ensureIndexes } from "./indexes";
import { createOAuthStatesRepo, hashOAuthState } from "./oauth-states/oauth-states-repo";
import { createSyncRunsRepo, SYNC_RUN_RETENTION_DAYS } from "./sync-runs/sync-runs-repo";
import { createTokenAccessRepo, TOKEN_ACCESS_RETENTION_DAYS } from "./token-access/token-access-repo";
import {
  createWebhookDeliveriesRepo,
  WEBHOOK_DELIVERY_RETENTION_DAYS,
  webhookDeliveryKey,
} from "./webhook-deliveries/webhook-deliveries-repo";

const MINUTE = 60_000;
const DAY = 86_400_000;

// Expiry is MongoDB's job (TTL indexes), not a sweep of ours. A server of its own whose TTL monitor runs every
// second shows it happening, without changing the shared test server.
describe("what expires is deleted by MongoDB's TTL indexes", () => {
  let mongo: RestartableService;
  let database: Database;

  beforeAll(async () => {
    mongo = await startRestartableMongo({ args: ["--setParameter", "ttlMonitorSleepSecs=1"] });
    database = await connectDatabase({ uri: mongo.url, dbName: uniqueName("expiry") });
    await ensureIndexes(database.db);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    await mongo?.stop();
  });

  it("removes expired OAuth states, connect sessions, old webhook deliveries, sync runs and access records", async () => {
    const now = Date.now();
    const states = createOAuthStatesRepo(database.db);
    const state = (name: string, expiresAt: number) =>
      states.create({
        stateHash: hashOAuthState(name),
        sessionId: "cs_ttl",
        userId: "user_ttl",
        verifierCiphertext: "v1:opaque",
        requestedScopes: ["user.info.basic"],
        redirectUri: "https://api.example.com/auth/tiktok/callback",
        createdAt: new Date(now - 20 * MINUTE),
        expiresAt: new Date(expiresAt),
      });
    await state("expired", now - 10 * MINUTE);
    await state("live", now + 10 * MINUTE);

    const sessions = createConnectSessionsRepo(database.db);
    const expiredSession = await sessions.create({
      userId: "user_ttl",
      createdAt: new Date(now - 30 * MINUTE),
      expiresAt: new Date(now - 15 * MINUTE),
    });
    const liveSession = await sessions.create({
      userId: "user_ttl",
      createdAt: new Date(now),
      expiresAt: new Date(now + 15 * MINUTE),
    });

    const deliveries = createWebhookDeliveriesRepo(database.db);
    const delivery = (body: string, receivedAt: number) => ({
      deliveryKey: webhookDeliveryKey("t=1,s=abc", body),
      event: "authorization.removed",
      openId: "open_ttl",
      receivedAt: new Date(receivedAt),
    });
    await deliveries.recordIfNew(delivery("old", now - (WEBHOOK_DELIVERY_RETENTION_DAYS + 1) * DAY));
    await deliveries.recordIfNew(delivery("recent", now - DAY));

    // Sync runs and access records carry their own `expiresAt`: the retention in force when they were written.
    const runs = createSyncRunsRepo(database.db);
    const run = (startedAt: number) =>
      runs.start({ accountId: "acc_ttl", kind: "ingestion", trigger: "schedule", startedAt: new Date(startedAt) });
    await run(now - (SYNC_RUN_RETENTION_DAYS + 1) * DAY);
    const recentRun = await run(now - DAY);
    await createSyncRunsRepo(database.db, { retentionDays: 1 }).start({
      accountId: "acc_ttl",
      kind: "metrics",
      trigger: "schedule",
      startedAt: new Date(now - 2 * DAY),
    });
    const access = (at: number) =>
      createTokenAccessRepo(database.db, { now: () => new Date(at) }).record({
        requestId: "req_ttl",
        accountId: "acc_ttl",
        operation: "video.sync",
        kind: "access",
        keyId: "key-ttl",
      });
    await access(now - (TOKEN_ACCESS_RETENTION_DAYS + 1) * DAY);
    await access(now - DAY);

    const remaining = async () => ({
      states: await database.db.collection(COLLECTIONS.oauthStates).countDocuments(),
      sessions: await database.db.collection(COLLECTIONS.connectSessions).countDocuments(),
      deliveries: await database.db.collection(COLLECTIONS.webhookDeliveries).countDocuments(),
      runs: await database.db.collection(COLLECTIONS.syncRuns).countDocuments(),
      accessRecords: await database.db.collection(COLLECTIONS.tokenAccessRecords).countDocuments(),
    });
    expect(await remaining()).toEqual({ states: 2, sessions: 2, deliveries: 2, runs: 3, accessRecords: 2 });
    const expected = { states: 1, sessions: 1, deliveries: 1, runs: 1, accessRecords: 1 };
    const deadline = Date.now() + 30_000;
    while (JSON.stringify(await remaining()) !== JSON.stringify(expected)) {
      if (Date.now() > deadline) throw new Error(`TTL deletion did not happen: ${JSON.stringify(await remaining())}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(await states.consume(hashOAuthState("expired"), new Date())).toEqual({ ok: false, reason: "unknown" });
    expect(await states.consume(hashOAuthState("live"), new Date())).toMatchObject({ ok: true });
    expect(await sessions.get(expiredSession._id)).toBeNull();
    expect(await sessions.get(liveSession._id)).not.toBeNull();
    expect(await deliveries.recordIfNew(delivery("recent", now - DAY))).toBe(false);
    expect((await runs.listRecent(10)).map((r) => r._id)).toEqual([recentRun._id]);
  }, 60_000);
});
