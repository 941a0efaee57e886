import type { KMSClient } from "@aws-sdk/client-kms";
import { DescribeKeyCommand } from "@aws-sdk/client-kms";
import { resolveRedisTopology } from "@trendpot/config";
import { type AuditMac, createServices, type RedisClient, readWorkerHeartbeat, type Services } from "@trendpot/core";
import { createReadCache, type Database, pingDatabase, type ReadCache, withCachedLists } from "@trendpot/db";
import { missingSchedules, type TikTokQueues } from "@trendpot/jobs";
import { createTikTokMetrics, type TikTokMetrics } from "@trendpot/telemetry";
import type { FetchLike } from "@trendpot/tiktok-display";
import type { FastifyBaseLogger } from "fastify";
import type { ApiConfig } from "./config";
import { connectApiRedis } from "./lib/redis-client";
import { type WebhookKey, webhookKeys } from "./lib/webhook-signature";

/** A named dependency probe for /ready. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

/** The shared services the routes use (built by `createServices`, the same root as the worker's). */
type SharedDeps = Pick<
  Services,
  | "db"
  | "redis"
  | "tiktok"
  | "budget"
  | "cipher"
  | "queues"
  | "events"
  | "accounts"
  | "credentials"
  | "videos"
  | "metrics"
  | "profileHistory"
  | "audit"
  | "auditWriter"
  | "connectSessions"
  | "oauthStates"
  | "syncRuns"
  | "webhookDeliveries"
  | "now"
>;

/** Everything the HTTP app needs: the shared services plus what only the api uses. */
export interface ApiDeps extends SharedDeps {
  config: ApiConfig;
  logger: FastifyBaseLogger;
  checks: ReadinessCheck[];
  /** Keys a `TikTok-Signature` may be made with: the client secret, then TIKTOK_WEBHOOK_SECRET when set. */
  webhookKeys: readonly WebhookKey[];
  tiktokMetrics: TikTokMetrics;
  /** The list reads' cache (absent when API_READ_CACHE_ENTRIES is 0); its stats are on /status. */
  readCache?: ReadCache;
  /** Set when `AUDIT_ANCHOR_KEY_ID` is: verify then also checks the chain against the KMS-MAC'd anchors. */
  auditMac?: AuditMac;
}

export interface ApiResources extends ApiDeps {
  database: Database;
  close(): Promise<void>;
}

/** What tests and tools may swap: KMS credentials for the emulator, a fetch, metric instruments. */
export interface DepsOverrides {
  kmsCredentials?: { accessKeyId: string; secretAccessKey: string };
  fetch?: FetchLike;
  metrics?: TikTokMetrics;
  now?: () => Date;
}

// A creator is waiting on the consent callback: fail fast with BUDGET_EXHAUSTED rather than hang the page.
const API_BUDGET_WAIT_MS = 5_000;

/** The shared services (`createServices`) and the api's own parts: readiness checks and webhook keys. */
export async function createDeps(
  config: ApiConfig,
  logger: FastifyBaseLogger,
  overrides: DepsOverrides = {},
): Promise<ApiResources> {
  const services = await createServices(config, {
    appName: "trendpot-api",
    logger,
    maxBudgetWaitMs: API_BUDGET_WAIT_MS,
    redis: await connectApiRedis(resolveRedisTopology(config), logger),
    ...overrides,
  });
  await waitForQueues(services.queues);
  const lists = cachedLists(services, config, logger);
  return {
    ...services,
    ...lists.repos,
    ...(lists.cache ? { readCache: lists.cache } : {}),
    close: async () => {
      await lists.close();
      await services.close();
    },
    config,
    logger,
    checks: readinessChecks(services, config),
    webhookKeys: webhookKeys(services.clientSecret, config.TIKTOK_WEBHOOK_SECRET),
    tiktokMetrics: overrides.metrics ?? createTikTokMetrics(),
  };
}

/**
 * The accounts list and videos pages through the read cache (the platform polls them); when
 * API_READ_CACHE_ENTRIES is 0, the repositories as they are.
 */
function cachedLists(services: Services, config: ApiConfig, logger: FastifyBaseLogger) {
  const repos = { accounts: services.accounts, videos: services.videos };
  if (config.API_READ_CACHE_ENTRIES === 0) return { repos, cache: undefined, close: async () => {} };
  const cache = createReadCache({
    client: services.database.client,
    db: services.database.db,
    maxEntries: config.API_READ_CACHE_ENTRIES,
    // The driver resumes the stream by itself after a failover; this is a stream it could not resume. Until it is
    // reopened, list reads go to MongoDB.
    onStreamError: (error) => logger.warn({ err: error }, "read cache: change stream failed; lists read MongoDB"),
  });
  return { repos: withCachedLists(repos, cache), cache, close: () => cache.close() };
}

/**
 * Each BullMQ queue sends one INFO (its Redis version check) when opened, under the api's 1 s command deadline,
 * and keeps that first answer for good: if it times out (the rest of the boot holding the event loop on a busy
 * machine is enough), every later add on the queue fails while PING, and so `/ready`, succeeds. Waiting here, with
 * the event loop idle, lets the answers in; a queue that still cannot start fails the boot, not every consent.
 */
async function waitForQueues(queues: Services["queues"]): Promise<void> {
  const { ingestion, metricsRefresh, tokenRefresh, maintenance, webhooks } = queues;
  await Promise.all([ingestion, metricsRefresh, tokenRefresh, maintenance, webhooks].map((q) => q.waitUntilReady()));
}

function readinessChecks(
  { database, redis, kms, queues }: { database: Database; redis: RedisClient; kms: KMSClient; queues: TikTokQueues },
  config: ApiConfig,
): ReadinessCheck[] {
  return [
    { name: "mongodb", check: () => pingDatabase(database.db) },
    { name: "redis", check: async () => void (await redis.ping()) },
    {
      name: "kms",
      check: async () => {
        const out = await kms.send(new DescribeKeyCommand({ KeyId: config.TIKTOK_TOKEN_ENC_KEY_ID }));
        if (out.KeyMetadata?.Enabled === false) throw new Error("the token key is disabled");
      },
    },
    {
      name: "worker",
      check: async () => {
        const beat = await readWorkerHeartbeat(redis, config.REDIS_PREFIX);
        if (!beat.fresh) {
          throw new Error(
            beat.ageMs === undefined ? "no worker heartbeat" : `worker heartbeat is ${beat.ageMs} ms old`,
          );
        }
      },
    },
    ...(config.WORKER_SCHEDULES_ENABLED ? [schedulesCheck(queues)] : []),
  ];
}

function schedulesCheck(queues: TikTokQueues): ReadinessCheck {
  return {
    // Workers recreate lost schedulers within WORKER_SCHEDULE_RECONCILE_MS; until then nothing plans metrics,
    // sweeps tokens or runs maintenance, which a green /ready would hide.
    name: "schedules",
    check: async () => {
      const missing = await missingSchedules(queues);
      if (missing.length > 0) throw new Error(`missing job schedulers: ${missing.join(", ")}`);
    },
  };
}
