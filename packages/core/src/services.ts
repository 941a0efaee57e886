import type { KMSClient } from "@aws-sdk/client-kms";
import { resolveRedisTopology } from "@trendpot/config";
import { createCredentials, type StoreLogger } from "@trendpot/credentials";
import {
  connectDatabase,
  createAuditRepo,
  createAuditWriter,
  createConnectSessionsRepo,
  createMetricsRepo,
  createOAuthStatesRepo,
  createProfileHistoryRepo,
  createSyncRunsRepo,
  createTokenAccessRepo,
  createVideosRepo,
  createWebhookDeliveriesRepo,
  ensureIndexes,
} from "@trendpot/db";
import { createEventPublisher, createQueues, videosUpdateStream } from "@trendpot/jobs";
import type { TikTokMetrics } from "@trendpot/telemetry";
import type { FetchLike } from "@trendpot/tiktok-display";
import type { CipherLogger } from "@trendpot/token-cipher";
import { createRedisClient, type RedisClient } from "./redis-connection";
import { createSyncRunTracker } from "./sync-run-tracker";
import { createTikTokRuntime, type TikTokRuntime, type TikTokRuntimeConfig } from "./tiktok-runtime";
import {
  createKmsFromConfig,
  createTokenCipherFromConfig,
  resolveClientSecret,
  resolveConfiguredKeys,
  type TokenCipherConfig,
} from "./token-cipher-factory";

/** The config values the shared services read; both apps' configs have them. */
export interface ServicesConfig extends TikTokRuntimeConfig, TokenCipherConfig {
  MONGODB_URI: string;
  MONGODB_DB: string;
  REDIS_URL: string;
  REDIS_SENTINELS?: string[] | undefined;
  REDIS_SENTINEL_NAME?: string | undefined;
  REDIS_CLUSTER_NODES?: string[] | undefined;
  TIKTOK_CLIENT_SECRET?: string | undefined;
  TIKTOK_CLIENT_SECRET_ENCRYPTED?: string | undefined;
  TIKTOK_INGESTION_MAX_ATTEMPTS: number;
  /** Days a sync run is kept (each run stores its `expiresAt`); default 90. */
  SYNC_RUN_RETENTION_DAYS?: number | undefined;
}

export interface ServicesOptions {
  /** The MongoDB driver's appName, so server logs tell the processes apart. */
  appName: string;
  logger: StoreLogger & CipherLogger;
  metrics?: TikTokMetrics | undefined;
  now?: () => Date;
  /** Test seams: an emulator's KMS credentials or client, a fetch pointed at the sandbox. */
  kmsCredentials?: { accessKeyId: string; secretAccessKey: string };
  kms?: KMSClient;
  fetch?: FetchLike;
  /** Longest wait for TikTok budget before `BUDGET_EXHAUSTED` (the api's creators cannot wait minutes). */
  maxBudgetWaitMs?: number;
  /** A prebuilt Redis connection (the caller chooses its retry policy); closed with the services. */
  redis?: RedisClient;
  /** A prebuilt TikTok runtime (e.g. a budget with a shortened window for a scaled benchmark). */
  runtime?: (redis: RedisClient, clientSecret: string) => TikTokRuntime;
}

/**
 * The composition root both apps share: config → clients (MongoDB, Redis, KMS, TikTok) → repositories →
 * features. Each app adds only its surface (routes; processors), so the two cannot wire things differently.
 */
export async function createServices(config: ServicesConfig, options: ServicesOptions) {
  const now = options.now ?? (() => new Date());
  const database = await connectDatabase({
    uri: config.MONGODB_URI,
    dbName: config.MONGODB_DB,
    appName: options.appName,
  });
  // Idempotent, and before any write: unique indexes carry correctness guarantees, whichever app boots first.
  await ensureIndexes(database.db);
  // BullMQ's workers need maxRetriesPerRequest null: a command waits out a failover instead of failing the job.
  const redis = options.redis ?? createRedisClient(resolveRedisTopology(config), { maxRetriesPerRequest: null });
  const kms = options.kms ?? createKmsFromConfig(config, options.kmsCredentials);
  const clientSecret = await resolveClientSecret(config, kms);
  const runtime =
    options.runtime?.(redis, clientSecret) ??
    createTikTokRuntime({
      config,
      clientSecret,
      redis,
      metrics: options.metrics,
      fetch: options.fetch,
      maxBudgetWaitMs: options.maxBudgetWaitMs,
    });
  const { db } = database;
  const tokenAccess = createTokenAccessRepo(db, { now });
  const keys = await resolveConfiguredKeys(config, kms, options.logger);
  const cipher = createTokenCipherFromConfig({
    config,
    kms,
    keys,
    logger: options.logger,
    metrics: options.metrics,
    // Compliance records go to their own collection, so no LOG_LEVEL can drop them.
    recordAccess: (event) => tokenAccess.record(event),
  });
  const queues = createQueues(redis, config.REDIS_PREFIX, {
    attempts: config.TIKTOK_INGESTION_MAX_ATTEMPTS,
    backoffMs: config.TIKTOK_INGESTION_RETRY_BACKOFF_MS,
  });
  const events = createEventPublisher(redis, { stream: videosUpdateStream(config.REDIS_PREFIX) });
  const audit = createAuditRepo(db, { now });
  const auditWriter = createAuditWriter(audit);
  const credentials = createCredentials({
    db,
    cipher,
    tiktok: runtime.client,
    audit: auditWriter,
    events,
    metrics: options.metrics,
    logger: options.logger,
    now,
  });
  const syncRuns = createSyncRunsRepo(db, { retentionDays: config.SYNC_RUN_RETENTION_DAYS });
  const syncRunTracker = createSyncRunTracker({
    syncRuns,
    now,
    warn: (fields, message) => options.logger.warn(fields, message),
  });
  return {
    database,
    db,
    redis,
    kms,
    clientSecret,
    runtime,
    tiktok: runtime.client,
    budget: runtime.budget,
    cipher,
    queues,
    events,
    credentials,
    accounts: credentials.accounts,
    videos: createVideosRepo(db),
    metrics: createMetricsRepo(db),
    audit,
    auditWriter,
    connectSessions: createConnectSessionsRepo(db),
    oauthStates: createOAuthStatesRepo(db),
    syncRuns,
    syncRunTracker,
    profileHistory: createProfileHistoryRepo(db),
    tokenAccess,
    webhookDeliveries: createWebhookDeliveriesRepo(db),
    now,
    /** Closes what the services opened: queues, Redis, the KMS client they created, MongoDB. */
    async close(): Promise<void> {
      await queues.close();
      redis.disconnect();
      if (!options.kms) kms.destroy();
      await database.close();
    },
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;
