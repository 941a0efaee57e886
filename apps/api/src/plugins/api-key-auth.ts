import { createHash, timingSafeEqual } from "node:crypto";
import type { ApiKeyEntry, ApiKeyRole } from "@trendpot/config";
import { AppError } from "@trendpot/errors";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Cluster, Redis } from "ioredis";

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
  redis: Redis | Cluster;
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
  return matchDigest(
    keys.map((entry) => ({ entry, digest: Buffer.from(entry.sha256, "hex") })),
    key,
  );
}

function matchDigest(keys: ReadonlyArray<{ entry: ApiKeyEntry; digest: Buffer }>, key: string) {
  const digest = createHash("sha256").update(key, "utf8").digest();
  let found: ApiPrincipal | undefined;
  for (const { entry, digest: configured } of keys) {
    const equal = timingSafeEqual(digest, configured);
    if (equal && !found) found = { name: entry.name, role: entry.role };
  }
  return found;
}

/**
 * Checks the roles a route declares (`config.roles`) on every request. 401 for a missing or unknown key, 403 for
 * a known key of another role.
 *
 * The lockout applies to failing credentials only: a valid key is accepted without looking at any counter, so
 * it is never refused because of someone else's failures (behind a proxy every caller may share one IP), and
 * it needs no Redis at all. Unknown keys count against the caller's IP (`request.ip`, which honours
 * `TRUST_PROXY`); past the limit that IP's failing requests get 429 instead of 401 until the window ends. Keys
 * are long random strings, so the lockout is not what stops guessing: it turns a flood of bad keys into cheap
 * 429s and a signal, and tells a misconfigured client to stop.
 *
 * Redis being slow or down does not change the answer (fail-open for counting: the request is refused with 401
 * either way); the command deadline bounds the wait.
 *
 * A key that verified once is remembered for the process's life (the keys are fixed at boot), so a busy caller's
 * key is hashed once, not on every request. Only valid keys are remembered, so the memory is bounded by the
 * configured keys and a flood of invented keys grows nothing; those are hashed and counted every time.
 */
export function registerApiKeyAuth(app: FastifyInstance, options: AuthOptions): void {
  const table: RouteRoles[] = [];
  app.decorate("routeRoles", table);
  app.addHook("onRoute", (route) => {
    const roles = (route.config as { roles?: readonly ApiKeyRole[] } | undefined)?.roles;
    for (const method of [route.method].flat()) {
      if (method !== "HEAD") table.push({ method, url: route.url, ...(roles ? { roles } : {}) });
    }
  });
  const configured = options.keys.map((entry) => ({ entry, digest: Buffer.from(entry.sha256, "hex") }));
  const verified = new Map<string, ApiPrincipal>();
  const resolve = (key: string) => {
    const known = verified.get(key);
    if (known) return known;
    const principal = matchDigest(configured, key);
    if (principal) verified.set(key, principal);
    return principal;
  };
  app.addHook("onRequest", async (request) => {
    const roles = request.routeOptions.config.roles;
    if (!roles) return;
    const key = presentedKey(request);
    const principal = key === undefined ? undefined : resolve(key);
    if (!principal) throw await refusal(options, request);
    request.principal = principal;
    if (!roles.includes(principal.role)) throw new AppError("FORBIDDEN", { details: { requiredRoles: [...roles] } });
  });
}

/** Counts one failure for the caller's IP and says how to refuse it: 401, or 429 once the IP is past the limit. */
async function refusal(options: AuthOptions, request: FastifyRequest): Promise<AppError> {
  const key = `${options.redisPrefix}:api:auth-failures:${request.ip}`;
  let replies: [Error | null, unknown][] | null;
  try {
    replies = await options.redis.multi().incr(key).expire(key, FAILURE_WINDOW_SEC, "NX").ttl(key).exec();
  } catch (error) {
    request.log.warn({ err: { message: (error as Error).message } }, "auth failure not counted: redis unavailable");
    return new AppError("UNAUTHENTICATED");
  }
  const failures = Number(replies?.[0]?.[1]);
  if (!Number.isFinite(failures) || failures <= options.maxFailuresPerWindow) return new AppError("UNAUTHENTICATED");
  const ttl = Number(replies?.[2]?.[1]);
  return new AppError("RATE_LIMITED", {
    message: "Too many failed authentication attempts.",
    details: { retryAfterSec: Number.isFinite(ttl) && ttl > 0 ? ttl : FAILURE_WINDOW_SEC },
  });
}
