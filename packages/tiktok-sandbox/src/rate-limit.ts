export type RateLimitDecision =
  | { allowed: true }
  | { allowed: false; window: "minute" | "day" /** ms until a call would be accepted */; retryAfterMs: number };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * A true sliding-window limiter: a call is accepted when fewer than `perMinute` accepted calls happened in the
 * 60 s before it (not in the current clock minute), and fewer than `perDay` in the current UTC day.
 * Rejected calls are not counted, so a client that backs off recovers as the window slides.
 */
export class SlidingWindowLimiter {
  private readonly recent = new Map<string, number[]>();
  private readonly daily = new Map<string, { day: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly perDay: number,
  ) {}

  take(key: string, nowMs: number): RateLimitDecision {
    const stamps = this.recent.get(key) ?? [];
    while (stamps.length > 0 && (stamps[0] as number) <= nowMs - MINUTE_MS) stamps.shift();
    const day = Math.floor(nowMs / DAY_MS);
    const daily = this.daily.get(key);
    const usedToday = daily?.day === day ? daily.count : 0;

    if (usedToday >= this.perDay) {
      return { allowed: false, window: "day", retryAfterMs: (day + 1) * DAY_MS - nowMs };
    }
    if (stamps.length >= this.perMinute) {
      // The call that makes room is the one that leaves the window first.
      const leaving = stamps[stamps.length - this.perMinute] ?? nowMs;
      return { allowed: false, window: "minute", retryAfterMs: leaving + MINUTE_MS - nowMs };
    }
    stamps.push(nowMs);
    this.recent.set(key, stamps);
    this.daily.set(key, { day, count: usedToday + 1 });
    return { allowed: true };
  }
}
