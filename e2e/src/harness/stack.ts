import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, servicesEnv } from "@trendpot/dev-services";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import {
  createTikTokSandbox,
  type SandboxOptions,
  sandboxServiceEnv,
  type TikTokSandbox,
} from "@trendpot/tiktok-sandbox";
import { Redis } from "ioredis";
import { type Db, MongoClient } from "mongodb";
import { type ApiClient, createApiClient } from "./api-client";
import { type AppProcess, startApp } from "./child";
import { type ApiKeys, generateApiKeys } from "./keys";
import { waitFor } from "./wait";

/** Scopes the sandbox knows: the default bundle's video.data and webhook.subscription would be refused by its authorize page. */
export const E2E_SCOPES = ["user.info.basic", "user.info.profile", "user.info.stats", "video.list"];

export interface StackOptions {
  /** Prefix of the database name, Redis prefix and log dir. */
  name: string;
  /** Dedicated servers (restart faults); default: the shared ones from the Vitest global setup. */
  mongoUri?: string;
  redisUrl?: string;
  sandbox?: SandboxOptions;
  /** Extra variables for both apps (override the defaults below). */
  env?: Record<string, string>;
  apiEnv?: Record<string, string>;
  workerEnv?: Record<string, string>;
  /** Folders of the apps' production bundles (see bundles.ts): run those, as the image does, not the sources. */
  bundles?: { api: string; worker: string };
}

export interface Stack {
  name: string;
  apiUrl: string;
  keys: ApiKeys;
  api: ApiClient;
  sandbox: TikTokSandbox;
  /** The test's own connections (MongoDB database and Redis) for direct checks. */
  db: Db;
  redis: Redis;
  redisPrefix: string;
  apiProcess(): AppProcess;
  workerProcess(): AppProcess;
  workerLiveUrl: string;
  logDir: string;
  killWorker(signal?: NodeJS.Signals): Promise<void>;
  startWorker(): Promise<void>;
  restartWorker(): Promise<void>;
  /** Both processes are alive and `/health` answers 200. */
  assertAlive(): Promise<void>;
  stop(): Promise<void>;
}

const API_ENTRY = "apps/api/src/main.ts";
const WORKER_ENTRY = "apps/worker/src/main.ts";

/**
 * Test-sized timings for every stack of real processes: a short refresh interval and backoff, so retries and
 * cycles happen within a test, and a killed worker's jobs come back after its lock lapses and the stalled check runs
 * (30 s each by default).
 */
export const TEST_TIMINGS = {
  TIKTOK_METRICS_REFRESH_INTERVAL_MS: "3000",
  TIKTOK_INGESTION_RETRY_BACKOFF_MS: "200",
  TIKTOK_HTTP_TIMEOUT_MS: "5000",
  WORKER_LOCK_DURATION_MS: "5000",
  WORKER_STALLED_INTERVAL_MS: "2000",
  METRICS_PORT: "0",
} as const;

