import type { KMSClient } from "@aws-sdk/client-kms";
import { DescribeKeyCommand } from "@aws-sdk/client-kms";
import {
  createKmsFromConfig,
  createTikTokRuntime,
  createTokenCipherFromConfig,
  readWorkerHeartbeat,
  resolveClientSecret,
} from "@trendpot/core";
import { type CredentialStore, createCredentialStore, refreshWithTikTok } from "@trendpot/credentials";
import {
  type AccountsRepo,
  type AuditRepo,
  type AuditWriter,
  type ConnectSessionsRepo,
  connectDatabase,
  createAuditRepo,
  createAuditWriter,
  createConnectSessionsRepo,
  createMetricsRepo,
  createOAuthStatesRepo,
  createSyncRunsRepo,
  createVideosRepo,
  createWebhookDeliveriesRepo,
  type Database,
  ensureIndexes,
  type MetricsRepo,
  type OAuthStatesRepo,
  pingDatabase,
  type SyncRunsRepo,
  type VideosRepo,
  type WebhookDeliveriesRepo,
} from "@trendpot/db";
import {
  createEventPublisher,
  createQueues,
  type EventPublisher,
  type TikTokBudget,
  type TikTokQueues,
  VIDEOS_UPDATE_EVENT,
} from "@trendpot/jobs";
import { createTikTokMetrics, type TikTokMetrics } from "@trendpot/telemetry";
import type { FetchLike, TikTokClient } from "@trendpot/tiktok-display";
import type { TikTokTokenCipher } from "@trendpot/token-cipher";
import type { FastifyBaseLogger } from "fastify";
import { Redis } from "ioredis";
import type { Db } from "mongodb";
import type { ApiConfig } from "./config";
import { type WebhookKey, webhookKeys } from "./lib/webhook-signature";

/** A named dependency probe for /ready. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

/** Everything the HTTP app needs, built once by the composition root and handed to buildApp. */
export interface ApiDeps {
  config: ApiConfig;
  logger: FastifyBaseLogger;
  checks: ReadinessCheck[];
  db: Db;
  redis: Redis;
  tiktok: TikTokClient;
  budget: TikTokBudget;
  cipher: TikTokTokenCipher;
  queues: TikTokQueues;
  events: EventPublisher;
  accounts: AccountsRepo;
  credentials: CredentialStore;
  videos: VideosRepo;
  metrics: MetricsRepo;
  audit: AuditRepo;
  auditWriter: AuditWriter;
  connectSessions: ConnectSessionsRepo;
  oauthStates: OAuthStatesRepo;
  syncRuns: SyncRunsRepo;
  webhookDeliveries: WebhookDeliveriesRepo;
  /** Keys a `TikTok-Signature` may be made with: the client secret, then TIKTOK_WEBHOOK_SECRET when set. */
  webhookKeys: readonly WebhookKey[];
  tiktokMetrics: TikTokMetrics;
  now: () => Date;
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

/** The composition root: connects to MongoDB, Redis and KMS and wires the rest from config. */
export async function createDeps(
  config: ApiConfig,
  logger: FastifyBaseLogger,
  overrides: DepsOverrides = {},
): Promise<ApiResources> {
  const database = await connectDatabase({
    uri: config.MONGODB_URI,
    dbName: config.MONGODB_DB,
    appName: "trendpot-api",
  });
  // Idempotent, and before any write: unique indexes carry correctness guarantees, whichever app boots first.
  await ensureIndexes(database.db, database.capabilities);
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false });
  const kms = createKmsFromConfig(config, overrides.kmsCredentials);
  const clientSecret = await resolveClientSecret(config, kms);
  const { client, budget } = createTikTokRuntime({
    config,
    clientSecret,
    redis,
    metrics: overrides.metrics,
    fetch: overrides.fetch,
    maxBudgetWaitMs: API_BUDGET_WAIT_MS,
  });
  const cipher = createTokenCipherFromConfig({ config, kms, logger, metrics: overrides.metrics });
  const queues = createQueues(redis, config.REDIS_PREFIX, {
    attempts: config.TIKTOK_INGESTION_MAX_ATTEMPTS,
    backoffMs: config.TIKTOK_INGESTION_RETRY_BACKOFF_MS,
  });
  const events = createEventPublisher(redis, { stream: `${config.REDIS_PREFIX}:${VIDEOS_UPDATE_EVENT}` });
  const now = overrides.now ?? (() => new Date());
  const { db } = database;
  const audit = createAuditRepo(db, { now });
  const auditWriter = createAuditWriter(audit);
  const credentials = createCredentialStore({
    db,
    cipher,
    refresh: refreshWithTikTok(client),
    audit: auditWriter,
    events,
    metrics: overrides.metrics,
    logger,
    now,
  });
  return {
    config,
    logger,
    checks: readinessChecks(database, redis, kms, config),
    db,
    redis,
    tiktok: client,
    budget,
    cipher,
    queues,
    events,
    accounts: credentials.accounts,
    credentials,
    videos: createVideosRepo(db),
    metrics: createMetricsRepo(db),
    audit,
    auditWriter,
    connectSessions: createConnectSessionsRepo(db),
    oauthStates: createOAuthStatesRepo(db),
    syncRuns: createSyncRunsRepo(db),
    webhookDeliveries: createWebhookDeliveriesRepo(db),
    webhookKeys: webhookKeys(clientSecret, config.TIKTOK_WEBHOOK_SECRET),
    tiktokMetrics: overrides.metrics ?? createTikTokMetrics(),
    now,
    database,
    close: async () => {
      await queues.close();
      redis.disconnect();
      kms.destroy();
      await database.close();
    },
  };
}

function readinessChecks(database: Database, redis: Redis, kms: KMSClient, config: ApiConfig): ReadinessCheck[] {
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
  ];
}
