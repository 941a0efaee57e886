import {
  type ApiKeyEntry,
  checkClientSecret,
  httpEnv,
  ingestionEnv,
  mongoEnv,
  oauthEnv,
  parseApiKeys,
  parseEnv,
  redisEnv,
  resolveRedirectUri,
  runtimeEnv,
  telemetryEnv,
  tiktokClientEnv,
  tokenCipherEnv,
} from "@trendpot/config";
import type { z } from "zod";

const ApiEnvSchema = runtimeEnv
  .extend(mongoEnv.shape)
  .extend(redisEnv.shape)
  .extend(tiktokClientEnv.shape)
  .extend(tokenCipherEnv.shape)
  .extend(oauthEnv.shape)
  .extend(ingestionEnv.shape)
  .extend(httpEnv.shape)
  .extend(telemetryEnv.shape);

export type ApiEnv = z.output<typeof ApiEnvSchema>;

/** The api's configuration: the validated environment plus the values derived from it. */
export interface ApiConfig extends ApiEnv {
  redirectUri: string;
  apiKeys: ApiKeyEntry[];
}

/** Reads and validates the environment once, at boot. Throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  const parsed = parseEnv(ApiEnvSchema, env);
  checkClientSecret(parsed);
  return { ...parsed, redirectUri: resolveRedirectUri(parsed), apiKeys: parseApiKeys(parsed.API_KEYS) };
}
