import type { FastifyBaseLogger, FastifyInstance } from "fastify";

interface LoggableRequest {
  method?: string;
  url?: string;
  ip?: string;
  routeOptions?: { url?: string | undefined };
}

/**
 * The request as it appears in logs: method, path and the *names* of query parameters, never their values. The
 * callback's `code` and `state`, the hand-off page's session id and any cursor stay out of every log line.
 */
export function serializeRequest(req: LoggableRequest): Record<string, unknown> {
  const url = req.url ?? "";
  const index = url.indexOf("?");
  const path = index === -1 ? url : url.slice(0, index);
  const query = index === -1 ? "" : url.slice(index + 1);
  const queryKeys = [...new URLSearchParams(query).keys()];
  return {
    method: req.method,
    path,
    ...(queryKeys.length > 0 ? { queryKeys } : {}),
    ...(req.routeOptions?.url ? { route: req.routeOptions.url } : {}),
    remoteAddress: req.ip,
  };
}

/** A child logger whose `req` serializer wins over Fastify's default (which logs the full URL). */
export function withSafeRequestLogging(logger: FastifyBaseLogger): FastifyBaseLogger {
  return logger.child({}, { serializers: { req: serializeRequest } });
}

/**
 * Request logging in place of Fastify's own (disabled in buildApp): one line per request, written when it
 * completes, with the request reduced to {@link serializeRequest} (so neither query values nor the whole request
 * object, which the logger's deep redaction would otherwise walk, are handed over), the status and the time taken.
 * One line, not a pair: every line pays for redaction and masking, and the pair said nothing the last line does not.
 */
export function registerRequestLogging(app: FastifyInstance): void {
  app.addHook("onResponse", async (request, reply) => {
    if (!infoEnabled(request.log)) return;
    request.log.info(
      {
        request: serializeRequest(request),
        statusCode: reply.statusCode,
        responseTimeMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      "request completed",
    );
  });
}

// pino loggers can say whether a level is on; building the log fields is skipped when it is not.
function infoEnabled(log: FastifyBaseLogger): boolean {
  const check = (log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled;
  return check ? check.call(log, "info") : true;
}
