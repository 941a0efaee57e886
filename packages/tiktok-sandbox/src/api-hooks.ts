import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { SandboxContext } from "./context";
import { newLogId } from "./crypto";
import { endpointError, type RequestInfo } from "./responses";
import type { ApiEndpoint } from "./types";

const API_ENDPOINTS: readonly string[] = ["token", "revoke", "user.info", "video.list", "video.query"];

function isApi(endpoint: string | undefined): endpoint is ApiEndpoint {
  return endpoint !== undefined && API_ENDPOINTS.includes(endpoint);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Per-request plumbing, in this order: note the request, slow fault, forced 429 storm, the sliding-window limiter
 * (API-host endpoints only; a call it accepts counts), 5xx burst, then the handler; malformed bodies replace the
 * answer on the way out, and every non-control request lands in the request log.
 */
export function registerApiHooks(app: FastifyInstance, ctx: SandboxContext): void {
  app.addHook("onRequest", async (request, reply) => {
    const configured = request.routeOptions.config.endpoint;
    const endpoint = configured ?? (request.url.startsWith("/__sandbox/") ? undefined : "unknown");
    const at = ctx.now();
    request.sbx = { endpoint, at, logId: newLogId(at) };
    if (endpoint === undefined) return;
    reply.header("x-tt-logid", request.sbx.logId);
    if (!isApi(endpoint) && endpoint !== "oembed") return;

    const delay = ctx.faults.takeDelay(endpoint);
    if (delay > 0) {
      request.sbx.fault = "slow";
      await sleep(delay, ctx.closing.signal);
    }
    // A client that gave up during the delay never sees this answer: the call still runs (TikTok would still
    // process it), but takes none of the faults meant for the calls that are waiting for one.
    const faults = request.raw.socket?.destroyed ? undefined : ctx.faults;
    if (faults?.take("rateLimitStorm", endpoint)) {
      request.sbx.fault = "rate_limit_storm";
      return tooManyRequests(ctx, request, reply, 60_000);
    }
    if (isApi(endpoint)) {
      const key = ctx.options.rateLimit.perEndpoint ? endpoint : "app";
      const decision = ctx.limiter.take(key, ctx.now());
      if (!decision.allowed) return tooManyRequests(ctx, request, reply, decision.retryAfterMs);
    }
    const serverError = faults?.take("serverErrors", endpoint);
    if (serverError) {
      request.sbx.fault = "server_error";
      const status = serverError.status ?? 500;
      return endpointError(
        ctx,
        request,
        reply,
        status,
        "internal_error",
        "Something went wrong. Please try again later.",
      );
    }
    const malformed = faults?.take("malformed", endpoint);
    if (malformed) {
      request.sbx.fault = "malformed";
      request.sbx.malformed = malformed.kind ?? "non-json";
    }
  });

  // The request is logged before the reply leaves (onSend, not onResponse): a client that reads the log right
  // after its call returns must always find the call there.
  app.addHook("onSend", async (request, reply, payload) => {
    const kind = request.sbx?.malformed;
    const sent = !kind || typeof payload !== "string" ? payload : malformedPayload(request.sbx, reply, payload, kind);
    logRequest(ctx, request, reply);
    return sent;
  });
}

function logRequest(ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply): void {
  const info = request.sbx;
  if (!info?.endpoint) return;
  ctx.store.logRequest({
    at: info.at,
    method: request.method,
    path: request.url.split("?")[0] as string,
    endpoint: info.endpoint,
    status: reply.statusCode,
    logId: info.logId,
    ...(info.openId ? { openId: info.openId } : {}),
    ...(info.grantType ? { grantType: info.grantType } : {}),
    ...(info.errorCode ? { errorCode: info.errorCode } : {}),
    ...(info.fault ? { fault: info.fault } : {}),
  });
}

function tooManyRequests(ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply, retryAfterMs: number) {
  if (ctx.options.rateLimit.resetHeaders) {
    reply.header("retry-after", String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
    reply.header("x-ratelimit-reset", String(Math.ceil((ctx.now() + retryAfterMs) / 1000)));
  }
  return endpointError(
    ctx,
    request,
    reply,
    429,
    "rate_limit_exceeded",
    "API rate limit was exceeded, please try again later.",
  );
}

/** What `missing-fields` removes per endpoint (Display endpoints lose `data`). */
const MISSING_FIELDS: Record<string, string[]> = { token: ["access_token", "expires_in"], oembed: ["html"] };

function malformedPayload(
  info: RequestInfo,
  reply: FastifyReply,
  payload: string,
  kind: NonNullable<RequestInfo["malformed"]>,
) {
  switch (kind) {
    case "non-json":
      reply.header("content-type", "text/html; charset=utf-8");
      return "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>";
    case "truncated":
      return payload.slice(0, Math.floor(payload.length / 2));
    case "empty":
      return "";
    case "missing-fields": {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(payload) as Record<string, unknown>;
      } catch {
        return payload;
      }
      const drop = MISSING_FIELDS[info.endpoint ?? ""] ?? ["data"];
      for (const field of drop) delete body[field];
      return JSON.stringify(body);
    }
  }
}
