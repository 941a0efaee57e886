import { writeWorkerHeartbeat } from "@trendpot/core";
import type { Cluster, Redis } from "ioredis";

/** The heartbeat period; the api's readiness check treats a much older beat as a dead worker. */
export const HEARTBEAT_INTERVAL_MS = 5_000;

export interface HeartbeatOptions {
  redis: Redis | Cluster;
  redisPrefix: string;
  intervalMs?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

/** A running heartbeat. */
export interface Heartbeat {
  /** Writes one beat now. */
  beat(): Promise<void>;
  /** Stops the timer and waits for a write in progress. */
  stop(): Promise<void>;
}

/** Writes `${REDIS_PREFIX}:worker:heartbeat` = epoch ms at once and then every `intervalMs` (5 s). */
export function startHeartbeat(options: HeartbeatOptions): Heartbeat {
  const now = options.now ?? Date.now;
  let pending: Promise<void> = Promise.resolve();
  const beat = (): Promise<void> => {
    pending = writeWorkerHeartbeat(options.redis, options.redisPrefix, now()).catch((error: unknown) =>
      options.onError?.(error),
    );
    return pending;
  };
  void beat();
  const timer = setInterval(() => void beat(), options.intervalMs ?? HEARTBEAT_INTERVAL_MS);
  timer.unref();
  return {
    beat,
    async stop() {
      clearInterval(timer);
      await pending;
    },
  };
}
