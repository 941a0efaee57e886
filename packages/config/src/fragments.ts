import { z } from "zod";
import { boolVar, intVar, listVar, urlVar } from "./env";

/** The consent copy compliance approved; overridable so compliance can change it without a deploy. */
export const DEFAULT_CONSENT_COPY =
  "TrendPot will ingest approved TikTok videos and refresh their metrics periodically.";

/**
 * The scope bundle the TikTok app was approved for. video.data and webhook.subscription are not in TikTok's public
 * docs (the sandbox refuses them): keep it configurable.
 */
export const DEFAULT_SCOPES = "user.info.basic video.list video.data webhook.subscription";

export const runtimeEnv = z.object({
  // Unset means production: development relaxes access (the api's /status page opens without a key), so it must
  // be asked for by name (the local stack does), never reached by forgetting a variable.
  NODE_ENV: z.enum(["development", "test", "production"]).default("production"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // Pretty logs are for humans at a terminal; production ships JSON to the collector.
  LOG_PRETTY: boolVar(false),
  DEPLOYMENT_ENV: z.string().default("local"),
});

export const mongoEnv = z.object({
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, "must be a mongodb:// or mongodb+srv:// URI"),
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, "must be a database name")
    .default("trendpot"),
});

const hostPortList = listVar().pipe(
  z.array(z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, "must be a comma-separated list of host:port")).min(1),
);

export const redisEnv = z.object({
  // With REDIS_SENTINELS or REDIS_CLUSTER_NODES only its credentials, TLS (rediss://) and database number count.
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL"),
  // Keys of every queue and the budget live under this prefix, so several deployments can share one Redis. With
  // REDIS_CLUSTER_NODES it must be a hash tag (`{trendpot}`): every multi-key script then stays in one slot.
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_{}-]{1,40}$/, "must be letters, digits, : _ - { }")
    .default("trendpot"),
  // Sentinels to ask for the current master (host:port,…): a master that dies is replaced without a redeploy.
  REDIS_SENTINELS: hostPortList.optional(),
  REDIS_SENTINEL_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, "must be a Sentinel master name")
    .default("mymaster"),
  // Seed nodes of a Redis Cluster (host:port,…); the client learns the rest of the cluster from them.
  REDIS_CLUSTER_NODES: hostPortList.optional(),
});

export const tiktokClientEnv = z.object({
  TIKTOK_CLIENT_KEY: z.string().min(1),
  TIKTOK_CLIENT_SECRET: z.string().min(1).optional(),
  // Base64 KMS ciphertext of the client secret (the secret is kept in a secrets manager and decrypted at boot, never stored in plain text).
  TIKTOK_CLIENT_SECRET_ENCRYPTED: z
    .string()
    .regex(/^[A-Za-z0-9+/=]+$/, "must be base64")
    .optional(),
  // open-api.tiktok.com is TikTok's deprecated v1 host; the v2 paths this client calls live here.
  TIKTOK_DISPLAY_API_BASE_URL: urlVar().default("https://open.tiktokapis.com"),
  TIKTOK_AUTH_BASE_URL: urlVar().default("https://www.tiktok.com"),
  TIKTOK_OEMBED_BASE_URL: urlVar().default("https://www.tiktok.com"),
  TIKTOK_HTTP_TIMEOUT_MS: intVar({ default: 10_000, min: 100, max: 120_000 }),
});

export const tokenCipherEnv = z.object({
  // ARN or alias of the `trendpot/tiktok-display-oauth` KMS key; every new ciphertext is written under it.
  TIKTOK_TOKEN_ENC_KEY_ID: z.string().min(1),
  // Keys still accepted for reading during a rotation; retire one by removing it once the sweep has finished.
  TIKTOK_TOKEN_PREVIOUS_KEY_IDS: listVar().default([]),
  AWS_REGION: z.string().default("us-east-1"),
  // Only for emulators and VPC endpoints; unset means AWS's public endpoint for the region.
  KMS_ENDPOINT: urlVar().optional(),
  // Data keys are reused for a short time and a bounded number of messages to keep KMS calls (cost, latency) low.
  TOKEN_DATA_KEY_CACHE_TTL_MS: intVar({ default: 300_000, min: 0, max: 3_600_000 }),
  TOKEN_DATA_KEY_CACHE_MAX_USES: intVar({ default: 1_000, min: 1, max: 1_000_000 }),
});

