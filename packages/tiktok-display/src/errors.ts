import { AppError, type ErrorCode } from "@trendpot/errors";
import type { TikTokEndpoint } from "./endpoints";

/**
 * TikTok's error string (`access_token_invalid`, `rate_limit_exceeded`, `invalid_grant`, …) or one of ours:
 * `network_error`, `timeout`, `malformed_response`, `http_error` (a non-2xx answer without a TikTok error body).
 */
export type TikTokErrorCode =
  | "access_token_invalid"
  | "scope_not_authorized"
  | "scope_permission_missed"
  | "rate_limit_exceeded"
  | "internal_error"
  | "invalid_params"
  | "invalid_grant"
  | "invalid_client"
  | "invalid_request"
  | "network_error"
  | "timeout"
  | "malformed_response"
  | "http_error"
  | (string & {});

/** What is known about a failed TikTok call. Never put request bodies, headers or tokens here. */
export interface TikTokApiErrorInit {
  endpoint: TikTokEndpoint;
  tiktokCode: TikTokErrorCode;
  httpStatus?: number | undefined;
  logId?: string | undefined;
  retryAfterMs?: number | undefined;
  /** TikTok's own description, already redacted. */
  tiktokMessage?: string | undefined;
  /** Extra non-secret facts, e.g. which response fields failed validation. */
  extra?: Record<string, unknown>;
  cause?: unknown;
}

const AUTH_CODES = new Set(["access_token_invalid", "invalid_grant", "invalid_client", "scope_not_authorized"]);
const UNAVAILABLE_CODES = new Set([
  "internal_error",
  "network_error",
  "timeout",
  "server_error",
  "temporarily_unavailable",
]);

/** The AppError code for a TikTok failure; the one place where TikTok's vocabulary meets ours. */
export function appCodeFor(tiktokCode: string, httpStatus: number | undefined): ErrorCode {
  if (tiktokCode === "rate_limit_exceeded") return "TIKTOK_RATE_LIMITED";
  if (UNAVAILABLE_CODES.has(tiktokCode)) return "TIKTOK_UNAVAILABLE";
  if (tiktokCode === "malformed_response") return "TIKTOK_BAD_RESPONSE";
  if (AUTH_CODES.has(tiktokCode)) return "TIKTOK_AUTH_FAILED";
  if (httpStatus === 429) return "TIKTOK_RATE_LIMITED";
  if (httpStatus !== undefined && httpStatus >= 500) return "TIKTOK_UNAVAILABLE";
  return "TIKTOK_REQUEST_REJECTED";
}

/** TikTok spells the same thing two ways across its APIs; callers see one. */
export function normalizeTikTokCode(code: string): string {
  return code === "invalid_param" ? "invalid_params" : code;
}

/** A failed call to TikTok, whichever error shape (OAuth flat or Display envelope) or transport failure caused it. */
export class TikTokApiError extends AppError {
  readonly endpoint: TikTokEndpoint;
  readonly tiktokCode: TikTokErrorCode;
  readonly httpStatus: number | undefined;
  readonly logId: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: TikTokApiErrorInit) {
    const code = appCodeFor(init.tiktokCode, init.httpStatus);
    const status = init.httpStatus === undefined ? "" : `, HTTP ${init.httpStatus}`;
    super(code, {
      message: `TikTok ${init.endpoint} failed: ${init.tiktokCode}${status}.`,
      details: compact({
        endpoint: init.endpoint,
        tiktokCode: init.tiktokCode,
        httpStatus: init.httpStatus,
        logId: init.logId,
        retryAfterMs: init.retryAfterMs,
        tiktokMessage: init.tiktokMessage,
        ...init.extra,
      }),
      cause: init.cause,
    });
    this.name = "TikTokApiError";
    this.endpoint = init.endpoint;
    this.tiktokCode = init.tiktokCode;
    this.httpStatus = init.httpStatus;
    this.logId = init.logId;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** True for a {@link TikTokApiError}, optionally with one TikTok code. */
export function isTikTokApiError(value: unknown, tiktokCode?: TikTokErrorCode): value is TikTokApiError {
  return value instanceof TikTokApiError && (tiktokCode === undefined || value.tiktokCode === tiktokCode);
}

function compact(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
