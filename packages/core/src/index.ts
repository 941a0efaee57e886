export {
  type AnchoredVerifyResult,
  type AnchorProblem,
  type AuditAnchor,
  type AuditAnchorDeps,
  AuditAnchorSchema,
  checkpointAuditHead,
  verifyAnchoredAuditChain,
} from "./audit-anchors";
export { type AuditMac, createKmsAuditMac } from "./audit-mac";
export { cancelAccountJobs } from "./cancel-jobs";
export {
  readWorkerHeartbeat,
  WORKER_HEARTBEAT_MAX_AGE_MS,
  workerHeartbeatKey,
  writeWorkerHeartbeat,
} from "./heartbeat";
export { profileFromTikTokUser, recordProfileSnapshot } from "./profile";
export {
  createRedisClient,
  createRedisClusterConnection,
  createRedisConnection,
  type RedisClient,
} from "./redis-connection";
export {
  type RevocableAccount,
  type RevokeAccountDeps,
  type RevokeAccountInput,
  type RevokeAccountResult,
  revokeAccount,
} from "./revoke-account";
export { type RevokeServices, revokeDeps } from "./revoke-deps";
export { createServices, type Services, type ServicesConfig, type ServicesOptions } from "./services";
export {
  createSyncRunTracker,
  noteTikTokResponse,
  type SyncRunDescriptor,
  type SyncRunSummary,
  type SyncRunTracker,
  type SyncRunTrackerDeps,
} from "./sync-run-tracker";
export {
  createTikTokRuntime,
  recordResponse,
  requestOutcome,
  type TikTokRuntime,
  type TikTokRuntimeConfig,
  type TikTokRuntimeOptions,
} from "./tiktok-runtime";
export {
  createKmsFromConfig,
  createTokenCipherFromConfig,
  resolveClientSecret,
  resolveConfiguredKeys,
  type TokenCipherConfig,
} from "./token-cipher-factory";