/**
 * Starts the real thing: the TikTok sandbox (in this process, so tests can script it), then the api and the worker
 * as child processes configured only through their environment, and waits until `/ready` says every dependency and
 * the worker heartbeat are fine. Every test file gets its own database and Redis prefix.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const shared = options.mongoUri && options.redisUrl ? undefined : testServices();
  const mongoUri = options.mongoUri ?? shared?.mongo.uri ?? "";
  const redisUrl = options.redisUrl ?? shared?.redis.url ?? "";
  const kms = shared?.kms ?? testServices().kms;
  const name = uniqueName(options.name).replace(/[^A-Za-z0-9_-]/g, "_");
  const logDir = mkdtempSync(join(tmpdir(), `trendpot-e2e-${options.name}-`));
  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const sandbox = await createTikTokSandbox({ webhookUrl: `${apiUrl}/webhooks/tiktok`, ...options.sandbox });
  const keys = generateApiKeys();
  // A cluster needs a hash-tagged prefix ({…}), which such a test passes in `env`.
  const redisPrefix = options.env?.REDIS_PREFIX ?? name.slice(0, 40);
  const base: Record<string, string> = {
    NODE_ENV: "test",
    LOG_LEVEL: "info",
    LOG_PRETTY: "false",
    MONGODB_URI: mongoUri,
    MONGODB_DB: name.slice(0, 60),
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    ...sandboxServiceEnv(sandbox),
    TIKTOK_DISPLAY_SCOPES: E2E_SCOPES.join(" "),
    TIKTOK_REDIRECT_URI: `${apiUrl}/auth/tiktok/callback`,
    ...servicesEnv({ kms }),
    ...TEST_TIMINGS,
    ...options.env,
  };
  const apiEnv: Record<string, string> = {
    ...base,
    PORT: String(apiPort),
    HOST: "127.0.0.1",
    PUBLIC_BASE_URL: apiUrl,
    API_KEYS: keys.entries,
    // Tests drive many consents and sync triggers from one IP within minutes; the production limits stay tested
    // by the api's own suite.
    RATE_LIMIT_CONSENT_PER_15MIN: "1000",
    RATE_LIMIT_SYNC_PER_15MIN: "1000",
    ...options.apiEnv,
  };
  const liveness = await freePort();
  const workerEnv: Record<string, string> = {
    ...base,
    WORKER_LIVENESS_PORT: String(liveness),
    WORKER_SHUTDOWN_GRACE_MS: "3000",
    ...options.workerEnv,
  };
  const mongo = new MongoClient(mongoUri, { serverSelectionTimeoutMS: 30_000 });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  // A restart fault takes Redis down under this client too: keep quiet and reconnect, the tests poll.
  redis.on("error", () => {});
  let api: AppProcess | undefined;
  let worker: AppProcess | undefined;
  const launchWorker = () =>
    startApp({
      name: "worker",
      entry: options.bundles ? { bundle: options.bundles.worker } : WORKER_ENTRY,
      env: workerEnv,
      logFile: join(logDir, "worker.log"),
    });
  const client = createApiClient(apiUrl, keys);

  const stop = async () => {
    await Promise.allSettled([api?.stop(), worker?.stop()]);
    await sandbox.close().catch(() => {});
    await mongo
      .db(base.MONGODB_DB)
      .dropDatabase()
      .catch(() => {});
    await mongo.close().catch(() => {});
    redis.disconnect();
    if (!process.env.E2E_KEEP_LOGS) rmSync(logDir, { recursive: true, force: true });
  };

  try {
    await mongo.connect();
    await redis.connect();
    api = startApp({
      name: "api",
      entry: options.bundles ? { bundle: options.bundles.api } : API_ENTRY,
      env: apiEnv,
      logFile: join(logDir, "api.log"),
    });
    worker = launchWorker();
    await waitUntilReady(client, [api, worker]);
  } catch (error) {
    const logs = [api, worker].map((p) => (p ? `--- ${p.name} log tail ---\n${tail(p.log())}` : "")).join("\n");
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${logs}`);
  }

  const stack: Stack = {
    name,
    apiUrl,
    keys,
    api: client,
    sandbox,
    db: mongo.db(base.MONGODB_DB),
    redis,
    redisPrefix,
    apiProcess: () => api as AppProcess,
    workerProcess: () => worker as AppProcess,
    workerLiveUrl: `http://127.0.0.1:${liveness}/live`,
    logDir,
    async killWorker(signal = "SIGKILL") {
      await worker?.kill(signal);
    },
    async startWorker() {
      if (worker?.alive()) throw new Error("the worker is still running");
      worker = launchWorker();
      const started = worker;
      await waitFor(async () => (await fetch(stack.workerLiveUrl)).status === 200, {
        description: "the restarted worker's /live",
        abortIf: () => started.exited(),
        timeoutMs: 60_000,
        intervalMs: 200,
      });
    },
    async restartWorker() {
      await worker?.stop();
      await stack.startWorker();
    },
    async assertAlive() {
      for (const p of [api, worker]) {
        if (!p?.alive())
          throw new Error(`${p?.name ?? "a process"} is not running: ${p?.exited()}\n${tail(p?.log() ?? "")}`);
      }
      const health = await fetch(`${apiUrl}/health`);
      if (health.status !== 200) throw new Error(`/health answered ${health.status}`);
    },
    stop,
  };
  return stack;
}

async function waitUntilReady(client: ApiClient, processes: AppProcess[]): Promise<void> {
  await waitFor(
    async () => {
      const ready = await client.request("GET", "/ready", { role: "none" });
      return ready.status === 200 ? true : undefined;
    },
    {
      description: "the api's /ready (MongoDB, Redis, KMS, worker heartbeat)",
      timeoutMs: 90_000,
      intervalMs: 250,
      abortIf: () => processes.find((p) => !p.alive())?.exited(),
    },
  );
}

function tail(text: string, lines = 30): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}
