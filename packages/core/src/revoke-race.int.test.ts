import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createCredentials } from "@trendpot/credentials";
import { consentGrant } from "@trendpot/credentials/testing";
import { COLLECTIONS, connectDatabase, createAuditRepo, type Database, ensureIndexes } from "@trendpot/db";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { videosUpdateStream } from "@trendpot/jobs";
import { createTikTokClient, type TikTokClient } from "@trendpot/tiktok-display";
import { createTikTokSandbox, sandboxClientOptions } from "@trendpot/tiktok-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpRecord } from "./testing/revoke-race-child";
import { createKmsFromConfig, createTokenCipherFromConfig } from "./token-cipher-factory";

const ACCOUNTS = 500;
const CHILD = fileURLToPath(new URL("./testing/revoke-race-child.ts", import.meta.url));
const REDIRECT_URI = "http://127.0.0.1:9/auth/tiktok/callback";
const SCOPES = ["user.info.basic", "video.list"];

const services = testServices();
let sandbox: Awaited<ReturnType<typeof createTikTokSandbox>>;
let client: TikTokClient;
let database: Database;
const dbName = uniqueName("revoke_race");

beforeAll(async () => {
  sandbox = await createTikTokSandbox({ rateLimit: { perMinute: 1_000_000, perDay: 10_000_000 } });
  client = createTikTokClient(sandboxClientOptions(sandbox));
  database = await connectDatabase({ uri: services.mongo.uri, dbName });
  // As at every process's boot: the audit chain's unique `seq` is what keeps concurrent appends gap-free.
  await ensureIndexes(database.db);
});
afterAll(async () => {
  await database?.db.dropDatabase();
  await database?.close();
  await sandbox?.close();
});

function cipher() {
  const { kms } = services;
  return createTokenCipherFromConfig({
    config: {
      TIKTOK_TOKEN_ENC_KEY_ID: kms.keyAlias,
      TIKTOK_TOKEN_PREVIOUS_KEY_IDS: [],
      AWS_REGION: kms.region,
      KMS_ENDPOINT: kms.endpoint,
      TOKEN_DATA_KEY_CACHE_TTL_MS: 60_000,
      TOKEN_DATA_KEY_CACHE_MAX_USES: 1_000,
    },
    kms: createKmsFromConfig({ AWS_REGION: kms.region, KMS_ENDPOINT: kms.endpoint }, kms.credentials),
  });
}

/** Creators connect through the real consent at the sandbox: authorize, code exchange, encrypted store. */
async function connectCreators(count: number): Promise<string[]> {
  const credentials = createCredentials({ db: database.db, cipher: cipher(), tiktok: client });
  const ids: string[] = [];
  const lane = async () => {
    while (ids.length < count) {
      const creator = sandbox.scenario.addCreator();
      sandbox.scenario.addVideos(creator.openId, 5);
      const page = sandbox.scenario;
      const consent = { client, page, openId: creator.openId, scopes: SCOPES, redirectUri: REDIRECT_URI };
      const grant = await consentGrant(credentials, consent);
      const account = await credentials.connect({ grant, userId: `user_${grant.openId}`, requestedScopes: SCOPES });
      ids.push(account._id);
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  return ids.slice(0, count);
}

function startChild(role: "revoker" | "worker", accountIds: string[]) {
  const { kms, redis } = services;
  const input = {
    role,
    mongoUri: services.mongo.uri,
    dbName,
    redisUrl: redis.url,
    stream: videosUpdateStream(dbName),
    kms: { endpoint: kms.endpoint, region: kms.region, keyAlias: kms.keyAlias, credentials: kms.credentials },
    tiktok: { url: sandbox.url, clientKey: sandbox.clientKey, clientSecret: sandbox.clientSecret },
    accountIds,
  };
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ["--import", "tsx", CHILD, JSON.stringify(input)],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on("data", (chunk) => {
    stderr = (stderr + String(chunk)).slice(-5_000);
  });
  // "close", not "exit": the child's output may still be in the pipe when it exits.
  const done = new Promise<OpRecord[]>((resolve, reject) => {
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`${role} exited with ${code}: ${stderr}`));
      try {
        resolve((JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { ops: OpRecord[] }).ops);
      } catch (error) {
        reject(new Error(`${role} printed no complete report (${stdout.length} bytes): ${(error as Error).message}`));
      }
    });
  });
  return { child, done };
}

const overlaps = (a: OpRecord, b: OpRecord) => a.accountId === b.accountId && a.start < b.end && b.start < a.end;

// Two processes race on the same accounts: one revokes all of them while the other keeps refreshing their tokens
// (a real rotation at TikTok every time) and storing ingestion pages. Revocation must win everywhere: afterwards
// no revoked account or user document holds a credential blob, and no video of a revoked account is stored.
describe("revocation against concurrent refreshes and ingestion pages, two processes", () => {
  it(`revokes ${ACCOUNTS} accounts while they are refreshed and ingested, and nothing is written after a revoke`, async () => {
    const accountIds = await connectCreators(ACCOUNTS);
    const worker = startChild("worker", accountIds);
    // The worker's first operations have started once a refresh has reached the sandbox.
    const deadline = Date.now() + 60_000;
    while (!sandbox.scenario.requests().some((r) => r.endpoint === "token" && r.grantType === "refresh_token")) {
      if (Date.now() > deadline) throw new Error("the worker never refreshed a token");
      await new Promise((r) => setTimeout(r, 50));
    }
    const revoker = startChild("revoker", accountIds);
    const revokes = await revoker.done;
    worker.child.stdin.write("stop\n");
    const work = await worker.done;

    expect(revokes).toHaveLength(ACCOUNTS);
    const refreshes = work.filter((op) => op.kind === "refresh");
    const pages = work.filter((op) => op.kind === "page");
    // Both kinds of work really happened, and much of it while the same account was being revoked.
    expect(refreshes.filter((op) => op.outcome === "ok").length).toBeGreaterThan(50);
    expect(pages.filter((op) => op.outcome === "ok").length).toBeGreaterThan(50);
    const contested = work.filter((op) => revokes.some((revoke) => overlaps(op, revoke)));
    expect(contested.length).toBeGreaterThan(100);

    const db = database.db;
    const accounts = await db
      .collection(COLLECTIONS.tiktokAccounts)
      .find({ _id: { $in: accountIds as never[] } })
      .toArray();
    expect(accounts).toHaveLength(ACCOUNTS);
    expect(accounts.filter((a) => a.status !== "revoked").map((a) => a._id)).toEqual([]);
    // Only a revoke clears credentials, so a token written after one would still be on the account.
    expect(accounts.filter((a) => a.credentials !== undefined).map((a) => a._id)).toEqual([]);
    const users = await db
      .collection(COLLECTIONS.users)
      .find({ _id: { $in: accounts.map((a) => a.userId) as never[] } })
      .toArray();
    expect(users).toHaveLength(ACCOUNTS);
    expect(users.filter((u) => u.credentialsMirror !== undefined).map((u) => u._id)).toEqual([]);
    // The mirror's last applied version is the revoke's: no mirror write landed after it.
    const version = new Map(accounts.map((a) => [a.userId, a.credentialsVersion]));
    expect(users.filter((u) => u.mirrorVersion !== version.get(u._id)).map((u) => u._id)).toEqual([]);
    expect(await db.collection(COLLECTIONS.videos).countDocuments({ accountId: { $in: accountIds } })).toBe(0);
    const verified = await createAuditRepo(db).verify();
    expect(verified, JSON.stringify(verified)).toMatchObject({ ok: true });
  }, 300_000);
});
