import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  freePort,
  type MongoReplicaSet,
  type RedisSentinelTopology,
  servicesEnv,
  silentLog,
  startMongoReplicaSet,
  startRedisSentinel,
} from "@trendpot/dev-services";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { createTikTokSandbox, sandboxServiceEnv, type TikTokSandbox } from "@trendpot/tiktok-sandbox";
import { type Db, MongoClient } from "mongodb";
import { type ApiClient, createApiClient } from "../harness/api-client";
import { type AppProcess, startApp } from "../harness/child";
import { type ApiKeys, generateApiKeys } from "../harness/keys";
import { E2E_SCOPES, TEST_TIMINGS } from "../harness/stack";
import { waitFor } from "../harness/wait";

/** Several api and worker processes on a 3-member MongoDB replica set and Redis under Sentinel. */
export interface FailoverStack {
  mongo: MongoReplicaSet;
  redis: RedisSentinelTopology;
  sandbox: TikTokSandbox;
  keys: ApiKeys;
  apis: AppProcess[];
  apiUrls: string[];
  /** One client per api process. */
  clients: ApiClient[];
  workers: AppProcess[];
  /** The test's own connection to the replica set, for direct checks. */
  db: Db;
  /** The apps' REDIS_PREFIX (BullMQ's key prefix). */
  prefix: string;
  logDir: string;
  /** True once every api's `/ready` answers 200 (MongoDB, Redis, KMS, a fresh worker heartbeat). */
  allReady(): Promise<boolean>;
  stop(): Promise<void>;
}

const API_ENTRY = "apps/api/src/main.ts";
const WORKER_ENTRY = "apps/worker/src/main.ts";

export async function startFailoverStack(options: {
  name: string;
  apis: number;
  workers: number;
}): Promise<FailoverStack> {
  const kms = testServices().kms;
  const name = uniqueName(options.name);
  const logDir = mkdtempSync(join(tmpdir(), `trendpot-e2e-${options.name}-`));
  const mongo = await startMongoReplicaSet({ log: silentLog });
  const redis = await startRedisSentinel({ log: silentLog }).catch(async (error: unknown) => {
    await mongo.stop();
    throw error;
  });
  const apiPorts = await Promise.all(Array.from({ length: options.apis }, () => freePort()));
  const apiUrls = apiPorts.map((port) => `http://127.0.0.1:${port}`);
  const publicUrl = apiUrls[0] ?? "";
  const sandbox = await createTikTokSandbox({ webhookUrl: `${publicUrl}/webhooks/tiktok` });
  const keys = generateApiKeys();
  const base: Record<string, string> = {
    NODE_ENV: "test",
    LOG_LEVEL: "info",
    MONGODB_URI: mongo.uri,
    MONGODB_DB: name.slice(0, 60),
    // Only credentials and TLS would come from here: the Sentinels name the master.
    REDIS_URL: "redis://127.0.0.1:6379",
    REDIS_SENTINELS: redis.sentinelList,
    REDIS_SENTINEL_NAME: redis.masterName,
    REDIS_PREFIX: name.slice(0, 40),
    ...sandboxServiceEnv(sandbox),
    TIKTOK_DISPLAY_SCOPES: E2E_SCOPES.join(" "),
    // Every api hands out connect URLs on the first one's origin, as behind a load balancer.
    TIKTOK_REDIRECT_URI: `${publicUrl}/auth/tiktok/callback`,
    ...servicesEnv({ kms }),
    ...TEST_TIMINGS,
    WORKER_SHUTDOWN_GRACE_MS: "3000",
  };
  const apis: AppProcess[] = [];
  const workers: AppProcess[] = [];
  const client = new MongoClient(mongo.uri, { serverSelectionTimeoutMS: 30_000 });
  const clients = apiUrls.map((url) => createApiClient(url, keys));
  const stop = async () => {
    await Promise.allSettled([...apis, ...workers].map((p) => p.stop()));
    await sandbox.close().catch(() => undefined);
    await client.close().catch(() => undefined);
    await Promise.allSettled([redis.stop(), mongo.stop()]);
    if (!process.env.E2E_KEEP_LOGS) rmSync(logDir, { recursive: true, force: true });
  };
  const allReady = async () => {
    const answers = await Promise.all(
      clients.map((c) =>
        c.request("GET", "/ready", { role: "none" }).then(
          (r) => r.status,
          () => 0,
        ),
      ),
    );
    return answers.every((status) => status === 200);
  };
  try {
    await client.connect();
    for (const [index, port] of apiPorts.entries()) {
      const env = {
        ...base,
        PORT: String(port),
        HOST: "127.0.0.1",
        PUBLIC_BASE_URL: publicUrl,
        API_KEYS: keys.entries,
        RATE_LIMIT_CONSENT_PER_15MIN: "1000",
        RATE_LIMIT_SYNC_PER_15MIN: "1000",
      };
      apis.push(startApp({ name: `api-${index}`, entry: API_ENTRY, env, logFile: join(logDir, `api-${index}.log`) }));
    }
    for (let index = 0; index < options.workers; index += 1) {
      // Port 0: nothing here calls a worker's liveness port, and a port picked up front can be taken (as the local
      // end of some outgoing connection) during the seconds before a worker gets to bind it.
      const env = { ...base, WORKER_LIVENESS_PORT: "0" };
      const logFile = join(logDir, `worker-${index}.log`);
      workers.push(startApp({ name: `worker-${index}`, entry: WORKER_ENTRY, env, logFile }));
    }
    await waitFor(allReady, {
      description: "every api's /ready",
      timeoutMs: 120_000,
      intervalMs: 250,
      abortIf: () => [...apis, ...workers].find((p) => !p.alive())?.exited(),
    });
  } catch (error) {
    const tails = [...apis, ...workers].map((p) => `--- ${p.name} ---\n${p.log().split("\n").slice(-20).join("\n")}`);
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${tails.join("\n")}`);
  }
  return {
    mongo,
    redis,
    sandbox,
    keys,
    apis,
    apiUrls,
    clients,
    workers,
    db: client.db(base.MONGODB_DB),
    prefix: base.REDIS_PREFIX ?? "",
    logDir,
    allReady,
    stop,
  };
}

// The endpoints TikTok's (and the sandbox's) rate limit counts; the authorize page is the creator's browser.
const BUDGETED = new Set(["token", "revoke", "user.info", "video.list", "video.query"]);

/** The most accepted TikTok calls the sandbox saw in any 60 s window (its own log, its own clock). */
export function maxCallsInAnyMinute(sandbox: TikTokSandbox): number {
  const times = sandbox.scenario
    .requests()
    .filter((request) => BUDGETED.has(request.endpoint) && request.status !== 429)
    .map((request) => request.at)
    .sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end += 1) {
    while ((times[start] ?? 0) <= (times[end] ?? 0) - 60_000) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}
