import { type Credentials, createCredentials } from "@trendpot/credentials";
import { storeTestTokens } from "@trendpot/credentials/testing";
import {
  type AuditEntryInput,
  connectDatabase,
  createProfileHistoryRepo,
  createVideosRepo,
  type Database,
} from "@trendpot/db";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { createEventPublisher, createQueues, readEvents, type TikTokQueues, videosUpdateStream } from "@trendpot/jobs";
import type { TikTokClient } from "@trendpot/tiktok-display";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RevokeAccountDeps, revokeAccount } from "./revoke-account";
import { createKmsFromConfig, createTokenCipherFromConfig } from "./token-cipher-factory";

let database: Database;
let redis: Redis;
let queues: TikTokQueues;
let prefix: string;
const audits: AuditEntryInput[] = [];
const tiktokRevokes: string[] = [];

beforeAll(async () => {
  const services = testServices();
  database = await connectDatabase({ uri: services.mongo.uri, dbName: uniqueName("core") });
  redis = new Redis(services.redis.url, { maxRetriesPerRequest: null });
  prefix = uniqueName("core");
  queues = createQueues(redis, prefix);
});
afterAll(async () => {
  await queues?.close();
  redis?.disconnect();
  await database?.close();
});

function deps(): RevokeAccountDeps & { credentials: Credentials } {
  const kms = testServices().kms;
  const cipher = createTokenCipherFromConfig({
    config: {
      TIKTOK_TOKEN_ENC_KEY_ID: kms.keyAlias,
      TIKTOK_TOKEN_PREVIOUS_KEY_IDS: [],
      AWS_REGION: kms.region,
      KMS_ENDPOINT: kms.endpoint,
      TOKEN_DATA_KEY_CACHE_TTL_MS: 60_000,
      TOKEN_DATA_KEY_CACHE_MAX_USES: 100,
    },
    kms: createKmsFromConfig({ AWS_REGION: kms.region, KMS_ENDPOINT: kms.endpoint }, kms.credentials),
  });
  // Only the revoke reaches TikTok here; it records which token it was handed.
  const refused = () => Promise.reject(new Error("not called in this test"));
  const tiktok: Pick<
    TikTokClient,
    "exchangeCode" | "refreshAccessToken" | "getUserInfo" | "listVideos" | "queryVideos"
  > = {
    exchangeCode: refused,
    refreshAccessToken: refused,
    getUserInfo: refused,
    listVideos: refused,
    queryVideos: refused,
  };
  const credentials = createCredentials({
    db: database.db,
    cipher,
    tiktok: {
      ...tiktok,
      revokeToken: async (token) => {
        tiktokRevokes.push(token);
      },
    },
  });
  return {
    credentials,
    accounts: credentials.accounts,
    videos: createVideosRepo(database.db),
    profileHistory: createProfileHistoryRepo(database.db),
    queues: [queues.ingestion, queues.metricsRefresh, queues.tokenRefresh],
    events: createEventPublisher(redis, { stream: videosUpdateStream(prefix) }),
    audit: async (entry) => {
      audits.push(entry);
    },
  };
}

async function connected(d: ReturnType<typeof deps>, openId: string) {
  const account = await storeTestTokens(d.credentials, {
    openId,
    userId: `user_${openId}`,
    grantedScopes: ["video.list"],
    requestedScopes: ["video.list"],
    tokens: {
      accessToken: `act.${openId}`,
      refreshToken: `rft.${openId}`,
      accessExpiresAt: new Date(Date.now() + 86_400_000),
      refreshExpiresAt: new Date(Date.now() + 10 * 86_400_000),
    },
  });
  await queues.enqueueIngestion({ accountId: account._id, reason: "consent" }, { key: "k1" });
  await queues.enqueueTokenRefresh({ accountId: account._id, reason: "expiring" }, { generation: 1, delay: 60_000 });
  return account;
}

