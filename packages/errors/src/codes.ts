/**
 * The registry of stable error codes. Every error the service raises on purpose has a code here, with the HTTP
 * status the API answers with and whether retrying the same operation later can succeed.
 * Codes are part of the public contract: add new ones, never rename.
 */
export const ERROR_CODES = {
  // Input and routing
  VALIDATION_FAILED: { status: 400, retryable: false, message: "The request is invalid." },
  NOT_FOUND: { status: 404, retryable: false, message: "Not found." },
  ROUTE_NOT_FOUND: { status: 404, retryable: false, message: "Route not found." },
  CONFLICT: { status: 409, retryable: false, message: "The resource is in a conflicting state." },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false, message: "The request body is too large." },
  URI_TOO_LONG: { status: 414, retryable: false, message: "A path parameter is too long." },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false, message: "Unsupported content type." },
  // Authentication and authorization of our own API
  UNAUTHENTICATED: { status: 401, retryable: false, message: "A valid API key is required." },
  FORBIDDEN: { status: 403, retryable: false, message: "This API key may not perform this action." },
  RATE_LIMITED: { status: 429, retryable: true, message: "Too many requests." },
  // Consent flow
  CONNECT_SESSION_INVALID: { status: 400, retryable: false, message: "The connect session is invalid or expired." },
  RETURN_URL_NOT_ALLOWED: { status: 400, retryable: false, message: "The return URL is not allowed." },
  OAUTH_STATE_INVALID: { status: 400, retryable: false, message: "The authorization state is invalid or expired." },
  OAUTH_DENIED: { status: 400, retryable: false, message: "The creator did not grant access." },
  CSRF_INVALID: { status: 403, retryable: false, message: "The form has expired; please try again." },
  WEBHOOK_SIGNATURE_INVALID: { status: 401, retryable: false, message: "The webhook signature is invalid." },
  // Accounts and tokens
  ACCOUNT_NOT_ACTIVE: { status: 409, retryable: false, message: "The TikTok account is not active." },
  ACCOUNT_NEEDS_REAUTH: { status: 409, retryable: false, message: "The TikTok account must be connected again." },
  ACCOUNT_LINKED_ELSEWHERE: {
    status: 409,
    retryable: false,
    message: "The TikTok account is connected to another user; it must be revoked there first.",
  },
  TOKEN_REFRESH_BUSY: { status: 503, retryable: true, message: "A token refresh is in progress." },
  E_TIKTOK_KEY_MISMATCH: {
    status: 500,
    retryable: false,
    message: "The credential was encrypted under a key that is not accepted.",
  },
  TOKEN_DECRYPT_FAILED: { status: 500, retryable: false, message: "A stored credential could not be decrypted." },
  KMS_UNAVAILABLE: { status: 503, retryable: true, message: "The key management service is unavailable." },
  // TikTok
  TIKTOK_RATE_LIMITED: { status: 503, retryable: true, message: "TikTok rate limit reached." },
  TIKTOK_UNAVAILABLE: { status: 502, retryable: true, message: "TikTok is unavailable." },
  TIKTOK_REQUEST_REJECTED: { status: 502, retryable: false, message: "TikTok rejected the request." },
  TIKTOK_BAD_RESPONSE: { status: 502, retryable: true, message: "TikTok returned an unexpected response." },
  TIKTOK_AUTH_FAILED: { status: 502, retryable: false, message: "TikTok rejected the credentials." },
  BUDGET_EXHAUSTED: { status: 503, retryable: true, message: "The TikTok call budget is exhausted for now." },
  // Infrastructure
  DEPENDENCY_UNAVAILABLE: { status: 503, retryable: true, message: "A dependency is unavailable." },
  DB_DOCUMENT_INVALID: { status: 500, retryable: false, message: "A stored record is invalid." },
  INTERNAL: { status: 500, retryable: false, message: "Internal error." },
} as const satisfies Record<string, { status: number; retryable: boolean; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
