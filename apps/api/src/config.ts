import { hkdfSync } from "node:crypto";
import {
  type ApiKeyEntry,
  boolVar,
  budgetEnv,
  ConfigError,
  checkClientSecret,
  httpEnv,
  intVar,
  mongoEnv,
  oauthEnv,
  parseApiKeys,
  parseEnv,
  redisEnv,
  resolveRedirectUri,
  runtimeEnv,
  schedulesEnv,
  telemetryEnv,
  tiktokClientEnv,
  tokenCipherEnv,
} from "@trendpot/config";
import { z } from "zod";
import packageJson from "../package.json" with { type: "json" };

// Knobs only the api has. Defaults by class: consent/auth strict, sync triggers scarce; general traffic by caller:
// callers without a valid key (counted per IP) get the browser-sized limit, keyed callers their role's.
const apiOnlyEnv = z.object({
  RATE_LIMIT_GENERAL_PER_MIN: intVar({ default: 600, min: 1, max: 1_000_000 }),
  // The platform's key is a backend reading on behalf of all its users: 1,000 a second, what one api serves.
  RATE_LIMIT_PLATFORM_PER_MIN: intVar({ default: 60_000, min: 1, max: 1_000_000 }),
  // Ops run dashboards and scripts (queues, budget, replays): busier than a person, far below the platform.
  RATE_LIMIT_OPS_PER_MIN: intVar({ default: 6_000, min: 1, max: 1_000_000 }),
  // Compliance reads and exports the audit log page by page.
  RATE_LIMIT_COMPLIANCE_PER_MIN: intVar({ default: 1_200, min: 1, max: 1_000_000 }),
  // A creator needs three requests (page, continue, callback); 30 per 15 min per IP still leaves retries.
  RATE_LIMIT_CONSENT_PER_15MIN: intVar({ default: 30, min: 1, max: 10_000 }),
  RATE_LIMIT_SYNC_PER_15MIN: intVar({ default: 10, min: 1, max: 10_000 }),
  // TikTok retries webhooks for 72 h; bursts after an outage are normal, so this only stops floods.
  RATE_LIMIT_WEBHOOK_PER_MIN: intVar({ default: 1_200, min: 1, max: 100_000 }),
  // Bad API keys per IP per 15 min before that IP is refused outright (slows key guessing).
  AUTH_FAILURES_PER_15MIN: intVar({ default: 20, min: 1, max: 10_000 }),
  // Signs the consent form's CSRF token and seals PKCE verifiers. Unset: derived from TIKTOK_WEBHOOK_SECRET with a
  // separate label, so every instance agrees without another secret to provision (one of the two must be set).
  CONSENT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  CONNECT_SESSION_TTL_SEC: intVar({ default: 900, min: 60, max: 86_400 }),
  OAUTH_STATE_TTL_SEC: intVar({ default: 600, min: 60, max: 3_600 }),
  // A KMS HMAC key (KeySpec HMAC_256, KeyUsage GENERATE_VERIFY_MAC) for audit head anchors; unset: no anchors.
  // Give the api GenerateMac/VerifyMac on it, and nobody who only administers MongoDB.
  AUDIT_ANCHOR_KEY_ID: z.string().min(1).optional(),
  // How often the audit head is anchored: entries newer than this are only protected by the chain itself.
  AUDIT_ANCHOR_INTERVAL_MS: intVar({ default: 900_000, min: 10_000, max: 86_400_000 }),
  // Answers kept in memory for the accounts list and videos pages, dropped by MongoDB's change stream when the data
  // changes (see @trendpot/db's read cache); 0 turns the cache off and every list read goes to MongoDB.
  API_READ_CACHE_ENTRIES: intVar({ default: 2_000, min: 0, max: 1_000_000 }),
  // The read-only status page: open in development, behind an ops key elsewhere. Set false to remove it.
  STATUS_PAGE_ENABLED: boolVar(true),
  // The release /health reports (image tag or commit, set by the deploy); unset reports the package version.
  APP_VERSION: z
    .string()
    .regex(/^[A-Za-z0-9._+-]{1,64}$/, "must be a version, tag or commit id")
    .optional(),
});

const ApiEnvSchema = runtimeEnv
  .extend(mongoEnv.shape)
  .extend(redisEnv.shape)
  .extend(tiktokClientEnv.shape)
  .extend(tokenCipherEnv.shape)
  .extend(oauthEnv.shape)
  .extend(budgetEnv.shape)
  .extend(httpEnv.shape)
  .extend(schedulesEnv.shape)
  .extend(telemetryEnv.shape)
  .extend(apiOnlyEnv.shape);

export type ApiEnv = z.output<typeof ApiEnvSchema>;

/** The api's configuration: the validated environment plus the values derived from it. */
export interface ApiConfig extends ApiEnv {
  redirectUri: string;
  apiKeys: ApiKeyEntry[];
  /** 32 bytes for CSRF signatures and verifier sealing (from CONSENT_SECRET or derived). Never logged. */
  consentKey: Buffer;
  /** What /health reports as `version`. */
  version: string;
}

/** Reads and validates the environment once, at boot. Throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  const parsed = parseEnv(ApiEnvSchema, env);
  checkClientSecret(parsed);
  const ikm = parsed.CONSENT_SECRET ?? parsed.TIKTOK_WEBHOOK_SECRET;
  if (!ikm) {
    throw new ConfigError([{ variable: "CONSENT_SECRET", problem: "must be set when TIKTOK_WEBHOOK_SECRET is not" }]);
  }
  const consentKey = Buffer.from(hkdfSync("sha256", ikm, "trendpot-api", "consent-v1", 32));
  return {
    ...parsed,
    redirectUri: resolveRedirectUri(parsed),
    apiKeys: parseApiKeys(parsed.API_KEYS),
    consentKey,
    version: parsed.APP_VERSION ?? packageJson.version,
  };
}
