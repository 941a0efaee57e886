import { AppError, ERROR_CODES, type ErrorCode } from "@trendpot/errors";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { isMongoUnavailable, mongoUnavailableError } from "../lib/mongo-errors";
import { isRedisUnavailable, redisUnavailableError } from "../lib/redis-client";

/** The one error envelope of the API: `{ error: { code, message, requestId } }`. */
export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; requestId: string; details?: Record<string, unknown> };
}

/** Maps every error to the envelope; unknown errors become a generic 500 with the details only in the log. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error, code: appError.code }, "request failed");
    else request.log.info({ code: appError.code, status: appError.status }, "request rejected");
    return sendError(request, reply, appError);
  });
  app.setNotFoundHandler((request, reply) => sendError(request, reply, new AppError("ROUTE_NOT_FOUND")));
}

/**
 * Errors Fastify raises before routing (a malformed URL, an over-long path parameter) bypass the error handler;
 * this gives them the same envelope. Passed as Fastify's `frameworkErrors` option.
 */
export function handleFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const appError =
    error.code === "FST_ERR_MAX_PARAM_LENGTH"
      ? new AppError("URI_TOO_LONG")
      : new AppError("VALIDATION_FAILED", { message: "The URL is malformed." });
  request.log.info({ code: appError.code, status: appError.status }, "request rejected");
  sendError(request, reply, appError);
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const body: ErrorEnvelope = {
    error: {
      code: error.code,
      message: error.message,
      requestId: request.id,
      ...(error.status < 500 && error.details ? { details: error.details } : {}),
    },
  };
  // 429s and 503s say when to come back; the details of a 503 stay out of the body, the header does not.
  if ((error.code === "RATE_LIMITED" || error.status === 503) && typeof error.details?.retryAfterSec === "number") {
    reply.header("retry-after", String(error.details.retryAfterSec));
  }
  return reply.status(error.status).type("application/json").send(body);
}

function toAppError(error: FastifyError): AppError {
  if (error instanceof AppError) return error;
  // Redis not answering in time (paused, down, partitioned) on a path that needs it: a 503 to retry, not a 500.
  if (isRedisUnavailable(error) || isRedisUnavailable(error.cause)) return redisUnavailableError(error);
  // Likewise MongoDB between a primary's death and the next election, once the driver's one retry was spent.
  if (isMongoUnavailable(error) || isMongoUnavailable(error.cause)) return mongoUnavailableError(error);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({
      path: `${error.validationContext ?? "body"}${v.instancePath.replaceAll("/", ".")}`,
      message: v.message ?? "invalid",
    }));
    return new AppError("VALIDATION_FAILED", { details: { issues } });
  }
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new AppError("PAYLOAD_TOO_LARGE");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new AppError("UNSUPPORTED_MEDIA_TYPE");
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return new AppError("VALIDATION_FAILED", { message: "The request body is not valid JSON." });
    default:
      break;
  }
  if (error.statusCode === 429) return new AppError("RATE_LIMITED");
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError("VALIDATION_FAILED", { message: ERROR_CODES.VALIDATION_FAILED.message });
  }
  return new AppError("INTERNAL", { cause: error });
}
