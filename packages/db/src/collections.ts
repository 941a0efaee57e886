/** Collection names, in one place (docs/architecture.md lists what each holds). */
export const COLLECTIONS = {
  users: "users",
  tiktokAccounts: "tiktok_accounts",
  videos: "videos",
  videoMetrics: "video_metrics",
  auditLogs: "audit_logs",
  /** KMS-MAC'd checkpoints of the audit chain's head (written by `checkpointAuditHead` in core). */
  auditAnchors: "audit_anchors",
  oauthStates: "oauth_states",
  connectSessions: "connect_sessions",
  syncRuns: "sync_runs",
  webhookDeliveries: "webhook_deliveries",
  /** Refresh leases: one insert per (account, credentials version, generation), so exactly one process refreshes. */
  tokenLeases: "tiktok_token_leases",
  /** Compliance records of token decryptions (requestId, accountId, operation), independent of the log level. */
  tokenAccessRecords: "token_access_records",
  /** An account's profile counts at each profile sync (followers, following, likes, videos). */
  profileSnapshots: "profile_snapshots",
} as const;

export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];
