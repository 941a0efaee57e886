import { ERROR_CODES, type ErrorCode } from "@trendpot/errors";
import { z } from "zod";

/** The one error envelope, for the OpenAPI document. */
export const ErrorResponseSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    requestId: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** The standard error responses of an authenticated route. */
export const AUTHED_ERRORS = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  429: ErrorResponseSchema,
} as const;

/** Cursor pagination query: `limit` 1–100 (default 50) and the opaque `cursor` of the previous page. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(512).optional(),
});

/** ISO date-time query parameter. */
export const DateTimeQuery = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
