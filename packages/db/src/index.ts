export { mintAccountId } from "./accounts/account-id";
export {
  ACCOUNT_STATUSES,
  type Account,
  type AccountCredentials,
  AccountCredentialsSchema,
  type AccountProfile,
  AccountProfileSchema,
  AccountSchema,
  type AccountStatus,
  AccountStatusSchema,
  type AccountSync,
  type LastError,
  type SealedCredentials,
  SealedCredentialsSchema,
} from "./accounts/account-schema";
export { ensureAccountsIndexes } from "./accounts/accounts-collection";
export type { AccountsPage, ListAccountsInput } from "./accounts/accounts-queries";
export { type AccountsRepo, type AccountsRepoOptions, createAccountsRepo } from "./accounts/accounts-repo";
export type { SealTokens, UpsertFromConsentInput, WriteCredentialsOptions } from "./accounts/accounts-writes";
export { AUDIT_CSV_COLUMNS, csvCell } from "./audit/audit-csv";
export {
  type AuditRepo,
  type AuditRepoOptions,
  createAuditRepo,
  createAuditWriter,
  ensureAuditIndexes,
} from "./audit/audit-repo";
export {
  type AuditBreakReason,
  type AuditLogEntry,
  AuditLogEntrySchema,
  type AuditQuery,
  type AuditVerifyResult,
} from "./audit/audit-schema";
export { canonicalJson, chainHash, GENESIS_HASH } from "./audit/canonical-json";
export type { AuditActor, AuditEntryInput, AuditWriter } from "./audit-entry";
export { COLLECTIONS, type CollectionName } from "./collections";
export {
  type CompleteSessionResult,
  type ConnectOutcome,
  type ConnectSession,
  ConnectSessionSchema,
  type ConnectSessionsRepo,
  type CreateConnectSessionInput,
  createConnectSessionsRepo,
  ensureConnectSessionsIndexes,
  type MarkStartedResult,
} from "./connect-sessions/connect-sessions-repo";
export { connectDatabase, type Database, pingDatabase } from "./database";
export { ensureIndexes } from "./indexes";
export {
  type AppendResult,
  createMetricsRepo,
  ensureMetricsIndexes,
  type MetricsRepo,
  type MetricsRepoOptions,
} from "./metrics/metrics-repo";
export {
  type AccountDailyTotal,
  type DailyMetricPoint,
  type MetricPoint,
  type MetricPointInput,
  type MetricsBucket,
  MetricsBucketSchema,
  utcDay,
} from "./metrics/metrics-schema";
export {
  type ConsumeOAuthStateResult,
  type CreateOAuthStateInput,
  createOAuthStatesRepo,
  ensureOAuthStatesIndexes,
  hashOAuthState,
  type OAuthState,
  OAuthStateSchema,
  type OAuthStatesRepo,
} from "./oauth-states/oauth-states-repo";
export {
  createProfileHistoryRepo,
  ensureProfileHistoryIndexes,
  PROFILE_BUCKETS,
  PROFILE_HISTORY_RETENTION_DAYS,
  type ProfileBucket,
  type ProfileCounts,
  ProfileCountsSchema,
  type ProfileHistoryPoint,
  type ProfileHistoryRepo,
  type ProfileSnapshot,
  ProfileSnapshotSchema,
  type RecordProfileSnapshotInput,
} from "./profile-history/profile-history-repo";
export { withCachedLists } from "./read-cache/cached-lists";
export {
  type CacheDeps,
  createReadCache,
  type ReadCache,
  type ReadCacheOptions,
  type ReadCacheStats,
} from "./read-cache/read-cache";
export { type Page, validateInput } from "./shared/store-kit";
export {
  createSyncRunsRepo,
  ensureSyncRunsIndexes,
  type FinishSyncRunInput,
  type StartSyncRunInput,
  SYNC_RUN_RETENTION_DAYS,
  type SyncRun,
  SyncRunSchema,
  type SyncRunsRepo,
} from "./sync-runs/sync-runs-repo";
export {
  createTokenAccessRepo,
  ensureTokenAccessIndexes,
  type RecordTokenAccessInput,
  TOKEN_ACCESS_RETENTION_DAYS,
  type TokenAccessRecord,
  TokenAccessRecordSchema,
  type TokenAccessRepo,
  type TokenAccessRepoOptions,
} from "./token-access/token-access-repo";
export {
  createTokenLeasesRepo,
  type TokenLease,
  TokenLeaseSchema,
  type TokenLeasesRepo,
} from "./token-leases/token-leases-repo";
export { type ReconcileProgress, reconcileMirrors } from "./users/reconcile-mirrors";
export { type CredentialsMirror, CredentialsMirrorSchema, type User, UserSchema } from "./users/user-schema";
export { createUsersRepo, type UsersRepo } from "./users/users-repo";
export {
  type SortOrder,
  VIDEO_SORTS,
  type VideoDocument,
  VideoDocumentSchema,
  type VideoMetrics,
  type VideoMetricsUpdate,
  type VideoSort,
  type VideoUpsert,
} from "./videos/video-schema";
export type { VideoTotals } from "./videos/video-totals";
export {
  createVideosRepo,
  ensureVideosIndexes,
  type ListVideosInput,
  type VideoRefreshTarget,
  type VideosRepo,
  type VideosRepoOptions,
} from "./videos/videos-repo";
export {
  createWebhookDeliveriesRepo,
  ensureWebhookDeliveriesIndexes,
  type RecordWebhookDeliveryInput,
  type WebhookDeliveriesRepo,
  type WebhookDelivery,
  WebhookDeliverySchema,
  webhookDeliveryKey,
} from "./webhook-deliveries/webhook-deliveries-repo";
