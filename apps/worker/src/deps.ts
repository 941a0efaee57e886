import type { KMSClient } from "@aws-sdk/client-kms";
import {
  createServices,
  type RedisClient,
  revokeAccount,
  revokeDeps,
  type Services,
  type TikTokRuntime,
} from "@trendpot/core";
import type { TikTokMetrics } from "@trendpot/telemetry";
import type { Logger } from "pino";
import { createAccountsAdapter, createMaintenanceAdapter } from "./adapters";
import type { WorkerConfig } from "./config";
import type { RevokeFn } from "./jobs/handle-webhook";
import type { JobDeps, MaintenancePort } from "./ports";

/** Everything the worker runs on: the shared services plus the jobs' and maintenance's views of them. */
export type WorkerDeps = Services & {
  config: WorkerConfig;
  logger: Logger;
  job: JobDeps;
  maintenance: MaintenancePort;
  /** `revokeAccount` with the shared services, for TikTok's `authorization.removed` (TikTok already revoked). */
  revoke: RevokeFn;
};

/** Test and benchmark seams; production passes none of them. */
export interface WorkerDepsOverrides {
  /** A prebuilt runtime (e.g. a budget with a shortened window for a scaled benchmark). */
  runtime?: (redis: RedisClient, clientSecret: string) => TikTokRuntime;
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
  const job: JobDeps = {
    accounts: createAccountsAdapter(services.accounts),
    credentials: services.credentials,
    tiktok: services.tiktok,
    videos: services.videos,
    history: services.metrics,
    profileHistory: services.profileHistory,
    events: services.events,
    metrics,
    logger,
    now: services.now,
  };
  const maintenance = createMaintenanceAdapter(services.db, services.credentials, services.metrics);
  const revoke: RevokeFn = (input) => revokeAccount(revokeDeps(services, logger), input);
  return { ...services, config, logger, job, maintenance, revoke };
}
