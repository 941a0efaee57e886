import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import type { TikTokSandbox } from "@trendpot/tiktok-sandbox";
import type { ServicesConfig } from "./services";

/** A full services config pointed at the test services (and the sandbox when given), in a database of its own. */
export function servicesTestConfig(
  overrides: Partial<ServicesConfig> & { sandbox?: TikTokSandbox } = {},
): ServicesConfig {
  const { sandbox, ...rest } = overrides;
  const services = testServices();
  const tiktokUrl = sandbox?.url ?? "http://127.0.0.1:9";
  return {
    MONGODB_URI: services.mongo.uri,
    MONGODB_DB: uniqueName("core"),
    REDIS_URL: services.redis.url,
    REDIS_PREFIX: uniqueName("core"),
    TIKTOK_CLIENT_KEY: sandbox?.clientKey ?? "client-key",
    TIKTOK_CLIENT_SECRET: sandbox?.clientSecret ?? "client-secret",
    TIKTOK_DISPLAY_API_BASE_URL: tiktokUrl,
    TIKTOK_AUTH_BASE_URL: tiktokUrl,
    TIKTOK_OEMBED_BASE_URL: tiktokUrl,
    TIKTOK_HTTP_TIMEOUT_MS: 5_000,
    TIKTOK_INGESTION_RATE_LIMIT_PER_MIN: 90,
    TIKTOK_INGESTION_RATE_LIMIT_PER_DAY: 5_000,
    TIKTOK_INGESTION_RATE_WINDOW_MS: 62_000,
    TIKTOK_INGESTION_MAX_IN_FLIGHT: 5,
    TIKTOK_INGESTION_RETRY_BACKOFF_MS: 5_000,
    TIKTOK_INGESTION_MAX_ATTEMPTS: 3,
    TIKTOK_TOKEN_ENC_KEY_ID: services.kms.keyAlias,
    TIKTOK_TOKEN_PREVIOUS_KEY_IDS: [],
    AWS_REGION: services.kms.region,
    KMS_ENDPOINT: services.kms.endpoint,
    TOKEN_DATA_KEY_CACHE_TTL_MS: 60_000,
    TOKEN_DATA_KEY_CACHE_MAX_USES: 100,
    ...rest,
  };
}

/** The KMS credentials of the emulator, as createServices takes them. */
export function testKmsCredentials() {
  return testServices().kms.credentials;
}

/** A token pair as TikTok would have issued it, expiring `accessInMs` from `at`. */
export function testTokenSet(label: string, accessInMs: number, at = new Date()) {
  return {
    accessToken: `act.${label}.${uniqueName("a")}`,
    refreshToken: `rft.${label}.${uniqueName("r")}`,
    accessExpiresAt: new Date(at.getTime() + accessInMs),
    refreshExpiresAt: new Date(at.getTime() + 180 * 86_400_000),
  };
}
