import { randomUUID } from "node:crypto";
import { AppError } from "@trendpot/errors";
import type { Cluster, Redis } from "ioredis";
import { type BudgetLimitOptions, type BudgetLimits, resolveLimits, utcDay } from "./limits";
import type { BudgetPriority } from "./priority";
import { ACQUIRE, ACQUIRE_REASONS, PAUSE, RELEASE, runScript, STATE } from "./scripts";
import { createWaiters, type Sleep, sleepWithTimer, type Waiters } from "./wait";

/** Why a call may not start now: the day's cap for its priority, a pause, all slots in flight, or the window. */
export type BudgetDenial = "day" | "paused" | "in_flight" | "window";

/** Permission for one TikTok HTTP call. Release it when the call settles; an unreleased lease expires. */
export interface BudgetLease {
  readonly id: string;
  readonly priority: BudgetPriority;
  readonly acquiredAt: number;
  readonly expiresAt: number;
  /** Frees the in-flight slot (the call still counts in the window and the day). Idempotent. */
  release(): Promise<void>;
}

/** The outcome of one non-waiting attempt. */
export type BudgetAttempt =
  | { granted: true; lease: BudgetLease }
  | { granted: false; reason: BudgetDenial; retryAfterMs: number };

/** A snapshot for dashboards, ops endpoints and the `tiktok.display.budget.remaining` gauge. */
export interface BudgetState {
  usedInWindow: number;
  remainingInWindow: number;
  usedToday: number;
  /** Of the whole day (what token refreshes may still use). */
  remainingToday: number;
  /** What each priority may still use today, after the reserves of higher priorities. */
  remainingTodayFor: Record<BudgetPriority, number>;
  inFlight: number;
  pausedUntil?: number;
  pauseReason?: string;
}

/** How to build a budget. All processes sharing one must use the same `redis` data, `keyPrefix` and numbers. */
export interface TikTokBudgetOptions extends BudgetLimitOptions {
  /** A server, a Sentinel-managed master or a cluster (every script's keys share the `{tiktok-budget}` slot). */
  redis: Redis | Cluster;
  /** The `REDIS_PREFIX`; keys live under `${keyPrefix}:{tiktok-budget}:…` (one cluster slot). */
  keyPrefix: string;
  /** Epoch ms; injectable so tests drive time. All processes need synchronized clocks (NTP). */
  now?: () => number;
  /**
   * A connection the budget may put in subscriber mode (e.g. `redis.duplicate()`), used only to hear that another
   * process released a lease so in-flight waiters wake at once. Without it they re-check every `inFlightPollMs`.
   */
  subscriber?: Redis;
  /** Longest wait before re-checking when all in-flight slots are taken (default 50 ms). */
  inFlightPollMs?: number;
  /** The timer used while waiting; injectable so tests can advance a fake clock instead of sleeping. */
  sleep?: Sleep;
}

/** The one global TikTok budget. */
export interface TikTokBudget {
  readonly limits: BudgetLimits;
  /**
   * Waits for a slot and returns its lease. Rejects with retryable `BUDGET_EXHAUSTED` (`details.retryAfterMs`)
   * when the day's cap for `priority` is reached, or when the wait would exceed `maxWaitMs`; rejects with the
   * signal's reason when aborted.
   */
  acquire(options: {
    priority: BudgetPriority;
    signal?: AbortSignal | undefined;
    maxWaitMs?: number;
  }): Promise<BudgetLease>;
  /** One attempt, no waiting. */
  tryAcquire(priority: BudgetPriority): Promise<BudgetAttempt>;
  /** Stops every process from starting calls for `ms` (extends, never shortens, a pause). Returns its end. */
  pause(ms: number, reason: string): Promise<number>;
  state(): Promise<BudgetState>;
  /** Calls granted in each of the last `minutes` clock minutes (at most 120), oldest first; the current one last. */
  history(minutes: number): Promise<BudgetMinute[]>;
}

/** One clock minute of the budget's history. */
export interface BudgetMinute {
  /** Epoch ms of the minute's start. */
  at: number;
  calls: number;
}

const MINUTE_MS = 60_000;
const minuteKey = (base: string, at: number) => `${base}:minute:${Math.floor(at / MINUTE_MS)}`;

