import { Writable } from "node:stream";
import { createKmsFromConfig } from "@trendpot/core";
import { createCredentials } from "@trendpot/credentials";
import { consentGrant } from "@trendpot/credentials/testing";
import { type ServiceEndpoints, servicesEnv } from "@trendpot/dev-services";
import { createLogger } from "@trendpot/telemetry";
import { createRecordingMetrics } from "@trendpot/telemetry/testing";
import { createTikTokClient } from "@trendpot/tiktok-display";
import {
  createTikTokSandbox,
  type SandboxOptions,
  sandboxClientOptions,
  sandboxServiceEnv,
  type TikTokSandbox,
} from "@trendpot/tiktok-sandbox";
import type { Logger } from "pino";
import { loadConfig, type WorkerConfig } from "../config";
import { createWorkerDeps, type WorkerDeps, type WorkerDepsOverrides } from "../deps";

/** The scopes test creators grant. */
export const TEST_SCOPES = ["user.info.basic", "user.info.stats", "video.list"];

/** Environment for a worker pointed at the sandbox and the test services, isolated by `name`. */
export function workerEnv(
  services: Required<ServiceEndpoints>,
  sandbox: Pick<TikTokSandbox, "url" | "clientKey" | "clientSecret" | "webhookSecret">,
  name: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    NODE_ENV: "test",
    LOG_LEVEL: "info",
    MONGODB_URI: services.mongo.uri,
    MONGODB_DB: name.slice(0, 60),
    REDIS_URL: services.redis.url,
    REDIS_PREFIX: name.slice(0, 40),
    ...sandboxServiceEnv(sandbox),
    ...servicesEnv({ kms: services.kms }),
    WORKER_LIVENESS_PORT: "0",
    ...extra,
  };
}

/** A logger that keeps every line (to assert that no token was ever logged). */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: createLogger({ name: "worker-test", level: "debug", destination }), lines };
}

/** A clock shared by the sandbox and the worker's jobs, moved by tests (budget and BullMQ keep real time). */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export function createTestClock(start: number = Date.now()): TestClock {
  let offset = 0;
  return {
    now: () => start + offset + (Date.now() - start),
    advance: (ms) => {
      offset += ms;
    },
  };
}

export interface Harness {
  sandbox: TikTokSandbox;
  clock: TestClock;
  config: WorkerConfig;
  deps: WorkerDeps;
  logger: Logger;
  logLines: string[];
  recording: ReturnType<typeof createRecordingMetrics>;
  /** Authorizes `openId` at the sandbox and stores the account as the consent callback would; returns its id. */
  connect(openId: string, options?: { userId?: string; scopes?: string[] }): Promise<string>;
  close(): Promise<void>;
}

/** Starts a sandbox and the worker's real composition root against it. */
export async function createHarness(input: {
  services: Required<ServiceEndpoints>;
  name: string;
  sandbox?: SandboxOptions;
  env?: Record<string, string>;
  overrides?: WorkerDepsOverrides;
}): Promise<Harness> {
  const clock = createTestClock();
  const sandbox = await createTikTokSandbox({ seed: false, now: clock.now, ...input.sandbox });
  const config = loadConfig(workerEnv(input.services, sandbox, input.name, input.env));
  const { logger, lines } = capturingLogger();
  const recording = createRecordingMetrics();
  const kms = createKmsFromConfig(config, input.services.kms.credentials);
  const deps = await createWorkerDeps(config, logger, recording.metrics, {
    kms,
    now: () => new Date(clock.now()),
    ...input.overrides,
  });
  // Creators connect through the real consent, but outside the worker's budget: the tests count the jobs' calls.
  const oauth = createTikTokClient(sandboxClientOptions(sandbox));
  const consent = createCredentials({ db: deps.db, cipher: deps.cipher, tiktok: oauth, now: deps.now });
  const redirectUri = "http://127.0.0.1:9/callback";
  return {
    sandbox,
    clock,
    config,
    deps,
    logger,
    logLines: lines,
    recording,
    async connect(openId, options = {}) {
      const scopes = options.scopes ?? TEST_SCOPES;
      const page = sandbox.scenario;
      const grant = await consentGrant(consent, { client: oauth, page, openId, scopes, redirectUri });
      const account = await consent.connect({
        grant,
        userId: options.userId ?? `user-${openId}`,
        requestedScopes: scopes,
      });
      return account._id;
    },
    async close() {
      await deps.close();
      await sandbox.close();
    },
  };
}
