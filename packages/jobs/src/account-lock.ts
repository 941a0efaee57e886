import { randomUUID } from "node:crypto";
import type { Cluster, Redis } from "ioredis";

/** Options of {@link createAccountLocks}. */
export interface AccountLocksOptions {
  /** `REDIS_PREFIX`: locks live under `<prefix>:lock:account-sync:<accountId>`. */
  prefix: string;
  /** How long a lock outlives a process that died holding it (default 60 s); renewed every third of it. */
  ttlMs?: number;
  /** Deadline of each Redis call (default 2 s): a lock we cannot take in time is reported as busy. */
  timeoutMs?: number;
  /** Told when a renewal found the lock gone (it expired and another process took it) or failed. */
  onLost?: (accountId: string) => void;
}

export type LockedRun<T> = { acquired: true; value: T } | { acquired: false };

export type AccountLocks = ReturnType<typeof createAccountLocks>;

// Renew and release only the lock we hold: compare the owner token, then act, in one script.
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/**
 * Per-account mutual exclusion across processes: one sync of an account at a time (a manual sync never overlaps a
 * running ingestion). A lock is a Redis key set only if absent, with an owner token and an expiry renewed while the
 * work runs, so a crashed holder frees it within `ttlMs`.
 */
export function createAccountLocks(redis: Redis | Cluster, options: AccountLocksOptions) {
  const ttlMs = options.ttlMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 2_000;
  const keyOf = (accountId: string) => `${options.prefix}:lock:account-sync:${accountId}`;

  return {
    keyOf,
    /** Runs `work` holding the account's lock, or answers `{ acquired: false }` at once when another holds it. */
    async run<T>(accountId: string, work: () => Promise<T>): Promise<LockedRun<T>> {
      const key = keyOf(accountId);
      const owner = randomUUID();
      const taken = await withDeadline(redis.set(key, owner, "PX", ttlMs, "NX"), timeoutMs).catch(() => null);
      if (taken !== "OK") return { acquired: false };
      const renewal = setInterval(
        () => {
          withDeadline(redis.eval(RENEW, 1, key, owner, String(ttlMs)), timeoutMs)
            .then((renewed) => {
              if (renewed !== 1) options.onLost?.(accountId);
            })
            .catch(() => options.onLost?.(accountId));
        },
        Math.max(1, Math.floor(ttlMs / 3)),
      );
      try {
        return { acquired: true, value: await work() };
      } finally {
        clearInterval(renewal);
        // A release that fails leaves the lock to expire on its own; the work's outcome stands.
        await withDeadline(redis.eval(RELEASE, 1, key, owner), timeoutMs).catch(() => undefined);
      }
    },
  };
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
