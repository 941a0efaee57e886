import { createHash } from "node:crypto";
import type { MaintenanceTask } from "./payloads";

// BullMQ rejects custom ids that contain ':' (it builds Redis keys from them) or that parse as integers. Every id
// starts with a letter, joins parts with '.', and keeps a part only when it is plainly safe; anything else
// (dots, colons, spaces, very long strings) is replaced by a digest, so distinct inputs never collide.
const SAFE_PART = /^[A-Za-z0-9_-]{1,64}$/;

function part(value: string | number): string {
  const text = String(value);
  return SAFE_PART.test(text) ? text : `~${digest(text)}`;
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 22);
}

function id(kind: string, ...parts: (string | number)[]): string {
  return [kind, ...parts.map(part)].join(".");
}

/**
 * Deterministic BullMQ job ids: the same work gets the same id, so adding it twice is a no-op while the first job
 * exists (waiting, delayed, active, or kept after completion by `removeOnComplete`). The `key` arguments say what
 * makes two pieces of work different (a request id, a planner cycle, a credentials generation): reuse one only for
 * work that really is the same.
 */
export const jobIdFor = {
  /** One ingestion per account, reason and key (the consent request id, a manual request id, a cycle). */
  ingestion: (accountId: string, reason: string, key: string | number) => id("ingest", accountId, reason, key),
  /** The planner tick of one cycle (`floor(now / interval)`). */
  metricsPlan: (cycle: number) => id("metrics-plan", cycle),
  /** One batch per account, cycle and set of ids (order-insensitive). */
  metricsBatch: (accountId: string, cycle: number, videoIds: readonly string[]) =>
    id("metrics", accountId, cycle, digest([...videoIds].sort().join(","))),
  /** One profile refresh per account and key (usually the planner cycle). */
  profileRefresh: (accountId: string, key: string | number) => id("profile", accountId, key),
  /** One refresh per account and credentials generation: once the token is rotated, a new refresh gets a new id. */
  tokenRefresh: (accountId: string, generation: string | number) => id("token", accountId, generation),
  /** One token sweep per key (usually a time bucket). */
  tokenSweep: (key: string | number) => id("token-sweep", key),
  /** One maintenance run per task and key (a run id or a day). */
  maintenance: (task: MaintenanceTask, key: string | number) => id("maintenance", task, key),
  /** One job per webhook delivery: TikTok delivers at least once. */
  webhook: (deliveryId: string) => id("webhook", deliveryId),
} as const;