describe("revokeAccount", () => {
  it("for authorization.removed: no TikTok call, blobs cleared, jobs cancelled, prune published, audited as tiktok", async () => {
    const d = deps();
    const account = await connected(d, "open_webhook");
    const other = await connected(d, "open_bystander");
    await createProfileHistoryRepo(database.db).record({ accountId: account._id, at: new Date(), followerCount: 5 });
    await createProfileHistoryRepo(database.db).record({ accountId: other._id, at: new Date(), followerCount: 7 });
    const result = await revokeAccount(d, {
      accountId: account._id,
      actor: { type: "tiktok", id: "tiktok" },
      reason: "authorization.removed:1",
      requestId: "job_1",
      revokeAtTikTok: false,
    });
    expect(result).toMatchObject({ tiktokRevoke: "skipped", cancelledJobs: 2, alreadyRevoked: false });
    expect(tiktokRevokes).toEqual([]);
    const stored = await d.accounts.getById(account._id);
    expect(stored).toMatchObject({ status: "revoked", revokeReason: "authorization.removed:1" });
    expect(stored?.credentials).toBeUndefined();
    const user = await database.db.collection("users").findOne({ _id: account.userId as never });
    expect(user?.credentialsMirror).toBeUndefined();
    // The creator's profile history goes with the account; a bystander's stays.
    const snapshots = await database.db.collection("profile_snapshots").find({}).toArray();
    expect(snapshots.map((doc) => doc.accountId)).toEqual([other._id]);
    const remaining = [
      ...(await queues.ingestion.getJobs(["waiting"])),
      ...(await queues.tokenRefresh.getJobs(["delayed"])),
    ];
    expect(remaining.map((job) => job.data.accountId)).toEqual([other._id, other._id]);
    const { events } = await readEvents(redis, videosUpdateStream(prefix));
    expect(events.map((e) => e.event)).toEqual([
      expect.objectContaining({ type: "prune", accountId: account._id, scope: "account", videoIds: [] }),
      expect.objectContaining({ type: "account_status", status: "revoked", reason: "authorization.removed:1" }),
    ]);
    expect(audits.at(-1)).toMatchObject({
      actor: { type: "tiktok" },
      action: "account.revoked",
      reason: "authorization.removed:1",
    });
  });

  it("revokes at TikTok with the decrypted access token when asked, then is idempotent", async () => {
    const d = deps();
    const account = await connected(d, "open_manual");
    const input = {
      accountId: account._id,
      actor: { type: "api_key" as const, id: "ops-key" },
      reason: "support",
      requestId: "r1",
      revokeAtTikTok: true,
    };
    expect((await revokeAccount(d, input))?.tiktokRevoke).toBe("revoked");
    expect(tiktokRevokes).toEqual(["act.open_manual"]);
    const again = await revokeAccount(d, input);
    expect(again).toMatchObject({ alreadyRevoked: true, tiktokRevoke: "skipped", cancelledJobs: 0 });
    expect(tiktokRevokes).toHaveLength(1);
    expect(await revokeAccount(d, { ...input, accountId: "acc_missing" })).toBeNull();
  });

  // Regression: TikTok's authorization.removed webhook, confirming a revoke we made, overwrote the platform's
  // reason and time on the account.
  it("keeps the first revoke's reason and time when a second revoke confirms it", async () => {
    const d = deps();
    const account = await connected(d, "open_confirmed");
    const first = { accountId: account._id, actor: { type: "api_key" as const, id: "platform" }, requestId: "r1" };
    await revokeAccount(d, { ...first, reason: "creator asked support", revokeAtTikTok: true });
    const revoked = await d.credentials.accounts.getById(account._id);
    await revokeAccount(d, {
      accountId: account._id,
      actor: { type: "tiktok", id: "tiktok" },
      reason: "authorization.removed:5",
      requestId: "r2",
      revokeAtTikTok: false,
    });
    const after = await d.credentials.accounts.getById(account._id);
    expect(after?.revokeReason).toBe("creator asked support");
    expect(after?.revokedAt?.getTime()).toBe(revoked?.revokedAt?.getTime());
    const confirmation = audits.filter((a) => a.target?.accountId === account._id).at(-1);
    expect(confirmation).toMatchObject({ actor: { type: "tiktok" }, reason: "authorization.removed:5" });
    expect(confirmation?.details).toMatchObject({ alreadyRevoked: true });
  });
});
