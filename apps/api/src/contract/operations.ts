/**
 * The public names of every operation. Clients are generated from these ids, so an id is never renamed within
 * `/v1`; a new route gets an entry here or the contract test fails (no `operationId`).
 */
export interface OperationContract {
  operationId: string;
  /** Statuses answered with the error envelope beyond those implied by the route (see `completeOpenApi`). */
  errors?: readonly number[];
  /** Answers that are not JSON (pages, redirects, downloads), as OpenAPI response objects. */
  responses?: Record<string, Record<string, unknown>>;
  /** Content types the request body is accepted as, when more than JSON. */
  bodyTypes?: readonly string[];
}

const html = (description: string) => ({
  description,
  content: { "text/html": { schema: { type: "string" }, example: "<!doctype html><html lang=en>…</html>" } },
});
const redirect = (description: string) => ({
  description,
  headers: { location: { description: "Where the browser goes next.", schema: { type: "string", format: "uri" } } },
});
const EXPIRED_LINK = html("The connect session is unknown, expired or already used (an HTML page).");

/** Keyed by `METHOD /openapi/path`. The callback's key is its default path; see `completeOpenApi`. */
export const OPERATIONS: Record<string, OperationContract> = {
  "GET /health": { operationId: "getHealth" },
  "GET /ready": { operationId: "getReadiness" },
  "POST /v1/connect-sessions": { operationId: "createConnectSession" },
  "GET /connect/tiktok": {
    operationId: "showConsentPage",
    responses: { 200: html("The hand-off page: what is shared, Continue and Cancel."), 410: EXPIRED_LINK },
  },
  "POST /connect/tiktok/continue": {
    operationId: "continueToTikTok",
    bodyTypes: ["application/x-www-form-urlencoded"],
    responses: {
      302: redirect("To TikTok's authorize page, with PKCE and a single-use state."),
      403: html("The form's CSRF token is missing or expired (an HTML page)."),
      410: EXPIRED_LINK,
    },
  },
  "GET /connect/tiktok/cancel": {
    operationId: "cancelConsent",
    responses: {
      200: html("The creator cancelled; nothing was shared."),
      302: redirect("Back to the session's return URL with `tiktok=denied`."),
      410: EXPIRED_LINK,
    },
  },
  "GET /auth/tiktok/callback": {
    operationId: "handleTikTokCallback",
    responses: {
      200: html("The result page (connected, partial grant, denied or failed)."),
      302: redirect("Back to the session's return URL with `tiktok=connected|denied|error&session=…`."),
      400: html("The state is missing, unknown, expired, reused or from another browser (an HTML page)."),
    },
    errors: [502],
  },
  "GET /v1/accounts": { operationId: "listAccounts" },
  "GET /v1/accounts/{id}": { operationId: "getAccount" },
  "GET /v1/users/{userId}/account": { operationId: "getAccountByUser" },
  "POST /v1/accounts/{id}/revoke": { operationId: "revokeAccount" },
  "GET /v1/accounts/{id}/videos": { operationId: "listAccountVideos" },
  "GET /v1/videos/{videoId}": { operationId: "getVideo" },
  "GET /v1/accounts/{id}/totals": { operationId: "getAccountTotals" },
  "GET /v1/videos/{videoId}/metrics": { operationId: "getVideoMetricsHistory" },
  "GET /v1/accounts/{id}/metrics/daily": { operationId: "getAccountDailyMetrics" },
  "GET /v1/accounts/{id}/profile/history": { operationId: "getAccountProfileHistory" },
  "POST /v1/accounts/{id}/sync": { operationId: "triggerSync", errors: [409] },
  "GET /v1/accounts/{id}/sync-runs": { operationId: "listSyncRuns" },
  "GET /v1/ops/queues": { operationId: "getQueueStats" },
  "GET /v1/ops/budget": { operationId: "getBudget" },
  "GET /v1/ops/schedules": { operationId: "listSchedules" },
  "GET /v1/ops/failed-jobs": { operationId: "listFailedJobs" },
  "POST /v1/ops/failed-jobs/{queue}/{jobId}/replay": { operationId: "replayFailedJob", errors: [409] },
  "POST /v1/ops/key-rotation/re-encrypt": { operationId: "startReEncryption" },
  "GET /v1/audit-logs": { operationId: "listAuditLogs" },
  "GET /v1/audit-logs/export": {
    operationId: "exportAuditLogs",
    responses: {
      200: {
        description: "The range as a download: NDJSON (one canonical, re-verifiable entry per line) or CSV.",
        content: {
          "application/x-ndjson": { schema: { type: "string" } },
          "text/csv": { schema: { type: "string" } },
        },
      },
    },
  },
  "GET /v1/audit-logs/verify": { operationId: "verifyAuditLogs" },
  "POST /webhooks/tiktok": { operationId: "receiveTikTokWebhook", errors: [401] },
  "GET /status": { operationId: "getStatusPage", responses: { 200: html("The read-only status page.") } },
};