export const oauthEnv = z.object({
  TIKTOK_DISPLAY_SCOPES: listVar(/\s+/).default(DEFAULT_SCOPES.split(" ")),
  TIKTOK_REDIRECT_URI: urlVar().optional(),
  // Overrides TIKTOK_REDIRECT_URI when set: the redirect registered for the Display API scopes.
  TIKTOK_DISPLAY_OAUTH_REDIRECT: urlVar().optional(),
  // TikTok signs webhooks with the client secret; this second, dedicated key is accepted too when set.
  TIKTOK_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  // Webhooks older than this are refused, so a captured delivery cannot be replayed later.
  TIKTOK_WEBHOOK_TOLERANCE_SEC: intVar({ default: 300, min: 5, max: 3_600 }),
});

/** The global TikTok budget and the queues' retry policy: both apps call TikTok and enqueue jobs. */
export const budgetEnv = z.object({
  // 90 of the 100 calls a minute agreed with TikTok leaves headroom for manual retries and support diagnostics.
  TIKTOK_INGESTION_RATE_LIMIT_PER_MIN: intVar({ default: 90, min: 1, max: 600 }),
  TIKTOK_INGESTION_RATE_LIMIT_PER_DAY: intVar({ default: 5_000, min: 1, max: 1_000_000 }),
  // The budget's sliding window: TikTok's 60 s plus 2 s for clock skew between processes and network delay, since
  // grants are ordered by each process's clock while TikTok counts arrivals. Never shorter than TikTok's window.
  TIKTOK_INGESTION_RATE_WINDOW_MS: intVar({ default: 62_000, min: 60_000, max: 600_000 }),
  // The agreed ceiling on TikTok calls in flight at once, counted across every process.
  TIKTOK_INGESTION_MAX_IN_FLIGHT: intVar({ default: 5, min: 1, max: 50 }),
  TIKTOK_INGESTION_RETRY_BACKOFF_MS: intVar({ default: 5_000, min: 1, max: 600_000 }),
  TIKTOK_INGESTION_MAX_ATTEMPTS: intVar({ default: 5, min: 1, max: 20 }),
});

/** What only the worker reads: page and batch sizes, concurrency, the refresh cadence, the ops alert. */
export const workerJobsEnv = z.object({
  // TikTok allows at most 20 per page.
  TIKTOK_INGESTION_PAGE_SIZE: intVar({ default: 20, min: 1, max: 20 }),
  TIKTOK_INGESTION_CONCURRENCY: intVar({ default: 1, min: 1, max: 50 }),
  TIKTOK_REFRESH_CONCURRENCY: intVar({ default: 1, min: 1, max: 50 }),
  TIKTOK_METRICS_REFRESH_INTERVAL_MS: intVar({ default: 900_000, min: 1_000, max: 86_400_000 }),
  // /v2/video/query/ takes at most 20 ids.
  TIKTOK_INGESTION_METRICS_BATCH_SIZE: intVar({ default: 20, min: 1, max: 20 }),
  // Refresh ahead of expiry so a token never expires between two proactive sweeps.
  TIKTOK_TOKEN_REFRESH_AHEAD_MS: intVar({ default: 3_600_000, min: 60_000, max: 86_400_000 }),
  OPS_ALERT_WEBHOOK_URL: urlVar().optional(),
});

/** Read by the worker and the api alike, so one setting both stops the schedules and stops /ready demanding them. */
export const schedulesEnv = z.object({
  // false when the deployment's repeating jobs are kept elsewhere (or deliberately off): workers then neither create
  // nor recreate job schedulers, and the api's /ready does not require them.
  WORKER_SCHEDULES_ENABLED: boolVar(true),
});

export const httpEnv = z.object({
  PORT: intVar({ default: 3000, min: 0, max: 65_535 }),
  HOST: z.string().default("0.0.0.0"),
  // The public origin of the api (used in connect URLs handed to creators).
  PUBLIC_BASE_URL: urlVar().default("http://127.0.0.1:3000"),
  CORS_ORIGIN: listVar().default([]),
  // Origins a connect session may send the creator back to; anything else is refused (no open redirect).
  RETURN_URL_ALLOWED_ORIGINS: listVar().default([]),
  TRUST_PROXY: boolVar(false),
  BODY_LIMIT_BYTES: intVar({ default: 65_536, min: 1_024, max: 10_485_760 }),
  CONSENT_COPY: z.string().max(500).default(DEFAULT_CONSENT_COPY),
  // Comma-separated `name:role:sha256hex` entries; roles are platform, compliance and ops. Keys are stored hashed.
  API_KEYS: listVar().default([]),
});

export const telemetryEnv = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: urlVar().optional(),
  // Prometheus scrape port for this process; 0 picks a free one, unset disables the endpoint.
  METRICS_PORT: intVar({ default: 9464, min: 0, max: 65_535 }).optional(),
  METRICS_HOST: z.string().default("127.0.0.1"),
});
