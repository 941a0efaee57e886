/** Collection names: the agreed vocabulary (architecture.md), in one place. */
export const COLLECTIONS = {
  users: "users",
  tiktokAccounts: "tiktok_accounts",
  videos: "videos",
  videoMetrics: "video_metrics",
  auditLogs: "audit_logs",
  oauthStates: "oauth_states",
  connectSessions: "connect_sessions",
  syncRuns: "sync_runs",
  webhookDeliveries: "webhook_deliveries",
} as const;

export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];
