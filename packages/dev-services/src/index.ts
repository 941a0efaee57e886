export { buildAppBundle } from "./app-bundle";
export { ServiceUnavailableError } from "./errors";
export { TOKEN_KEY_ALIAS } from "./kms";
export { type ServiceLog, silentLog, stderrLog } from "./log";
export { type MongoKind, REPLICA_SET } from "./mongo";
export { freePort } from "./net";
export { type CollectorService, startCollector } from "./otelcol";
export { OTELCOL_VERSION, otelcolAvailable } from "./otelcol-build";
export { localDataDir, projectRoot, toolsDir } from "./paths";
export {
  type RestartableOptions,
  type RestartableService,
  startRestartableMongo,
  startRestartableRedis,
} from "./restartable";
export {
  type RunningServices,
  type ServiceEndpoints,
  type StartServicesOptions,
  servicesEnv,
  startServices,
} from "./services";
export { ALL_TOOLS, findTool, provisionTools, SERVICE_TOOLS, TOOLS, type ToolName, toolPath } from "./tools";
export { type MongoReplicaSet, MULTI_MEMBER_SET, startMongoReplicaSet } from "./topologies/mongo-replica-set";
export { type RedisClusterTopology, startRedisCluster } from "./topologies/redis-cluster";
export { type RedisSentinelTopology, SENTINEL_MASTER_NAME, startRedisSentinel } from "./topologies/redis-sentinel";
