import rateLimit, { type RateLimitOptions } from "@fastify/rate-limit";
import type { ApiKeyRole } from "@trendpot/config";
import { AppError } from "@trendpot/errors";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Cluster, Redis } from "ioredis";
import type { ApiConfig } from "../config";

/** The rate-limit classes: consent/auth, sync triggers, webhooks and the rest. */
export type RateLimitClass = "general" | "consent" | "sync" | "webhook";

const MINUTE = 60_000;

/** Callers are counted by API key when they present a valid one (set by the auth hook), otherwise by IP. */
function callerKey(request: FastifyRequest): string {
  return request.principal ? `key:${request.principal.name}` : `ip:${request.ip}`;
}

/**
 * The general class's limit per minute for a request: its key's role's when it presented a valid key (set by the
 * auth hook, which runs first), otherwise the per-IP limit for anonymous callers.
 */
export function generalMax(config: ApiConfig): (request: FastifyRequest) => number {
  const byRole: Record<ApiKeyRole, number> = {
    platform: config.RATE_LIMIT_PLATFORM_PER_MIN,
    ops: config.RATE_LIMIT_OPS_PER_MIN,
    compliance: config.RATE_LIMIT_COMPLIANCE_PER_MIN,
  };
  return (request) => (request.principal ? byRole[request.principal.role] : config.RATE_LIMIT_GENERAL_PER_MIN);
}

/** Per-route options of one class; spread into a route's `config.rateLimit`. */
export function rateLimitFor(config: ApiConfig, cls: RateLimitClass): RateLimitOptions {
  switch (cls) {
    case "consent":
      return { max: config.RATE_LIMIT_CONSENT_PER_15MIN, timeWindow: 15 * MINUTE, groupId: "consent" };
    case "sync":
      return { max: config.RATE_LIMIT_SYNC_PER_15MIN, timeWindow: 15 * MINUTE, groupId: "sync" };
    case "webhook":
      return { max: config.RATE_LIMIT_WEBHOOK_PER_MIN, timeWindow: MINUTE, groupId: "webhook" };
    default:
      return { max: generalMax(config), timeWindow: MINUTE };
  }
}

/**
 * Registers the Redis-backed limiter, so every instance shares the counters. Routes opt into a stricter class
 * with `config: { rateLimit: rateLimitFor(config, "consent") }`; everything else gets the general class.
 * When Redis is down the request is let through (skipOnError): the limiter must not take the api down with it.
 */
export async function registerRateLimit(
  app: FastifyInstance,
  config: ApiConfig,
  redis: Redis | Cluster,
): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    ...rateLimitFor(config, "general"),
    redis,
    nameSpace: `${config.REDIS_PREFIX}:api:rate-limit:`,
    skipOnError: true,
    keyGenerator: callerKey,
    // Health probes come from the orchestrator every few seconds and must never be throttled.
    allowList: (request) => request.url === "/health" || request.url === "/ready",
    errorResponseBuilder: (_request, context) =>
      new AppError("RATE_LIMITED", { details: { retryAfterSec: Math.max(1, Math.ceil(context.ttl / 1000)) } }),
  });
}
