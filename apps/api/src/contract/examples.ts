// Examples for the OpenAPI document. The linter validates each one against its schema
// (`no-invalid-media-type-examples`), so an example that drifts from the code fails the contract test.

const at = "2026-03-10T12:00:00.000Z";
const accountId = "acc_k3v9x2m7q1";

const account = {
  id: accountId,
  userId: "user_42",
  openId: "_000Hk2kM9xTqHn3Yt6d0aXgL1S7",
  status: "active",
  grantedScopes: ["user.info.basic", "user.info.profile", "user.info.stats", "video.list"],
  requestedScopes: ["user.info.basic", "user.info.profile", "user.info.stats", "video.list"],
  missingScopes: [],
  sync: { profileSyncedAt: at, videosSyncedAt: at, metricsSyncedAt: at },
  profile: { displayName: "Ada Creates", username: "adacreates", followerCount: 15400, videoCount: 87, syncedAt: at },
  createdAt: "2026-03-01T09:30:00.000Z",
  updatedAt: at,
};

const metrics = { views: 12840, likes: 1530, comments: 88, shares: 41, at };

const video = {
  id: "7345678901234567890",
  accountId,
  userId: "user_42",
  title: "Three-minute focaccia",
  description: "Three-minute focaccia #baking",
  createTime: "2026-03-08T18:04:00.000Z",
  shareUrl: "https://www.tiktok.com/@adacreates/video/7345678901234567890",
  durationSec: 58,
  metrics,
  lastRefreshedAt: at,
};

const day = { day: "2026-03-09", views: 12840, likes: 1530, comments: 88, shares: 41 };

/** Success-answer examples by operationId. */
export const RESPONSE_EXAMPLES: Record<string, unknown> = {
  getHealth: { status: "ok", timestamp: at, uptimeSec: 3600, version: "1.4.0", environment: "production" },
  getReadiness: {
    status: "ready",
    checks: {
      mongodb: { status: "ok", latencyMs: 1.2 },
      redis: { status: "ok", latencyMs: 0.4 },
      kms: { status: "ok", latencyMs: 8.9 },
      worker: { status: "ok", latencyMs: 0.3 },
    },
  },
  createConnectSession: {
    id: "cs_4f9d2a7c1e8b",
    connectUrl: "https://api.trendpot.example/connect/tiktok?session=cs_4f9d2a7c1e8b",
    expiresAt: "2026-03-10T12:15:00.000Z",
  },
  listAccounts: { items: [account], nextCursor: accountId },
  getAccount: account,
  getAccountByUser: account,
  revokeAccount: {
    accountId,
    status: "revoked",
    alreadyRevoked: false,
    tiktokRevoke: "revoked",
    cancelledJobs: 2,
    prunedVideos: 87,
  },
  listAccountVideos: { items: [video] },
  getVideo: video,
  getAccountTotals: { accountId, videos: 87, views: 1204000, likes: 98000, comments: 4100, shares: 2300 },
  getVideoMetricsHistory: { videoId: video.id, points: [{ ...day, at }] },
  getAccountDailyMetrics: { accountId, days: [{ ...day, videos: 87 }] },
  getAccountProfileHistory: {
    accountId,
    bucket: "day",
    points: [
      { at: "2026-02-28T00:00:00.000Z", followerCount: 15210, followingCount: 312, likesCount: 401000, videoCount: 86 },
      { at: "2026-03-01T00:00:00.000Z", followerCount: 15400, followingCount: 315, likesCount: 412500, videoCount: 87 },
    ],
  },
  triggerSync: {
    accountId,
    kind: "metrics",
    jobs: [{ queue: "tiktok-metrics-refresh", id: "refresh.acc_k3v9x2m7q1.1" }],
  },
  listSyncRuns: {
    items: [
      {
        id: "run_8c2e5b",
        kind: "ingestion",
        trigger: "consent",
        startedAt: "2026-03-01T09:30:05.000Z",
        finishedAt: "2026-03-01T09:30:41.000Z",
        outcome: "ok",
        counts: { pages: 5, videos: 87, calls: 92 },
        tiktokLogIds: ["20260301093005A1B2C3D4E5F6A7B8C9D0E1"],
        expiresAt: "2026-05-30T09:30:05.000Z",
      },
    ],
  },
  listSchedules: {
    schedules: [
      {
        queue: "tiktok-metrics-refresh",
        id: "plan",
        jobName: "plan",
        everyMs: 900000,
        nextRunAt: "2026-03-01T09:45:00.000Z",
        lastRun: { jobId: "repeat:plan:1772357400000", finishedAt: "2026-03-01T09:30:01.000Z", result: "completed" },
      },
    ],
  },
  getQueueStats: {
    queues: [
      {
        queue: "tiktok-ingestion",
        waiting: 0,
        active: 1,
        failed: 0,
        delayed: 0,
        prioritized: 0,
        oldestWaitingAgeMs: null,
      },
    ],
  },
  getBudget: {
    limits: { perMinute: 90, perDay: 5000, maxInFlight: 5 },
    usedInWindow: 12,
    remainingInWindow: 78,
    usedToday: 1830,
    remainingToday: 3170,
    remainingTodayFor: { token: 3170, ingestion: 2920, metrics: 2170 },
    inFlight: 1,
  },
  listFailedJobs: {
    items: [
      {
        queue: "tiktok-ingestion",
        id: "ingest.acc_k3v9x2m7q1.req_1",
        name: "ingest",
        accountId,
        failedReason: "TikTok is unavailable.",
        attemptsMade: 5,
        createdAt: at,
        failedAt: "2026-03-10T12:06:00.000Z",
      },
    ],
  },
  replayFailedJob: { queue: "tiktok-ingestion", id: "ingest.acc_k3v9x2m7q1.req_1", state: "waiting" },
  startReEncryption: { queue: "tiktok-maintenance", id: "maintenance.reencrypt.1", keyId: "alias/trendpot/tokens" },
  listAuditLogs: {
    items: [
      {
        id: "aud_000000000042",
        seq: 42,
        at,
        actor: { type: "api_key", id: "platform-key" },
        action: "account.revoked",
        target: { accountId, userId: "user_42" },
        reason: "creator asked support",
        requestId: "req_01J9Z8Q4T6X2C3V5B7N9M1K0",
        hash: "9f2c4e7a0b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a",
      },
    ],
  },
  verifyAuditLogs: { ok: true, checked: 42, lastSeq: 42 },
  receiveTikTokWebhook: { received: true, duplicate: false },
};

/** Request-body examples by operationId. */
export const REQUEST_EXAMPLES: Record<string, unknown> = {
  createConnectSession: { userId: "user_42", returnUrl: "https://app.trendpot.example/tiktok/done" },
  revokeAccount: { reason: "creator asked support" },
  triggerSync: { kind: "metrics", reason: "creator asked for fresh counts" },
  replayFailedJob: { reason: "TikTok outage is over" },
  startReEncryption: { reason: "rotated to the 2026 key" },
  continueToTikTok: { session: "cs_4f9d2a7c1e8b", csrf: "v1.Yz8k2m…" },
};