/** Builds the budget; connects nothing (the caller owns `redis`). */
export function createTikTokBudget(options: TikTokBudgetOptions): TikTokBudget {
  const base = `${options.keyPrefix}:{tiktok-budget}`;
  const ctx: Context = {
    redis: options.redis,
    limits: resolveLimits(options),
    now: options.now ?? Date.now,
    waiters: createWaiters(options.sleep ?? sleepWithTimer),
    base,
    keys: (at) => [
      `${base}:window`,
      `${base}:leases`,
      `${base}:pause`,
      `${base}:day:${utcDay(at).day}`,
      `${base}:clock`,
      minuteKey(base, at),
    ],
  };
  const pollMs = options.inFlightPollMs ?? 50;
  const tryAcquire = (priority: BudgetPriority) => attemptOnce(ctx, priority);
  const listen = listenForReleases(ctx, options.subscriber);

  const acquire: TikTokBudget["acquire"] = async ({ priority, signal, maxWaitMs = Number.POSITIVE_INFINITY }) => {
    const started = ctx.now();
    for (;;) {
      signal?.throwIfAborted();
      const attempt = await tryAcquire(priority);
      if (attempt.granted) return attempt.lease;
      // A window or pause wait is exact; an in-flight wait is unknowable (another call must finish), so it
      // polls, and a release in this process wakes it at once.
      const delay = attempt.reason === "in_flight" ? Math.min(attempt.retryAfterMs, pollMs) : attempt.retryAfterMs;
      if (attempt.reason === "day" || ctx.now() - started + delay > maxWaitMs) {
        throw exhausted(priority, attempt.reason, attempt.retryAfterMs);
      }
      if (attempt.reason === "in_flight") await listen();
      await ctx.waiters.wait(delay, { wakeable: attempt.reason === "in_flight", signal });
    }
  };

  const state = async (): Promise<BudgetState> => {
    const at = ctx.now();
    const reply = (await runScript(ctx.redis, STATE, ctx.keys(at), [at, ctx.limits.windowMs])) as StateReply;
    return toState(ctx.limits, at, reply);
  };

  const pause = async (ms: number, reason: string): Promise<number> => {
    if (!Number.isFinite(ms) || ms <= 0) return (await state()).pausedUntil ?? ctx.now();
    const at = ctx.now();
    return Number(await runScript(ctx.redis, PAUSE, ctx.keys(at), [at, Math.ceil(ms), reason.slice(0, 200)]));
  };

  const history = async (minutes: number): Promise<BudgetMinute[]> => {
    const count = Math.min(120, Math.max(1, Math.floor(minutes)));
    const current = Math.floor(ctx.now() / MINUTE_MS) * MINUTE_MS;
    const starts = Array.from({ length: count }, (_, i) => current - (count - 1 - i) * MINUTE_MS);
    // One round trip: every minute key shares the budget's cluster slot.
    const values = await ctx.redis.mget(...starts.map((at) => minuteKey(base, at)));
    return starts.map((at, i) => ({ at, calls: Number(values[i] ?? 0) || 0 }));
  };

  return { limits: ctx.limits, acquire, tryAcquire, pause, state, history };
}

interface Context {
  redis: Redis | Cluster;
  limits: BudgetLimits;
  now: () => number;
  waiters: Waiters;
  base: string;
  keys: (at: number) => string[];
}

async function attemptOnce(ctx: Context, priority: BudgetPriority): Promise<BudgetAttempt> {
  const { limits } = ctx;
  const at = ctx.now();
  const id = randomUUID();
  const args = [at, limits.windowMs, limits.perMinute, limits.dayLimit[priority], limits.maxInFlight, limits.leaseMs];
  const reply = (await runScript(ctx.redis, ACQUIRE, ctx.keys(at), [...args, id, utcDay(at).msUntilEnd])) as number[];
  const reason = ACQUIRE_REASONS[reply[0] ?? -1];
  // The script may have moved the time forward (see scripts.ts): the lease carries the time the call was recorded at.
  if (reason === "granted") return { granted: true, lease: createLease(ctx, id, priority, reply[5] ?? at) };
  if (reason === undefined) throw new AppError("INTERNAL", { message: "Unexpected reply from the budget script." });
  return { granted: false, reason, retryAfterMs: Math.max(1, reply[1] ?? 1) };
}

function createLease(ctx: Context, id: string, priority: BudgetPriority, acquiredAt: number): BudgetLease {
  let released = false;
  return {
    id,
    priority,
    acquiredAt,
    expiresAt: acquiredAt + ctx.limits.leaseMs,
    async release() {
      if (released) return;
      released = true;
      await runScript(ctx.redis, RELEASE, [`${ctx.base}:leases`, `${ctx.base}:released`], [id]);
      ctx.waiters.wakeAll();
    },
  };
}

// Subscribes on the first in-flight wait, not at creation: a budget that never waits never opens a subscription.
// A failed subscription only costs latency (waiters still poll), so it is retried on the next wait.
function listenForReleases(ctx: Context, subscriber: Redis | undefined): () => Promise<void> {
  if (!subscriber) return async () => undefined;
  const channel = `${ctx.base}:released`;
  subscriber.on("message", (from: string) => {
    if (from === channel) ctx.waiters.wakeAll();
  });
  let subscribed: Promise<unknown> | undefined;
  return async () => {
    subscribed ??= subscriber.subscribe(channel);
    await subscribed.catch(() => {
      subscribed = undefined;
    });
  };
}

type StateReply = [number, number, number, number, string];

function toState(limits: BudgetLimits, at: number, reply: StateReply): BudgetState {
  const [usedInWindow, usedToday, inFlight, pausedUntil, pauseReason] = reply;
  const left = (limit: number) => Math.max(0, limit - usedToday);
  return {
    usedInWindow,
    remainingInWindow: Math.max(0, limits.perMinute - usedInWindow),
    usedToday,
    remainingToday: left(limits.perDay),
    remainingTodayFor: {
      token: left(limits.dayLimit.token),
      ingestion: left(limits.dayLimit.ingestion),
      metrics: left(limits.dayLimit.metrics),
    },
    inFlight,
    ...(pausedUntil > at ? { pausedUntil, pauseReason } : {}),
  };
}

function exhausted(priority: BudgetPriority, reason: BudgetDenial, retryAfterMs: number): AppError {
  return new AppError("BUDGET_EXHAUSTED", {
    message: `The TikTok budget has no room for ${priority} calls (${reason}); retry in ${retryAfterMs} ms.`,
    details: { priority, reason, retryAfterMs },
  });
}
