export { boolVar, ConfigError, intVar, listVar, parseEnv, urlVar } from "./env";
export {
  budgetEnv,
  DEFAULT_CONSENT_COPY,
  DEFAULT_SCOPES,
  httpEnv,
  mongoEnv,
  oauthEnv,
  redisEnv,
  runtimeEnv,
  schedulesEnv,
  telemetryEnv,
  tiktokClientEnv,
  tokenCipherEnv,
  workerJobsEnv,
} from "./fragments";
export { type HostPort, type RedisTopology, resolveRedisTopology } from "./redis-topology";
export { type ApiKeyEntry, type ApiKeyRole, checkClientSecret, parseApiKeys, resolveRedirectUri } from "./resolve";
