import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { createLogger, type TikTokMetrics } from "@trendpot/telemetry";
import { createTikTokSandbox, sandboxServiceEnv, type TikTokSandbox } from "@trendpot/tiktok-sandbox";
import { type App, buildApp } from "../app";
import { type ApiConfig, loadConfig } from "../config";
import { type ApiResources, createDeps } from "../deps";

/** The three API keys every test app accepts, by role. */
export const KEYS = {
  platform: "tp_test_platform_key_0123456789abcdef",
  compliance: "tp_test_compliance_key_0123456789abcd",
  ops: "tp_test_ops_key_0123456789abcdef012345",
} as const;

export const RETURN_ORIGIN = "https://app.trendpot.test";
/** Scopes the sandbox knows (it refuses video.data and webhook.subscription, which TikTok does not document). */
export const TEST_SCOPES = ["user.info.basic", "user.info.profile", "user.info.stats", "video.list"];
/** TIKTOK_WEBHOOK_SECRET of every test app: the second webhook key (the sandbox signs with the client secret). */
export const WEBHOOK_SECRET = "whsec_test_0123456789abcdef0123456789";

const sha = (value: string) => createHash("sha256").update(value).digest("hex");

export interface TestApp {
  app: App;
  deps: ApiResources;
  config: ApiConfig;
  sandbox: TikTokSandbox;
  /** Every log line the app wrote, as text. */
  logs: string[];
  auth(role: keyof typeof KEYS): { authorization: string };
  /** Moves the app's clock forward (expiry tests); TikTok's sandbox clock is separate. */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

/** Options of {@link createTestApp}: extra environment (e.g. tighter rate limits) and sandbox options. */
export interface TestAppOptions {
  env?: Record<string, string>;
  baseUrl?: string;
  /** Instruments to record into (e.g. `createRecordingMetrics().metrics`); the global no-op meter otherwise. */
  metrics?: TikTokMetrics;
}

/**
 * An app on real MongoDB, Redis and KMS, a fresh database and Redis prefix, and an in-process TikTok sandbox.
 * Nothing is shared with other tests but the servers themselves.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const services = testServices();
  // No webhookSecret: the sandbox signs webhooks with its client secret, as TikTok does.
  const sandbox = await createTikTokSandbox();
  const baseUrl = options.baseUrl ?? "http://127.0.0.1:3999";
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "debug",
    MONGODB_URI: services.mongo.uri,
    MONGODB_DB: uniqueName("api"),
    REDIS_URL: services.redis.url,
    REDIS_PREFIX: uniqueName("api"),
    ...sandboxServiceEnv(sandbox),
    TIKTOK_DISPLAY_SCOPES: TEST_SCOPES.join(" "),
    TIKTOK_REDIRECT_URI: `${baseUrl}/auth/tiktok/callback`,
    TIKTOK_WEBHOOK_SECRET: WEBHOOK_SECRET,
    TIKTOK_TOKEN_ENC_KEY_ID: services.kms.keyAlias,
    AWS_REGION: services.kms.region,
    KMS_ENDPOINT: services.kms.endpoint,
    PUBLIC_BASE_URL: baseUrl,
    RETURN_URL_ALLOWED_ORIGINS: `${RETURN_ORIGIN},http://localhost:5173`,
    API_KEYS: Object.entries(KEYS)
      .map(([role, key]) => `${role}-key:${role}:${sha(key)}`)
      .join(","),
    ...options.env,
  });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const logger = createLogger({ name: "api-test", level: "debug", destination });
  let offsetMs = 0;
  const deps = await createDeps(config, logger, {
    ...(services.kms.credentials ? { kmsCredentials: services.kms.credentials } : {}),
    now: () => new Date(Date.now() + offsetMs),
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  const app = await buildApp(deps);
  await app.ready();
  return {
    app,
    deps,
    config,
    sandbox,
    logs,
    auth: (role) => ({ authorization: `Bearer ${KEYS[role]}` }),
    advanceClock: (ms) => {
      offsetMs += ms;
    },
    close: async () => {
      await app.close();
      await deps.close();
      await sandbox.close();
    },
  };
}
