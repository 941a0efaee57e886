import type { KMSClient } from "@aws-sdk/client-kms";
import { createServices, type TikTokRuntime } from "@trendpot/core";
import type { CredentialStore } from "@trendpot/credentials";
import type { Database, MetricsRepo, VideosRepo } from "@trendpot/db";
import type { EventPublisher, TikTokQueues } from "@trendpot/jobs";
import type { TikTokMetrics } from "@trendpot/telemetry";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { createAccountsAdapter, createMaintenanceAdapter, type DbAccounts } from "./adapters";
import type { WorkerConfig } from "./config";
import type { JobDeps, MaintenancePort } from "./ports";

/** Everything the worker runs on: the shared services plus what only the processors use. */
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
  videosRepo: VideosRepo;
  historyRepo: MetricsRepo;
  close(): Promise<void>;
}

/** Test and benchmark seams; production passes none of them. */
export interface WorkerDepsOverrides {
  /** A prebuilt runtime (e.g. a budget with a shortened window for a scaled benchmark). */
  runtime?: (redis: Redis, clientSecret: string) => TikTokRuntime;
  kms?: KMSClient;
  now?: () => Date;
}

/** The shared services (`createServices`), and the worker's job and maintenance ports on top of them. */
export async function createWorkerDeps(
  config: WorkerConfig,
  logger: Logger,
  metrics: TikTokMetrics,
  overrides: WorkerDepsOverrides = {},
): Promise<WorkerDeps> {
  const services = await createServices(config, { appName: "trendpot-worker", logger, metrics, ...overrides });
  const store = services.credentials;
  const job: JobDeps = {
    accounts: createAccountsAdapter(services.db, store.accounts),
    credentials: credentialsPort(store),
    tiktok: services.tiktok,
    videos: services.videos,
    history: services.metrics,
    events: services.events,
    metrics,
    logger,
    now: services.now,
  };
  return {
    config,
    logger,
    database: services.database,
    redis: services.redis,
    runtime: services.runtime,
    queues: services.queues,
    events: services.events,
    store,
    job,
    maintenance: createMaintenanceAdapter(services.db, store, services.metrics),
    metrics,
    dbAccounts: store.accounts,
    videosRepo: services.videos,
    historyRepo: services.metrics,
    close: services.close,
  };
}

/** The store's tokens, unwrapped: jobs pass the access token straight to the client and keep it nowhere. */
function credentialsPort(store: CredentialStore): JobDeps["credentials"] {
  return {
    getFreshAccessToken: async (accountId, context) =>
      (await store.getFreshAccessToken(accountId, context)).accessToken,
    refreshNow: async (accountId, context) => (await store.refreshNow(accountId, context)).accessToken,
  };
}
