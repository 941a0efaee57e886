import { createHash } from "node:crypto";
import type { Cluster, Redis } from "ioredis";

// Every budget operation is one Lua script, so a check and the write that depends on it are atomic across all
// processes. Time always comes from the caller (ARGV), never from Redis TIME, so tests can drive it; key expiries
// are housekeeping only, generous enough never to matter for correctness.
//
// Callers read their clock before their script runs, so scripts can arrive with times slightly out of order. A
// stale time after a newer one has trimmed the log would count too few calls, so the scripts keep a high-water
// mark and never let time run backwards: each operation runs at max(caller's now, latest now seen).
const MONOTONIC_NOW = `
local now = tonumber(ARGV[1])
local seen = tonumber(redis.call('GET', KEYS[5]) or '0')
if now < seen then now = seen else redis.call('SET', KEYS[5], now, 'PX', 86400000) end
`;

/** Reply codes of {@link ACQUIRE}. */
export const ACQUIRE_REASONS = ["granted", "day", "paused", "in_flight", "window"] as const;

/**
 * KEYS: window log (zset call -> time), leases (zset lease -> expiry), pause (hash), today's counter, clock, this
 * minute's counter (the history ops read: calls granted per clock minute, kept two hours).
 * ARGV: now, windowMs, perMinute, dayLimit, maxInFlight, leaseMs, leaseId, msUntilDayEnd.
 * Reply: { reason index, wait ms, used in window, used today, in flight, the time the call was recorded at }.
 */
export const ACQUIRE = `${MONOTONIC_NOW}
local windowMs = tonumber(ARGV[2])
local perMinute = tonumber(ARGV[3])
local dayLimit = tonumber(ARGV[4])
local maxInFlight = tonumber(ARGV[5])
local leaseMs = tonumber(ARGV[6])
local leaseId = ARGV[7]
local msUntilDayEnd = tonumber(ARGV[8])

-- A call at time t counts for windows (t - windowMs, t]: it leaves the log once t <= now - windowMs.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - windowMs)
local used = redis.call('ZCARD', KEYS[1])
-- Leases past their expiry belong to crashed or stuck holders: their slots come back.
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local inFlight = redis.call('ZCARD', KEYS[2])
local today = tonumber(redis.call('GET', KEYS[4]) or '0')

if today >= dayLimit then
  return {1, msUntilDayEnd, used, today, inFlight, now}
end
local pausedUntil = tonumber(redis.call('HGET', KEYS[3], 'until') or '0')
if pausedUntil > now then
  return {2, pausedUntil - now, used, today, inFlight, now}
end
-- The window before the leases: its wait is exact, while a lease's end can only be polled for.
if used >= perMinute then
  -- The slot frees when enough of the oldest calls have left the window for the count to drop below the limit.
  local freeing = redis.call('ZRANGE', KEYS[1], used - perMinute, used - perMinute, 'WITHSCORES')
  return {4, tonumber(freeing[2]) + windowMs - now, used, today, inFlight, now}
end
if inFlight >= maxInFlight then
  local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  return {3, tonumber(first[2]) - now, used, today, inFlight, now}
end

redis.call('ZADD', KEYS[1], now, leaseId)
redis.call('PEXPIRE', KEYS[1], windowMs * 2 + 3600000)
redis.call('ZADD', KEYS[2], now + leaseMs, leaseId)
redis.call('PEXPIRE', KEYS[2], leaseMs * 2 + 3600000)
redis.call('INCR', KEYS[4])
redis.call('PEXPIRE', KEYS[4], msUntilDayEnd + 86400000)
redis.call('INCR', KEYS[6])
redis.call('PEXPIRE', KEYS[6], 7200000)
return {0, 0, used + 1, today + 1, inFlight + 1, now}
`;

/** KEYS: leases, release channel. ARGV: leaseId. Announces a freed slot to waiters. Reply: 1 if it was held. */
export const RELEASE = `
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
if removed == 1 then redis.call('PUBLISH', KEYS[2], '1') end
return removed
`;

/** KEYS: -, -, pause, -, clock. ARGV: now, ms, reason. Extends, never shortens. Reply: the pause's end. */
export const PAUSE = `${MONOTONIC_NOW}
local target = now + tonumber(ARGV[2])
local current = tonumber(redis.call('HGET', KEYS[3], 'until') or '0')
if target > current then
  redis.call('HSET', KEYS[3], 'until', target, 'reason', ARGV[3])
  redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[2]) + 3600000)
  return target
end
return current
`;

/**
 * KEYS: window log, leases, pause, today's counter, clock. ARGV: now, windowMs. Read-only.
 * Reply: { used in window, used today, in flight, paused until, pause reason }.
 */
export const STATE = `
local now = math.max(tonumber(ARGV[1]), tonumber(redis.call('GET', KEYS[5]) or '0'))
local used = redis.call('ZCOUNT', KEYS[1], '(' .. (now - tonumber(ARGV[2])), '+inf')
local inFlight = redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf')
local today = tonumber(redis.call('GET', KEYS[4]) or '0')
local pause = redis.call('HMGET', KEYS[3], 'until', 'reason')
return {used, today, inFlight, tonumber(pause[1] or '0'), pause[2] or ''}
`;

const shas = new Map<string, string>();

/** Runs a script by its SHA, loading it on the first NOSCRIPT (after a Redis restart or on a new server). */
export async function runScript(
  redis: Redis | Cluster,
  script: string,
  keys: string[],
  args: (string | number)[],
): Promise<unknown> {
  let sha = shas.get(script);
  if (!sha) {
    sha = createHash("sha1").update(script).digest("hex");
    shas.set(script, sha);
  }
  try {
    return await redis.evalsha(sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
    return redis.eval(script, keys.length, ...keys, ...args);
  }
}
