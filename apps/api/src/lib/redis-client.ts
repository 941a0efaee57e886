import type { RedisTopology } from "@trendpot/config";
import { createRedisClient, type RedisClient } from "@trendpot/core";
import { AppError } from "@trendpot/errors";
import type { FastifyBaseLogger } from "fastify";
import type { Redis, RedisOptions } from "ioredis";

// Every Redis call made while a request waits must end in bounded time. A paused or partitioned Redis keeps the
// TCP connection open and answers nothing, so only a per-command deadline ends the wait; a dead Redis closes the
// connection, and with the offline queue off commands then fail at once instead of queueing until it returns.
const COMMAND_TIMEOUT_MS = 1_000;
const CONNECT_TIMEOUT_MS = 2_000;
// Reconnect forever (recovery is automatic), backing off to one attempt every 2 s.
const MAX_RECONNECT_DELAY_MS = 2_000;

/** What the api tells clients to wait before retrying a request Redis was essential to. */
export const REDIS_RETRY_AFTER_SEC = 5;

/** The api's ioredis options (exported so tests can assert the deadlines the composition root uses). */
export const API_REDIS_OPTIONS: RedisOptions = {
  commandTimeout: COMMAND_TIMEOUT_MS,
  connectTimeout: CONNECT_TIMEOUT_MS,
  // One resend after a reconnect, then the caller hears the failure; the offline queue below is off anyway.
  maxRetriesPerRequest: 1,
  enableOfflineQueue: false,
  retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, MAX_RECONNECT_DELAY_MS),
};

/**
 * Opens the api's Redis connection with the deadlines above and waits (bounded) until it is ready, because with
 * the offline queue off nothing may be sent before. Connection loss and recovery are logged once each, not per
 * reconnect attempt.
 */
export async function connectApiRedis(topology: RedisTopology, logger: FastifyBaseLogger): Promise<RedisClient> {
  const redis = createRedisClient(topology, { ...API_REDIS_OPTIONS, lazyConnect: true });
  let lost = false;
  redis.on("error", (error: Error) => {
    if (lost) return;
    lost = true;
    logger.warn({ err: { message: error.message } }, "redis unavailable: requests that need it answer 503");
  });
  redis.on("ready", () => {
    if (!lost) return;
    lost = false;
    logger.info("redis available again");
  });
  await redis.connect();
  return redis;
}

// The ways ioredis reports that Redis did not answer (as opposed to Redis answering with an error reply).
const UNAVAILABLE_MESSAGES = [
  "Command timed out",
  "Stream isn't writeable and enableOfflineQueue options is false",
  "Connection is closed.",
];

/** True when `error` means Redis could not be reached in time (timeout, connection down or closed). */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "MaxRetriesPerRequestError") return true;
  if (UNAVAILABLE_MESSAGES.includes(error.message)) return true;
  return /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT)\b/.test(error.message);
}

/** The 503 a request gets when Redis was essential to it (queueing work, the budget, queue statistics). */
export function redisUnavailableError(cause: unknown): AppError {
  return new AppError("DEPENDENCY_UNAVAILABLE", {
    message: "A service this request needs is unavailable; retry shortly.",
    details: { retryAfterSec: REDIS_RETRY_AFTER_SEC },
    cause,
  });
}

/**
 * Fails with the 503 above unless Redis answers a PING now. For multi-step changes that need Redis part-way
 * through (a revoke cancels jobs and publishes events after clearing tokens): refusing before the first step
 * is better than leaving the change half done.
 */
export async function requireRedis(redis: Pick<Redis, "ping">): Promise<void> {
  try {
    await redis.ping();
  } catch (error) {
    throw redisUnavailableError(error);
  }
}
