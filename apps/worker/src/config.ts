import {
  checkClientSecret,
  ingestionEnv,
  mongoEnv,
  parseEnv,
  redisEnv,
  runtimeEnv,
  telemetryEnv,
  tiktokClientEnv,
  tokenCipherEnv,
} from "@trendpot/config";
import type { z } from "zod";

const WorkerEnvSchema = runtimeEnv
  .extend(mongoEnv.shape)
  .extend(redisEnv.shape)
  .extend(tiktokClientEnv.shape)
  .extend(tokenCipherEnv.shape)
  .extend(ingestionEnv.shape)
  .extend(telemetryEnv.shape);

export type WorkerConfig = z.output<typeof WorkerEnvSchema>;

/** Reads and validates the environment once, at boot. Throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  const parsed = parseEnv(WorkerEnvSchema, env);
  checkClientSecret(parsed);
  return parsed;
}
