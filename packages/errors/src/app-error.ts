import { ERROR_CODES, type ErrorCode } from "./codes";

export interface AppErrorOptions {
  /** A human message safe to show to API clients. Defaults to the registry's message. Never put secrets here. */
  message?: string;
  /** Extra structured, non-secret facts for logs and the error envelope's details. */
  details?: Record<string, unknown>;
  /** Overrides the registry's retryable flag when the situation says otherwise. */
  retryable?: boolean;
  cause?: unknown;
}

/** The one error type of the service: a stable code, its HTTP status and whether a retry can help. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    const entry = ERROR_CODES[code];
    super(options.message ?? entry.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = entry.status;
    this.retryable = options.retryable ?? entry.retryable;
    this.details = options.details;
  }

  toJSON(): { code: ErrorCode; message: string; retryable: boolean; details?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** True for an {@link AppError}, optionally of one code. */
export function isAppError(value: unknown, code?: ErrorCode): value is AppError {
  return value instanceof AppError && (code === undefined || value.code === code);
}
