// Generated from openapi.json by `pnpm --filter @trendpot/api-client generate`. Do not edit by hand:
// change the api's routes, update openapi.json (see the README) and regenerate.

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness: status, time, uptime, version and deployment environment
         * @description Public: no API key.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: MongoDB, Redis, KMS and the worker heartbeat
         * @description Public: no API key.
         */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connect-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a connect session (single use, 15 minutes)
         * @description Roles: platform, ops.
         */
        post: operations["createConnectSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connect/tiktok": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Consent hand-off page (HTML)
         * @description Public: no API key.
         */
        get: operations["showConsentPage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connect/tiktok/continue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Continue to TikTok (form post)
         * @description Public: no API key.
         */
        post: operations["continueToTikTok"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connect/tiktok/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Cancel the hand-off (HTML)
         * @description Public: no API key.
         */
        get: operations["cancelConsent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/tiktok/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * TikTok OAuth callback (HTML or redirect)
         * @description Public: no API key.
         */
        get: operations["handleTikTokCallback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List connected TikTok accounts
         * @description Roles: platform, ops, compliance.
         */
        get: operations["listAccounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One account: status, scopes, sync state, profile
         * @description Roles: platform, ops, compliance.
         */
        get: operations["getAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/account": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The account linked to a platform user
         * @description Roles: platform, ops, compliance.
         */
        get: operations["getAccountByUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{id}/profile/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An account's profile counts over time (followers, following, likes, videos)
         * @description One point per UTC `hour`, `day` (default) or `week` (starting Monday) that holds a profile sync: the counts of the last sync in it. Counts TikTok did not send (no `user.info.stats` scope) are left out. `from` must be before `to`, at most 31 days apart for hours and 366 days otherwise.
         *
         *     Roles: platform, ops, compliance.
         */
        get: operations["getAccountProfileHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke an account: TikTok revoke, tokens cleared, jobs cancelled, videos pruned, audited
         * @description Roles: platform, ops.
         */
        post: operations["revokeAccount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{id}/videos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An account's videos, sorted by create time or a metric
         * @description Roles: platform, ops, compliance.
         */
        get: operations["listAccountVideos"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/videos/{videoId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One video with its sanitized embed and latest metrics
         * @description Roles: platform, ops, compliance.
         */
        get: operations["getVideo"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{id}/totals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sums of the latest metrics over the account's videos
         * @description Roles: platform, ops, compliance.
         */
        get: operations["getAccountTotals"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/videos/{videoId}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A video's metrics history (the last point of each day)
         * @description Roles: platform, ops, compliance.
         */
        get: operations["getVideoMetricsHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{id}/metrics/daily": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An account's daily metric totals
         * @description Roles: platform, ops, compliance.
         */
        get: operations["getAccountDailyMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{id}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Trigger ingestion or a refresh for one account
         * @description A `metrics` sync is queued at most once per account and clock minute. A repeat within the same minute answers 409 `CONFLICT` with `details.jobs` (the batches already queued, with their state) and `details.retryAfterSec` (seconds until the next minute); nothing new is queued or audited.
         *
         *     Roles: platform, ops.
         */
        post: operations["triggerSync"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{id}/sync-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sync history (ingestion, metrics, profile, token refresh runs)
         * @description Roles: platform, ops.
         */
        get: operations["listSyncRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ops/queues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Queue stats
         * @description Roles: ops.
         */
        get: operations["getQueueStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ops/budget": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The global TikTok budget: remaining this minute and today
         * @description Roles: ops.
         */
        get: operations["getBudget"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ops/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Repeatable jobs: cadence, next run, last run and its result
         * @description Read from Redis, where the workers keep the job schedulers. An empty list means no worker keeps schedules (for example `WORKER_SCHEDULES_ENABLED=false`). `lastRun` is the newest finished job of the scheduler among the last 200 finished jobs its queue keeps.
         *
         *     Roles: ops.
         */
        get: operations["listSchedules"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ops/failed-jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Failed jobs of one queue, newest first
         * @description Roles: ops.
         */
        get: operations["listFailedJobs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ops/failed-jobs/{queue}/{jobId}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replay a failed job
         * @description Roles: ops.
         */
        post: operations["replayFailedJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ops/key-rotation/re-encrypt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * After a key rotation: queue the re-encryption of every stored credential under the current key
         * @description Roles: ops.
         */
        post: operations["startReEncryption"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Audit entries, newest first
         * @description Roles: compliance.
         */
        get: operations["listAuditLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-logs/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream a range as NDJSON (canonical entries, re-verifiable) or CSV
         * @description Roles: compliance.
         */
        get: operations["exportAuditLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-logs/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check the hash chain over a range; reports the first broken link
         * @description Roles: compliance.
         */
        get: operations["verifyAuditLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/tiktok": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * TikTok webhook receiver (TikTok-Signature, HMAC-SHA256)
         * @description Public: no API key.
         */
        post: operations["receiveTikTokWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read-only status page (HTML): budget use, queue depths, sync lag; accounts, sync runs, follower and view charts, videos
         * @description Roles: ops.
         */
        get: operations["getStatusPage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: {
        /** @description Error envelope. Codes: `VALIDATION_FAILED`, `CONNECT_SESSION_INVALID`, `RETURN_URL_NOT_ALLOWED`, `OAUTH_STATE_INVALID`, `OAUTH_DENIED`. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "VALIDATION_FAILED",
                 *         "message": "The request is invalid.",
                 *         "requestId": "req_01J9Z8Q4T6X2C3V5B7N9M1K0"
                 *       }
                 *     }
                 */
                "application/json": {
                    error: {
                        /**
                         * @description Stable error code (never renamed).
                         * @enum {string}
                         */
                        code: "VALIDATION_FAILED" | "CONNECT_SESSION_INVALID" | "RETURN_URL_NOT_ALLOWED" | "OAUTH_STATE_INVALID" | "OAUTH_DENIED";
                        /** @description Human-readable; may change, do not parse. */
                        message: string;
                        /** @description Also in the `x-request-id` header; quote it to support. */
                        requestId: string;
                        /** @description Structured context for 4xx answers (e.g. validation issues); never on 5xx. */
                        details?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        /** @description Error envelope. Codes: `UNAUTHENTICATED`, `WEBHOOK_SIGNATURE_INVALID`. */
        Unauthenticated: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "UNAUTHENTICATED",
                 *         "message": "A valid API key is required.",
                 *         "requestId": "req_01J9Z8Q4T6X2C3V5B7N9M1K0"
                 *       }
                 *     }
                 */
                "application/json": {
                    error: {
                        /**
                         * @description Stable error code (never renamed).
                         * @enum {string}
                         */
                        code: "UNAUTHENTICATED" | "WEBHOOK_SIGNATURE_INVALID";
                        /** @description Human-readable; may change, do not parse. */
                        message: string;
                        /** @description Also in the `x-request-id` header; quote it to support. */
                        requestId: string;
                        /** @description Structured context for 4xx answers (e.g. validation issues); never on 5xx. */
                        details?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        /** @description Error envelope. Codes: `FORBIDDEN`, `CSRF_INVALID`. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "FORBIDDEN",
                 *         "message": "This API key may not perform this action.",
                 *         "requestId": "req_01J9Z8Q4T6X2C3V5B7N9M1K0"
                 *       }
                 *     }
                 */
                "application/json": {
                    error: {
                        /**
                         * @description Stable error code (never renamed).
                         * @enum {string}
                         */
                        code: "FORBIDDEN" | "CSRF_INVALID";
                        /** @description Human-readable; may change, do not parse. */
                        message: string;
                        /** @description Also in the `x-request-id` header; quote it to support. */
                        requestId: string;
                        /** @description Structured context for 4xx answers (e.g. validation issues); never on 5xx. */
                        details?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        /** @description Error envelope. Codes: `NOT_FOUND`, `ROUTE_NOT_FOUND`. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "NOT_FOUND",
                 *         "message": "Not found.",
                 *         "requestId": "req_01J9Z8Q4T6X2C3V5B7N9M1K0"
                 *       }
                 *     }
                 */
                "application/json": {
                    error: {
                        /**
                         * @description Stable error code (never renamed).
                         * @enum {string}
                         */
                        code: "NOT_FOUND" | "ROUTE_NOT_FOUND";
                        /** @description Human-readable; may change, do not parse. */
                        message: string;
                        /** @description Also in the `x-request-id` header; quote it to support. */
                        requestId: string;
                        /** @description Structured context for 4xx answers (e.g. validation issues); never on 5xx. */
                        details?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        /** @description Error envelope. Codes: `CONFLICT`, `ACCOUNT_NOT_ACTIVE`, `ACCOUNT_NEEDS_REAUTH`, `ACCOUNT_LINKED_ELSEWHERE`. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "CONFLICT",
                 *         "message": "The resource is in a conflicting state.",
                 *         "requestId": "req_01J9Z8Q4T6X2C3V5B7N9M1K0"
                 *       }
                 *     }
                 */
                "application/json": {
                    error: {
                        /**
                         * @description Stable error code (never renamed).
                         * @enum {string}
                         */
                        code: "CONFLICT" | "ACCOUNT_NOT_ACTIVE" | "ACCOUNT_NEEDS_REAUTH" | "ACCOUNT_LINKED_ELSEWHERE";
                        /** @description Human-readable; may change, do not parse. */
                        message: string;
                        /** @description Also in the `x-request-id` header; quote it to support. */
                        requestId: string;
                        /** @description Structured context for 4xx answers (e.g. validation issues); never on 5xx. */
                        details?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        /** @description Error envelope. Codes: `PAYLOAD_TOO_LARGE`. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "PAYLOAD_TOO_LARGE",
                 *         "message": "The request body is too large.",
                 *         "requestId": "req_01J9Z8Q4T6X2C3V5B7N9M1K0"
                 *       }
                 *     }
                 */
                "application/json": {
                    error: {
                        /**
                         * @description Stable error code (never renamed).
                         * @enum {string}
                         */
                        code: "PAYLOAD_TOO_LARGE";
                        /** @description Human-readable; may change, do not parse. */
                        message: string;
                        /** @description Also in the `x-request-id` header; quote it to support. */
                        requestId: string;
                        /** @description Structured context for 4xx answers (e.g. validation issues); never on 5xx. */
                        details?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        /** @description Error envelope. Codes: `URI_TOO_LONG`. */
        UriTooLong: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "URI_TOO_LONG",
                 *         "message": "A path parameter is too long.",
                 *         "requestId": "req_01J9Z8Q4T6X2C3V5B7N9M1K0"
                 *       }
                 *     }
                 */
                "application/json": {
                    error: {
                        /**
                         * @description Stable error code (never renamed).
                         * @enum {string}
                         */
                        code: "URI_TOO_LONG";
                        /** @description Human-readable; may change, do not parse. */
                        message: string;
                        /** @description Also in the `x-request-id` header; quote it to support. */
                        requestId: string;
                        /** @description Structured context for 4xx answers (e.g. validation issues); never on 5xx. */
                        details?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        /** @description Error envelope. Codes: `UNSUPPORTED_MEDIA_TYPE`. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "UNSUPPORTED_MEDIA_TYPE",
                 *         "message": "Unsupported content type.",
                 *         "requestId": "req_01J9Z8Q4T6X2C3V5B7N9M1K0"
                 *       }
                 *     }
                 */
                "application/json": {
                    error: {
                        /**
                         * @description Stable error code (never renamed).
                         * @enum {string}
                         */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                        /** @description Human-readable; may change, do not parse. */
                        message: string;
                        /** @description Also in the `x-request-id` header; quote it to support. */
                        requestId: string;
                        /** @description Structured context for 4xx answers (e.g. validation issues); never on 5xx. */
                        details?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        /** @description Error envelope. Codes: `RATE_LIMITED`. */
        RateLimited: {
            headers: {
                /** @description Seconds to wait before retrying, when known. */
                "retry-after"?: number;
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "RATE_LIMITED",
                 *         "message": "Too many requests.",
                 *         "requestId": "req_01J9Z8Q4T6X2C3V5B7N9M1K0"
                 *       }
                 *     }
                 */
                "application/json": {
                    error: {
                        /**
                         * @description Stable error code (never renamed).
                         * @enum {string}
                         */
                        code: "RATE_LIMITED";
                        /** @description Human-readable; may change, do not parse. */
                        message: string;
                        /** @description Also in the `x-request-id` header; quote it to support. */
                        requestId: string;
                        /** @description Structured context for 4xx answers (e.g. validation issues); never on 5xx. */
                        details?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        /** @description Error envelope. Codes: `E_TIKTOK_KEY_MISMATCH`, `TOKEN_DECRYPT_FAILED`, `DB_DOCUMENT_INVALID`, `INTERNAL`. */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "E_TIKTOK_KEY_MISMATCH",
                 *         "message": "The credential was encrypted under a key that is not accepted.",
                 *         "requestId": "req_01J9Z8Q4T6X2C3V5B7N9M1K0"
                 *       }
                 *     }
                 */
                "application/json": {
                    error: {
                        /**
                         * @description Stable error code (never renamed).
                         * @enum {string}
                         */
                        code: "E_TIKTOK_KEY_MISMATCH" | "TOKEN_DECRYPT_FAILED" | "DB_DOCUMENT_INVALID" | "INTERNAL";
                        /** @description Human-readable; may change, do not parse. */
                        message: string;
                        /** @description Also in the `x-request-id` header; quote it to support. */
                        requestId: string;
                        /** @description Structured context for 4xx answers (e.g. validation issues); never on 5xx. */
                        details?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        /** @description Error envelope. Codes: `TIKTOK_UNAVAILABLE`, `TIKTOK_REQUEST_REJECTED`, `TIKTOK_BAD_RESPONSE`, `TIKTOK_AUTH_FAILED`. */
        BadGateway: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "TIKTOK_UNAVAILABLE",
                 *         "message": "TikTok is unavailable.",
                 *         "requestId": "req_01J9Z8Q4T6X2C3V5B7N9M1K0"
                 *       }
                 *     }
                 */
                "application/json": {
                    error: {
                        /**
                         * @description Stable error code (never renamed).
                         * @enum {string}
                         */
                        code: "TIKTOK_UNAVAILABLE" | "TIKTOK_REQUEST_REJECTED" | "TIKTOK_BAD_RESPONSE" | "TIKTOK_AUTH_FAILED";
                        /** @description Human-readable; may change, do not parse. */
                        message: string;
                        /** @description Also in the `x-request-id` header; quote it to support. */
                        requestId: string;
                        /** @description Structured context for 4xx answers (e.g. validation issues); never on 5xx. */
                        details?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        /** @description Error envelope. Codes: `TOKEN_REFRESH_BUSY`, `KMS_UNAVAILABLE`, `TIKTOK_RATE_LIMITED`, `BUDGET_EXHAUSTED`, `DEPENDENCY_UNAVAILABLE`. */
        ServiceUnavailable: {
            headers: {
                /** @description Seconds to wait before retrying, when known. */
                "retry-after"?: number;
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "TOKEN_REFRESH_BUSY",
                 *         "message": "A token refresh is in progress.",
                 *         "requestId": "req_01J9Z8Q4T6X2C3V5B7N9M1K0"
                 *       }
                 *     }
                 */
                "application/json": {
                    error: {
                        /**
                         * @description Stable error code (never renamed).
                         * @enum {string}
                         */
                        code: "TOKEN_REFRESH_BUSY" | "KMS_UNAVAILABLE" | "TIKTOK_RATE_LIMITED" | "BUDGET_EXHAUSTED" | "DEPENDENCY_UNAVAILABLE";
                        /** @description Human-readable; may change, do not parse. */
                        message: string;
                        /** @description Also in the `x-request-id` header; quote it to support. */
                        requestId: string;
                        /** @description Structured context for 4xx answers (e.g. validation issues); never on 5xx. */
                        details?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok",
                     *       "timestamp": "2026-03-10T12:00:00.000Z",
                     *       "uptimeSec": 3600,
                     *       "version": "1.4.0",
                     *       "environment": "production"
                     *     }
                     */
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                        /** Format: date-time */
                        timestamp: string;
                        uptimeSec: number;
                        version: string;
                        environment: string;
                    };
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ready",
                     *       "checks": {
                     *         "mongodb": {
                     *           "status": "ok",
                     *           "latencyMs": 1.2
                     *         },
                     *         "redis": {
                     *           "status": "ok",
                     *           "latencyMs": 0.4
                     *         },
                     *         "kms": {
                     *           "status": "ok",
                     *           "latencyMs": 8.9
                     *         },
                     *         "worker": {
                     *           "status": "ok",
                     *           "latencyMs": 0.3
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {string} */
                        status: "ready" | "not_ready";
                        checks: {
                            [key: string]: {
                                /** @enum {string} */
                                status: "ok" | "failed";
                                latencyMs: number;
                                error?: string;
                            };
                        };
                    };
                };
            };
            500: components["responses"]["InternalError"];
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ready" | "not_ready";
                        checks: {
                            [key: string]: {
                                /** @enum {string} */
                                status: "ok" | "failed";
                                latencyMs: number;
                                error?: string;
                            };
                        };
                    };
                };
            };
        };
    };
    createConnectSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "userId": "user_42",
                 *       "returnUrl": "https://app.trendpot.example/tiktok/done"
                 *     }
                 */
                "application/json": {
                    /** @description The platform user id the TikTok account will be linked to */
                    userId: string;
                    /** @description Where to send the creator afterwards (allowlisted origins) */
                    returnUrl?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "cs_4f9d2a7c1e8b",
                     *       "connectUrl": "https://api.trendpot.example/connect/tiktok?session=cs_4f9d2a7c1e8b",
                     *       "expiresAt": "2026-03-10T12:15:00.000Z"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        /** @description Send the creator here; single use */
                        connectUrl: string;
                        /** Format: date-time */
                        expiresAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    showConsentPage: {
        parameters: {
            query?: {
                session?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The hand-off page: what is shared, Continue and Cancel. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example <!doctype html><html lang=en>…</html> */
                    "text/html": string;
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description The connect session is unknown, expired or already used (an HTML page). */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example <!doctype html><html lang=en>…</html> */
                    "text/html": string;
                };
            };
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    continueToTikTok: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "session": "cs_4f9d2a7c1e8b",
                 *       "csrf": "v1.Yz8k2m…"
                 *     }
                 */
                "application/json": {
                    session?: string;
                    csrf?: string;
                };
                /**
                 * @example {
                 *       "session": "cs_4f9d2a7c1e8b",
                 *       "csrf": "v1.Yz8k2m…"
                 *     }
                 */
                "application/x-www-form-urlencoded": {
                    session?: string;
                    csrf?: string;
                };
            };
        };
        responses: {
            /** @description To TikTok's authorize page, with PKCE and a single-use state. */
            302: {
                headers: {
                    /** @description Where the browser goes next. */
                    location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            /** @description The form's CSRF token is missing or expired (an HTML page). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example <!doctype html><html lang=en>…</html> */
                    "text/html": string;
                };
            };
            /** @description The connect session is unknown, expired or already used (an HTML page). */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example <!doctype html><html lang=en>…</html> */
                    "text/html": string;
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    cancelConsent: {
        parameters: {
            query?: {
                session?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The creator cancelled; nothing was shared. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example <!doctype html><html lang=en>…</html> */
                    "text/html": string;
                };
            };
            /** @description Back to the session's return URL with `tiktok=denied`. */
            302: {
                headers: {
                    /** @description Where the browser goes next. */
                    location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            /** @description The connect session is unknown, expired or already used (an HTML page). */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example <!doctype html><html lang=en>…</html> */
                    "text/html": string;
                };
            };
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    handleTikTokCallback: {
        parameters: {
            query?: {
                code?: string;
                state?: string;
                scopes?: string;
                error?: string;
                error_description?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result page (connected, partial grant, denied or failed). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example <!doctype html><html lang=en>…</html> */
                    "text/html": string;
                };
            };
            /** @description Back to the session's return URL with `tiktok=connected|denied|error&session=…`. */
            302: {
                headers: {
                    /** @description Where the browser goes next. */
                    location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The state is missing, unknown, expired, reused or from another browser (an HTML page). Or the error envelope. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example <!doctype html><html lang=en>…</html> */
                    "text/html": string;
                    /**
                     * @example {
                     *       "error": {
                     *         "code": "VALIDATION_FAILED",
                     *         "message": "The request is invalid.",
                     *         "requestId": "req_01J9Z8Q4T6X2C3V5B7N9M1K0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        error: {
                            /**
                             * @description Stable error code (never renamed).
                             * @enum {string}
                             */
                            code: "VALIDATION_FAILED" | "CONNECT_SESSION_INVALID" | "RETURN_URL_NOT_ALLOWED" | "OAUTH_STATE_INVALID" | "OAUTH_DENIED";
                            /** @description Human-readable; may change, do not parse. */
                            message: string;
                            /** @description Also in the `x-request-id` header; quote it to support. */
                            requestId: string;
                            /** @description Structured context for 4xx answers (e.g. validation issues); never on 5xx. */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listAccounts: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                status?: "active" | "needs_reauth" | "revoked" | "error";
                userId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "acc_k3v9x2m7q1",
                     *           "userId": "user_42",
                     *           "openId": "_000Hk2kM9xTqHn3Yt6d0aXgL1S7",
                     *           "status": "active",
                     *           "grantedScopes": [
                     *             "user.info.basic",
                     *             "user.info.profile",
                     *             "user.info.stats",
                     *             "video.list"
                     *           ],
                     *           "requestedScopes": [
                     *             "user.info.basic",
                     *             "user.info.profile",
                     *             "user.info.stats",
                     *             "video.list"
                     *           ],
                     *           "missingScopes": [],
                     *           "sync": {
                     *             "profileSyncedAt": "2026-03-10T12:00:00.000Z",
                     *             "videosSyncedAt": "2026-03-10T12:00:00.000Z",
                     *             "metricsSyncedAt": "2026-03-10T12:00:00.000Z"
                     *           },
                     *           "profile": {
                     *             "displayName": "Ada Creates",
                     *             "username": "adacreates",
                     *             "followerCount": 15400,
                     *             "videoCount": 87,
                     *             "syncedAt": "2026-03-10T12:00:00.000Z"
                     *           },
                     *           "createdAt": "2026-03-01T09:30:00.000Z",
                     *           "updatedAt": "2026-03-10T12:00:00.000Z"
                     *         }
                     *       ],
                     *       "nextCursor": "acc_k3v9x2m7q1"
                     *     }
                     */
                    "application/json": {
                        items: {
                            id: string;
                            userId: string;
                            openId: string;
                            /** @enum {string} */
                            status: "active" | "needs_reauth" | "revoked" | "error";
                            grantedScopes: string[];
                            requestedScopes: string[];
                            missingScopes: string[];
                            sync: {
                                profileSyncedAt: string | null;
                                videosSyncedAt: string | null;
                                metricsSyncedAt: string | null;
                                lastError?: {
                                    code: string;
                                    message: string;
                                    at: string;
                                };
                            };
                            profile?: {
                                displayName?: string;
                                username?: string;
                                avatarUrl?: string;
                                bioDescription?: string;
                                isVerified?: boolean;
                                followerCount?: number;
                                followingCount?: number;
                                likesCount?: number;
                                videoCount?: number;
                                syncedAt: string;
                            };
                            createdAt: string;
                            updatedAt: string;
                            revokedAt?: string;
                            revokeReason?: string;
                        }[];
                        nextCursor?: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "acc_k3v9x2m7q1",
                     *       "userId": "user_42",
                     *       "openId": "_000Hk2kM9xTqHn3Yt6d0aXgL1S7",
                     *       "status": "active",
                     *       "grantedScopes": [
                     *         "user.info.basic",
                     *         "user.info.profile",
                     *         "user.info.stats",
                     *         "video.list"
                     *       ],
                     *       "requestedScopes": [
                     *         "user.info.basic",
                     *         "user.info.profile",
                     *         "user.info.stats",
                     *         "video.list"
                     *       ],
                     *       "missingScopes": [],
                     *       "sync": {
                     *         "profileSyncedAt": "2026-03-10T12:00:00.000Z",
                     *         "videosSyncedAt": "2026-03-10T12:00:00.000Z",
                     *         "metricsSyncedAt": "2026-03-10T12:00:00.000Z"
                     *       },
                     *       "profile": {
                     *         "displayName": "Ada Creates",
                     *         "username": "adacreates",
                     *         "followerCount": 15400,
                     *         "videoCount": 87,
                     *         "syncedAt": "2026-03-10T12:00:00.000Z"
                     *       },
                     *       "createdAt": "2026-03-01T09:30:00.000Z",
                     *       "updatedAt": "2026-03-10T12:00:00.000Z"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        userId: string;
                        openId: string;
                        /** @enum {string} */
                        status: "active" | "needs_reauth" | "revoked" | "error";
                        grantedScopes: string[];
                        requestedScopes: string[];
                        missingScopes: string[];
                        sync: {
                            profileSyncedAt: string | null;
                            videosSyncedAt: string | null;
                            metricsSyncedAt: string | null;
                            lastError?: {
                                code: string;
                                message: string;
                                at: string;
                            };
                        };
                        profile?: {
                            displayName?: string;
                            username?: string;
                            avatarUrl?: string;
                            bioDescription?: string;
                            isVerified?: boolean;
                            followerCount?: number;
                            followingCount?: number;
                            likesCount?: number;
                            videoCount?: number;
                            syncedAt: string;
                        };
                        createdAt: string;
                        updatedAt: string;
                        revokedAt?: string;
                        revokeReason?: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getAccountByUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "acc_k3v9x2m7q1",
                     *       "userId": "user_42",
                     *       "openId": "_000Hk2kM9xTqHn3Yt6d0aXgL1S7",
                     *       "status": "active",
                     *       "grantedScopes": [
                     *         "user.info.basic",
                     *         "user.info.profile",
                     *         "user.info.stats",
                     *         "video.list"
                     *       ],
                     *       "requestedScopes": [
                     *         "user.info.basic",
                     *         "user.info.profile",
                     *         "user.info.stats",
                     *         "video.list"
                     *       ],
                     *       "missingScopes": [],
                     *       "sync": {
                     *         "profileSyncedAt": "2026-03-10T12:00:00.000Z",
                     *         "videosSyncedAt": "2026-03-10T12:00:00.000Z",
                     *         "metricsSyncedAt": "2026-03-10T12:00:00.000Z"
                     *       },
                     *       "profile": {
                     *         "displayName": "Ada Creates",
                     *         "username": "adacreates",
                     *         "followerCount": 15400,
                     *         "videoCount": 87,
                     *         "syncedAt": "2026-03-10T12:00:00.000Z"
                     *       },
                     *       "createdAt": "2026-03-01T09:30:00.000Z",
                     *       "updatedAt": "2026-03-10T12:00:00.000Z"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        userId: string;
                        openId: string;
                        /** @enum {string} */
                        status: "active" | "needs_reauth" | "revoked" | "error";
                        grantedScopes: string[];
                        requestedScopes: string[];
                        missingScopes: string[];
                        sync: {
                            profileSyncedAt: string | null;
                            videosSyncedAt: string | null;
                            metricsSyncedAt: string | null;
                            lastError?: {
                                code: string;
                                message: string;
                                at: string;
                            };
                        };
                        profile?: {
                            displayName?: string;
                            username?: string;
                            avatarUrl?: string;
                            bioDescription?: string;
                            isVerified?: boolean;
                            followerCount?: number;
                            followingCount?: number;
                            likesCount?: number;
                            videoCount?: number;
                            syncedAt: string;
                        };
                        createdAt: string;
                        updatedAt: string;
                        revokedAt?: string;
                        revokeReason?: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getAccountProfileHistory: {
        parameters: {
            query: {
                from: string;
                to: string;
                bucket?: "hour" | "day" | "week";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "accountId": "acc_k3v9x2m7q1",
                     *       "bucket": "day",
                     *       "points": [
                     *         {
                     *           "at": "2026-02-28T00:00:00.000Z",
                     *           "followerCount": 15210,
                     *           "followingCount": 312,
                     *           "likesCount": 401000,
                     *           "videoCount": 86
                     *         },
                     *         {
                     *           "at": "2026-03-01T00:00:00.000Z",
                     *           "followerCount": 15400,
                     *           "followingCount": 315,
                     *           "likesCount": 412500,
                     *           "videoCount": 87
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        accountId: string;
                        /** @enum {string} */
                        bucket: "hour" | "day" | "week";
                        points: {
                            at: string;
                            followerCount?: number;
                            followingCount?: number;
                            likesCount?: number;
                            videoCount?: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    revokeAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "reason": "creator asked support"
                 *     }
                 */
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "accountId": "acc_k3v9x2m7q1",
                     *       "status": "revoked",
                     *       "alreadyRevoked": false,
                     *       "tiktokRevoke": "revoked",
                     *       "cancelledJobs": 2,
                     *       "prunedVideos": 87
                     *     }
                     */
                    "application/json": {
                        accountId: string;
                        /** @enum {string} */
                        status: "revoked";
                        alreadyRevoked: boolean;
                        /** @enum {string} */
                        tiktokRevoke: "revoked" | "failed" | "skipped";
                        cancelledJobs: number;
                        prunedVideos: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listAccountVideos: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                sort?: "createTime" | "views" | "likes" | "comments" | "shares";
                order?: "asc" | "desc";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "7345678901234567890",
                     *           "accountId": "acc_k3v9x2m7q1",
                     *           "userId": "user_42",
                     *           "title": "Three-minute focaccia",
                     *           "description": "Three-minute focaccia #baking",
                     *           "createTime": "2026-03-08T18:04:00.000Z",
                     *           "shareUrl": "https://www.tiktok.com/@adacreates/video/7345678901234567890",
                     *           "durationSec": 58,
                     *           "metrics": {
                     *             "views": 12840,
                     *             "likes": 1530,
                     *             "comments": 88,
                     *             "shares": 41,
                     *             "at": "2026-03-10T12:00:00.000Z"
                     *           },
                     *           "lastRefreshedAt": "2026-03-10T12:00:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        items: {
                            id: string;
                            accountId: string;
                            userId: string;
                            title: string;
                            description: string;
                            createTime: string;
                            shareUrl: string;
                            durationSec?: number;
                            coverImageUrl?: string;
                            embed?: {
                                html: string;
                                title?: string;
                                authorName?: string;
                                authorUrl?: string;
                                thumbnailUrl?: string;
                            };
                            metrics?: {
                                views: number;
                                likes: number;
                                comments: number;
                                shares: number;
                                at: string;
                            };
                            lastRefreshedAt?: string;
                        }[];
                        nextCursor?: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getVideo: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                videoId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "7345678901234567890",
                     *       "accountId": "acc_k3v9x2m7q1",
                     *       "userId": "user_42",
                     *       "title": "Three-minute focaccia",
                     *       "description": "Three-minute focaccia #baking",
                     *       "createTime": "2026-03-08T18:04:00.000Z",
                     *       "shareUrl": "https://www.tiktok.com/@adacreates/video/7345678901234567890",
                     *       "durationSec": 58,
                     *       "metrics": {
                     *         "views": 12840,
                     *         "likes": 1530,
                     *         "comments": 88,
                     *         "shares": 41,
                     *         "at": "2026-03-10T12:00:00.000Z"
                     *       },
                     *       "lastRefreshedAt": "2026-03-10T12:00:00.000Z"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        accountId: string;
                        userId: string;
                        title: string;
                        description: string;
                        createTime: string;
                        shareUrl: string;
                        durationSec?: number;
                        coverImageUrl?: string;
                        embed?: {
                            html: string;
                            title?: string;
                            authorName?: string;
                            authorUrl?: string;
                            thumbnailUrl?: string;
                        };
                        metrics?: {
                            views: number;
                            likes: number;
                            comments: number;
                            shares: number;
                            at: string;
                        };
                        lastRefreshedAt?: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getAccountTotals: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "accountId": "acc_k3v9x2m7q1",
                     *       "videos": 87,
                     *       "views": 1204000,
                     *       "likes": 98000,
                     *       "comments": 4100,
                     *       "shares": 2300
                     *     }
                     */
                    "application/json": {
                        accountId: string;
                        videos: number;
                        views: number;
                        likes: number;
                        comments: number;
                        shares: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getVideoMetricsHistory: {
        parameters: {
            query: {
                from: string;
                to: string;
            };
            header?: never;
            path: {
                videoId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "videoId": "7345678901234567890",
                     *       "points": [
                     *         {
                     *           "day": "2026-03-09",
                     *           "views": 12840,
                     *           "likes": 1530,
                     *           "comments": 88,
                     *           "shares": 41,
                     *           "at": "2026-03-10T12:00:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        videoId: string;
                        points: {
                            day: string;
                            views: number;
                            likes: number;
                            comments: number;
                            shares: number;
                            at: string;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getAccountDailyMetrics: {
        parameters: {
            query: {
                from: string;
                to: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "accountId": "acc_k3v9x2m7q1",
                     *       "days": [
                     *         {
                     *           "day": "2026-03-09",
                     *           "views": 12840,
                     *           "likes": 1530,
                     *           "comments": 88,
                     *           "shares": 41,
                     *           "videos": 87
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        accountId: string;
                        days: {
                            day: string;
                            views: number;
                            likes: number;
                            comments: number;
                            shares: number;
                            videos: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    triggerSync: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "kind": "metrics",
                 *       "reason": "creator asked for fresh counts"
                 *     }
                 */
                "application/json": {
                    /** @enum {string} */
                    kind: "ingestion" | "metrics" | "profile";
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "accountId": "acc_k3v9x2m7q1",
                     *       "kind": "metrics",
                     *       "jobs": [
                     *         {
                     *           "queue": "tiktok-metrics-refresh",
                     *           "id": "refresh.acc_k3v9x2m7q1.1"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        accountId: string;
                        kind: string;
                        jobs: {
                            queue: string;
                            id: string;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listSyncRuns: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "run_8c2e5b",
                     *           "kind": "ingestion",
                     *           "trigger": "consent",
                     *           "startedAt": "2026-03-01T09:30:05.000Z",
                     *           "finishedAt": "2026-03-01T09:30:41.000Z",
                     *           "outcome": "ok",
                     *           "counts": {
                     *             "pages": 5,
                     *             "videos": 87,
                     *             "calls": 92
                     *           },
                     *           "tiktokLogIds": [
                     *             "20260301093005A1B2C3D4E5F6A7B8C9D0E1"
                     *           ],
                     *           "expiresAt": "2026-05-30T09:30:05.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        items: {
                            id: string;
                            kind: string;
                            trigger: string;
                            jobId?: string;
                            startedAt: string;
                            finishedAt?: string;
                            outcome?: string;
                            counts?: {
                                [key: string]: number;
                            };
                            error?: {
                                code: string;
                                message: string;
                            };
                            tiktokLogIds?: string[];
                            expiresAt?: string;
                        }[];
                        nextCursor?: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getQueueStats: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "queues": [
                     *         {
                     *           "queue": "tiktok-ingestion",
                     *           "waiting": 0,
                     *           "active": 1,
                     *           "failed": 0,
                     *           "delayed": 0,
                     *           "prioritized": 0,
                     *           "oldestWaitingAgeMs": null
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        queues: {
                            queue: string;
                            waiting: number;
                            active: number;
                            failed: number;
                            delayed: number;
                            prioritized: number;
                            oldestWaitingAgeMs: number | null;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getBudget: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "limits": {
                     *         "perMinute": 90,
                     *         "perDay": 5000,
                     *         "maxInFlight": 5
                     *       },
                     *       "usedInWindow": 12,
                     *       "remainingInWindow": 78,
                     *       "usedToday": 1830,
                     *       "remainingToday": 3170,
                     *       "remainingTodayFor": {
                     *         "token": 3170,
                     *         "ingestion": 2920,
                     *         "metrics": 2170
                     *       },
                     *       "inFlight": 1
                     *     }
                     */
                    "application/json": {
                        limits: {
                            perMinute: number;
                            perDay: number;
                            maxInFlight: number;
                        };
                        usedInWindow: number;
                        remainingInWindow: number;
                        usedToday: number;
                        remainingToday: number;
                        remainingTodayFor: {
                            [key: string]: number;
                        };
                        inFlight: number;
                        pausedUntil?: string;
                        pauseReason?: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listSchedules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "schedules": [
                     *         {
                     *           "queue": "tiktok-metrics-refresh",
                     *           "id": "plan",
                     *           "jobName": "plan",
                     *           "everyMs": 900000,
                     *           "nextRunAt": "2026-03-01T09:45:00.000Z",
                     *           "lastRun": {
                     *             "jobId": "repeat:plan:1772357400000",
                     *             "finishedAt": "2026-03-01T09:30:01.000Z",
                     *             "result": "completed"
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        schedules: {
                            queue: string;
                            id: string;
                            jobName: string;
                            everyMs?: number;
                            pattern?: string;
                            nextRunAt?: string;
                            lastRun?: {
                                jobId: string;
                                finishedAt: string;
                                /** @enum {string} */
                                result: "completed" | "failed";
                                error?: string;
                            };
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listFailedJobs: {
        parameters: {
            query: {
                queue: "tiktok-ingestion" | "tiktok-metrics-refresh" | "tiktok-token-refresh" | "tiktok-maintenance" | "tiktok-webhooks";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "queue": "tiktok-ingestion",
                     *           "id": "ingest.acc_k3v9x2m7q1.req_1",
                     *           "name": "ingest",
                     *           "accountId": "acc_k3v9x2m7q1",
                     *           "failedReason": "TikTok is unavailable.",
                     *           "attemptsMade": 5,
                     *           "createdAt": "2026-03-10T12:00:00.000Z",
                     *           "failedAt": "2026-03-10T12:06:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        items: {
                            queue: string;
                            id: string;
                            name: string;
                            accountId?: string;
                            failedReason: string;
                            attemptsMade: number;
                            createdAt: string;
                            failedAt?: string;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    replayFailedJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                queue: "tiktok-ingestion" | "tiktok-metrics-refresh" | "tiktok-token-refresh" | "tiktok-maintenance" | "tiktok-webhooks";
                jobId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "reason": "TikTok outage is over"
                 *     }
                 */
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "queue": "tiktok-ingestion",
                     *       "id": "ingest.acc_k3v9x2m7q1.req_1",
                     *       "state": "waiting"
                     *     }
                     */
                    "application/json": {
                        queue: string;
                        id: string;
                        state: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    startReEncryption: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "reason": "rotated to the 2026 key"
                 *     }
                 */
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "queue": "tiktok-maintenance",
                     *       "id": "maintenance.reencrypt.1",
                     *       "keyId": "alias/trendpot/tokens"
                     *     }
                     */
                    "application/json": {
                        queue: string;
                        id: string;
                        keyId: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listAuditLogs: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                from?: string;
                to?: string;
                actor?: string;
                action?: string;
                accountId?: string;
                userId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "aud_000000000042",
                     *           "seq": 42,
                     *           "at": "2026-03-10T12:00:00.000Z",
                     *           "actor": {
                     *             "type": "api_key",
                     *             "id": "platform-key"
                     *           },
                     *           "action": "account.revoked",
                     *           "target": {
                     *             "accountId": "acc_k3v9x2m7q1",
                     *             "userId": "user_42"
                     *           },
                     *           "reason": "creator asked support",
                     *           "requestId": "req_01J9Z8Q4T6X2C3V5B7N9M1K0",
                     *           "hash": "9f2c4e7a0b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        items: {
                            id: string;
                            seq: number;
                            at: string;
                            actor: {
                                type: string;
                                id: string;
                            };
                            action: string;
                            target?: {
                                accountId?: string;
                                userId?: string;
                                openId?: string;
                            };
                            reason?: string;
                            requestId?: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            hash: string;
                        }[];
                        nextCursor?: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    exportAuditLogs: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
                format?: "ndjson" | "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The range as a download: NDJSON (one canonical, re-verifiable entry per line) or CSV. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    verifyAuditLogs: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "ok": true,
                     *       "checked": 42,
                     *       "lastSeq": 42
                     *     }
                     */
                    "application/json": {
                        ok: boolean;
                        checked: number;
                        lastSeq?: number;
                        firstBrokenSeq?: number;
                        reason?: string;
                        anchors?: {
                            /** @enum {string} */
                            status: "ok" | "failed" | "disabled" | "skipped";
                            anchoredSeq?: number;
                            problem?: string;
                            detail?: string;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    receiveTikTokWebhook: {
        parameters: {
            query?: never;
            header?: {
                "tiktok-signature"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true,
                     *       "duplicate": false
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        received: true;
                        duplicate: boolean;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getStatusPage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The read-only status page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example <!doctype html><html lang=en>…</html> */
                    "text/html": string;
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}
