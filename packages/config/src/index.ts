export { boolVar, ConfigError, intVar, listVar, parseEnv, urlVar } from "./env";
export {
  DEFAULT_CONSENT_COPY,
  DEFAULT_SCOPES,
  httpEnv,
  ingestionEnv,
  mongoEnv,
  oauthEnv,
  redisEnv,
  runtimeEnv,
  telemetryEnv,
  tiktokClientEnv,
  tokenCipherEnv,
} from "./fragments";
export { type HostPort, type RedisTopology, resolveRedisTopology } from "./redis-topology";
export { type ApiKeyEntry, type ApiKeyRole, checkClientSecret, parseApiKeys, resolveRedirectUri } from "./resolve";
