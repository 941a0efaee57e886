import type { KMSClient } from "@aws-sdk/client-kms";
import type { TikTokMetrics } from "@trendpot/telemetry";
import {
  type CipherLogger,
  createKmsClient,
  createKmsDataKeyProvider,
  type DecryptEvent,
  decryptBootSecret,
  type ResolvedKeys,
  resolveKeys,
  TikTokTokenCipher,
} from "@trendpot/token-cipher";

/** The config values the cipher reads (both apps' configs have them). */
export interface TokenCipherConfig {
  TIKTOK_TOKEN_ENC_KEY_ID: string;
  TIKTOK_TOKEN_PREVIOUS_KEY_IDS: readonly string[];
  AWS_REGION: string;
  KMS_ENDPOINT?: string | undefined;
  TOKEN_DATA_KEY_CACHE_TTL_MS: number;
  TOKEN_DATA_KEY_CACHE_MAX_USES: number;
}

/** The KMS client of a process, from config (an injected one wins, e.g. with emulator credentials in tests). */
export function createKmsFromConfig(
  config: Pick<TokenCipherConfig, "AWS_REGION" | "KMS_ENDPOINT">,
  credentials?: { accessKeyId: string; secretAccessKey: string },
): KMSClient {
  return createKmsClient({ region: config.AWS_REGION, endpoint: config.KMS_ENDPOINT, credentials });
}

/**
 * The token cipher of a process: KMS envelope encryption under `TIKTOK_TOKEN_ENC_KEY_ID`, previous keys accepted for
 * reading, every decryption logged (requestId, accountId, operation) and key mismatches counted.
 */
export function createTokenCipherFromConfig(input: {
  config: TokenCipherConfig;
  kms: KMSClient;
  /** The configured keys as KMS resolved them at boot; without them the configured ids are used as written. */
  keys?: ResolvedKeys | undefined;
  logger?: CipherLogger | undefined;
  metrics?: TikTokMetrics | undefined;
  recordAccess?: ((event: DecryptEvent) => Promise<void>) | undefined;
}): TikTokTokenCipher {
  const { config, metrics, keys } = input;
  return new TikTokTokenCipher({
    provider: createKmsDataKeyProvider(input.kms),
    currentKeyId: keys?.currentKeyArn ?? config.TIKTOK_TOKEN_ENC_KEY_ID,
    previousKeyIds: keys?.readableKeyIds ?? config.TIKTOK_TOKEN_PREVIOUS_KEY_IDS,
    cache: { ttlMs: config.TOKEN_DATA_KEY_CACHE_TTL_MS, maxUsesPerKey: config.TOKEN_DATA_KEY_CACHE_MAX_USES },
    ...(input.logger ? { logger: input.logger } : {}),
    ...(metrics ? { onKeyMismatch: () => metrics.keyMismatch.add(1) } : {}),
    ...(input.recordAccess ? { recordAccess: input.recordAccess } : {}),
  });
}

/**
 * The configured keys resolved to ARNs with DescribeKey (a deadline on each call), so every ciphertext is stamped
 * with the ARN of the key that made it and a re-pointed alias shows up as credentials under a previous key. A
 * previous key KMS cannot describe stays readable under its configured id; the logger says so.
 */
export function resolveConfiguredKeys(
  config: Pick<TokenCipherConfig, "TIKTOK_TOKEN_ENC_KEY_ID" | "TIKTOK_TOKEN_PREVIOUS_KEY_IDS">,
  kms: KMSClient,
  logger?: Pick<CipherLogger, "warn">,
): Promise<ResolvedKeys> {
  return resolveKeys(
    kms,
    { currentKeyId: config.TIKTOK_TOKEN_ENC_KEY_ID, previousKeyIds: config.TIKTOK_TOKEN_PREVIOUS_KEY_IDS },
    {
      onUnresolvedPrevious: (keyId, error) =>
        logger?.warn({ event: "token.previous_key_unresolved", keyId, code: error.code }, "previous key not found"),
    },
  );
}

/** The TikTok client secret: plain from config, or decrypted from `TIKTOK_CLIENT_SECRET_ENCRYPTED` at boot. */
export async function resolveClientSecret(
  config: { TIKTOK_CLIENT_SECRET?: string | undefined; TIKTOK_CLIENT_SECRET_ENCRYPTED?: string | undefined },
  kms: KMSClient,
): Promise<string> {
  if (config.TIKTOK_CLIENT_SECRET) return config.TIKTOK_CLIENT_SECRET;
  if (config.TIKTOK_CLIENT_SECRET_ENCRYPTED) return decryptBootSecret(kms, config.TIKTOK_CLIENT_SECRET_ENCRYPTED);
  throw new Error("TIKTOK_CLIENT_SECRET or TIKTOK_CLIENT_SECRET_ENCRYPTED must be set");
}
