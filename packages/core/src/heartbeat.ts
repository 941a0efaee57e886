import type { Cluster, Redis } from "ioredis";

/** A worker heartbeat older than this means no worker is processing jobs (`/ready` reports it). */
export const WORKER_HEARTBEAT_MAX_AGE_MS = 30_000;

/** The Redis key the worker writes its heartbeat to: an epoch-ms timestamp as a string. */
export function workerHeartbeatKey(redisPrefix: string): string {
  return `${redisPrefix}:worker:heartbeat`;
}

/** Written by the worker every few seconds. The key expires on its own, so a dead worker's value disappears. */
export async function writeWorkerHeartbeat(
  redis: Redis | Cluster,
  redisPrefix: string,
  now: number = Date.now(),
): Promise<void> {
  await redis.set(workerHeartbeatKey(redisPrefix), String(now), "PX", WORKER_HEARTBEAT_MAX_AGE_MS * 10);
}

/** The heartbeat's age; `fresh` when a worker wrote it less than {@link WORKER_HEARTBEAT_MAX_AGE_MS} ago. */
export async function readWorkerHeartbeat(
  redis: Redis | Cluster,
  redisPrefix: string,
  now: number = Date.now(),
): Promise<{ fresh: boolean; ageMs?: number }> {
  const raw = await redis.get(workerHeartbeatKey(redisPrefix));
  const at = raw === null ? Number.NaN : Number(raw);
  if (!Number.isFinite(at)) return { fresh: false };
  const ageMs = Math.max(0, now - at);
  return { fresh: ageMs < WORKER_HEARTBEAT_MAX_AGE_MS, ageMs };
}
