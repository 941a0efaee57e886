// Values above this are epoch milliseconds, between it and EPOCH_SECONDS_FLOOR epoch seconds, below it a delay.
const EPOCH_MS_FLOOR = 1e12;
const EPOCH_SECONDS_FLOOR = 1e9;

/**
 * How long to wait before retrying, from `Retry-After` (seconds or an HTTP date) or, failing that,
 * `x-ratelimit-reset` (epoch seconds, epoch milliseconds or seconds to wait). TikTok documents neither header, so
 * anything unparseable yields `undefined` rather than an error.
 */
export function parseRetryAfterMs(headers: { get(name: string): string | null }, now: Date): number | undefined {
  return fromRetryAfter(headers.get("retry-after"), now) ?? fromRateLimitReset(headers.get("x-ratelimit-reset"), now);
}

function fromRetryAfter(value: string | null, now: Date): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

function fromRateLimitReset(value: string | null, now: Date): number | undefined {
  if (value === null || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
  const number = Number(value.trim());
  if (number >= EPOCH_MS_FLOOR) return Math.max(0, Math.round(number - now.getTime()));
  if (number >= EPOCH_SECONDS_FLOOR) return Math.max(0, Math.round(number * 1000 - now.getTime()));
  return Math.round(number * 1000);
}
