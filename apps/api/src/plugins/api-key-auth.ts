import { createHash, timingSafeEqual } from "node:crypto";
import type { ApiKeyEntry, ApiKeyRole } from "@trendpot/config";
import { AppError } from "@trendpot/errors";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Redis } from "ioredis";

/** The caller a valid API key identifies. */
export interface ApiPrincipal {
  name: string;
  role: ApiKeyRole;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** Roles allowed on the route; unset means a public route (consent pages, webhooks, health, docs). */
    roles?: readonly ApiKeyRole[];
  }
  interface FastifyRequest {
    principal?: ApiPrincipal;
  }
  interface FastifyInstance {
    /** Every route with the roles it declares (none: public), for the role-matrix test and docs. */
    routeRoles: RouteRoles[];
  }
}

/**
 * The role matrix, in one place (documented in the README). ops can do everything platform can (it runs the
 * service and replays its work); compliance reads accounts and owns the audit log; nobody but compliance exports it.
 */
export const ROLES = {
  platform: ["platform", "ops"],
  read: ["platform", "ops", "compliance"],
  ops: ["ops"],
  compliance: ["compliance"],
} as const satisfies Record<string, readonly ApiKeyRole[]>;

/** One registered route and the roles it allows. */
export interface RouteRoles {
  method: string;
  url: string;
  roles?: readonly ApiKeyRole[];
}

/** OpenAPI security requirement for every authenticated route. */
export const API_KEY_SECURITY: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { apiKeyHeader: [] }];

const FAILURE_WINDOW_SEC = 900;

interface AuthOptions {
  keys: readonly ApiKeyEntry[];
  redis: Redis;
  redisPrefix: string;
  maxFailuresPerWindow: number;
}

/** Extracts the presented key: `authorization: Bearer <key>` or `x-api-key`. */
export function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === "string") {
    const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
    if (match?.[1]) return match[1];
  }
  const apiKey = request.headers["x-api-key"];
  return typeof apiKey === "string" && apiKey.length > 0 && apiKey.length <= 512 ? apiKey : undefined;
}

/**
 * Resolves a key by comparing its SHA-256 with every configured hash in constant time (no early exit), so the
 * time taken does not reveal which entry, if any, matched.
 */
export function matchApiKey(keys: readonly ApiKeyEntry[], key: string): ApiPrincipal | undefined {
  const digest = createHash("sha256").update(key, "utf8").digest();
  let found: ApiPrincipal | undefined;
  for (const entry of keys) {
    const equal = timingSafeEqual(digest, Buffer.from(entry.sha256, "hex"));
    if (equal && !found) found = { name: entry.name, role: entry.role };
  }
  return found;
}

/**
 * Checks the roles a route declares (`config.roles`) on every request. 401 for a missing or unknown key, 403 for
 * a known key of another role. Unknown keys count against the caller's IP; past the limit the IP gets 429 until
 * the window ends, whatever it sends.
 */
export function registerApiKeyAuth(app: FastifyInstance, options: AuthOptions): void {
  const failureKey = (ip: string) => `${options.redisPrefix}:api:auth-failures:${ip}`;
  const table: RouteRoles[] = [];
  app.decorate("routeRoles", table);
  app.addHook("onRoute", (route) => {
    const roles = (route.config as { roles?: readonly ApiKeyRole[] } | undefined)?.roles;
    for (const method of [route.method].flat()) {
      if (method !== "HEAD") table.push({ method, url: route.url, ...(roles ? { roles } : {}) });
    }
  });
  app.addHook("onRequest", async (request) => {
    const roles = request.routeOptions.config.roles;
    if (!roles) return;
    const blocked = Number((await options.redis.get(failureKey(request.ip))) ?? 0);
    if (blocked >= options.maxFailuresPerWindow) {
      throw new AppError("RATE_LIMITED", {
        message: "Too many failed authentication attempts.",
        details: { retryAfterSec: Math.max(1, await options.redis.ttl(failureKey(request.ip))) },
      });
    }
    const key = presentedKey(request);
    const principal = key === undefined ? undefined : matchApiKey(options.keys, key);
    if (!principal) {
      const multi = options.redis
        .multi()
        .incr(failureKey(request.ip))
        .expire(failureKey(request.ip), FAILURE_WINDOW_SEC, "NX");
      await multi.exec();
      throw new AppError("UNAUTHENTICATED");
    }
    request.principal = principal;
    if (!roles.includes(principal.role)) throw new AppError("FORBIDDEN", { details: { requiredRoles: [...roles] } });
  });
}
