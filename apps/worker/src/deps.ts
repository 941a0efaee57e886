import type { KMSClient } from "@aws-sdk/client-kms";
import {
  createKmsFromConfig,
  createTikTokRuntime,
  createTokenCipherFromConfig,
  resolveClientSecret,
  type TikTokRuntime,
} from "@trendpot/core";
import { type CredentialStore, createCredentialStore, refreshWithTikTok } from "@trendpot/credentials";
import {
  connectDatabase,
  createAuditRepo,
  createAuditWriter,
  createMetricsRepo,
  createVideosRepo,
  type Database,
  ensureIndexes,
} from "@trendpot/db";
import {
  createEventPublisher,
  createQueues,
  type EventPublisher,
  type TikTokQueues,
  VIDEOS_UPDATE_EVENT,
} from "@trendpot/jobs";
import type { TikTokMetrics } from "@trendpot/telemetry";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { createAccountsAdapter, createMaintenanceAdapter, type DbAccounts } from "./adapters";
import type { WorkerConfig } from "./config";
import type { JobDeps, MaintenancePort } from "./ports";

/** Everything the worker runs on, built once from config (the composition root). */
export interface WorkerDeps {
  config: WorkerConfig;
  logger: Logger;
  database: Database;
  redis: Redis;
  runtime: TikTokRuntime;
  queues: TikTokQueues;
  events: EventPublisher;
  store: CredentialStore;
  job: JobDeps;
  maintenance: MaintenancePort;
  metrics: TikTokMetrics;
  /** The raw db accounts repository (revocation needs it). */
  dbAccounts: DbAccounts;
  videosRepo: ReturnType<typeof createVideosRepo>;
  historyRepo: ReturnType<typeof createMetricsRepo>;
  close(): Promise<void>;
}

/** Test and benchmark seams; production passes none of them. */
export interface WorkerDepsOverrides {
  /** A prebuilt runtime (e.g. a budget with a shortened window for a scaled benchmark). */
  runtime?: (redis: Redis, clientSecret: string) => TikTokRuntime;
  kms?: KMSClient;
  now?: () => Date;
}

/** Connects Mongo and Redis and builds the budgeted TikTok client, the cipher, the stores and the queues. */
export async function createWorkerDeps(
  config: WorkerConfig,
  logger: Logger,
  metrics: TikTokMetrics,
  overrides: WorkerDepsOverrides = {},
): Promise<WorkerDeps> {
  const now = overrides.now ?? (() => new Date());
  const database = await openDatabase(config);
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const kms = overrides.kms ?? createKmsFromConfig(config);
  const clientSecret = await resolveClientSecret(config, kms);
  const runtime =
    overrides.runtime?.(redis, clientSecret) ?? createTikTokRuntime({ config, clientSecret, redis, metrics });
  const cipher = createTokenCipherFromConfig({ config, kms, logger, metrics });
  const events = createEventPublisher(redis, { stream: `${config.REDIS_PREFIX}:${VIDEOS_UPDATE_EVENT}` });
  const store = createCredentialStore({
    db: database.db,
    cipher,
    refresh: refreshWithTikTok(runtime.client),
    audit: createAuditWriter(createAuditRepo(database.db, { now })),
    events,
    metrics,
    logger,
    now,
  });
  const videosRepo = createVideosRepo(database.db);
  const historyRepo = createMetricsRepo(database.db);
  const queues = createQueues(redis, config.REDIS_PREFIX, {
    attempts: config.TIKTOK_INGESTION_MAX_ATTEMPTS,
    backoffMs: config.TIKTOK_INGESTION_RETRY_BACKOFF_MS,
  });
  const job: JobDeps = {
    accounts: createAccountsAdapter(database.db, store.accounts),
    credentials: credentialsPort(store),
    tiktok: runtime.client,
    videos: videosRepo,
    history: historyRepo,
    events,
    metrics,
    logger,
    now,
  };
  const maintenance = createMaintenanceAdapter(database.db, store, historyRepo);
  return {
    config,
    logger,
    database,
    redis,
    runtime,
    queues,
    events,
    store,
    job,
    maintenance,
    metrics,
    dbAccounts: store.accounts,
    videosRepo,
    historyRepo,
    async close() {
      await queues.close();
      redis.disconnect();
      await database.close();
    },
  };
}

async function openDatabase(config: WorkerConfig): Promise<Database> {
  const database = await connectDatabase({
    uri: config.MONGODB_URI,
    dbName: config.MONGODB_DB,
    appName: "trendpot-worker",
  });
  // Idempotent, and before any write: unique indexes carry correctness guarantees, whichever app boots first.
  await ensureIndexes(database.db, database.capabilities);
  return database;
}

/** The store's tokens, unwrapped: jobs pass the access token straight to the client and keep it nowhere. */
function credentialsPort(store: CredentialStore): JobDeps["credentials"] {
  return {
    getFreshAccessToken: async (accountId, context) =>
      (await store.getFreshAccessToken(accountId, context)).accessToken,
    refreshNow: async (accountId, context) => (await store.refreshNow(accountId, context)).accessToken,
  };
}
