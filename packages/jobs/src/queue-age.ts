import type { Queue } from "bullmq";

// BullMQ keeps prioritized jobs ordered by priority, not age, so finding the oldest means reading them; our queues
// enqueue without priorities, so this bound only matters if someone adds them, and keeps the read cheap then.
const PRIORITIZED_SCAN_LIMIT = 1_000;

/**
 * How long the job waiting longest in `queue` has waited, in ms; null when nothing waits. Jobs enqueued with a
 * priority wait too (in BullMQ's `prioritized` state), so they count: the ops route and the gauge both use this.
 */
export async function oldestWaitingAgeMs(queue: Queue, now: number = Date.now()): Promise<number | null> {
  // asc=true: `waiting` is a FIFO list, so its first job is the oldest.
  const [waiting, prioritized] = await Promise.all([
    queue.getJobs(["waiting"], 0, 0, true),
    queue.getJobs(["prioritized"], 0, PRIORITIZED_SCAN_LIMIT - 1, true),
  ]);
  const stamps = [...waiting, ...prioritized].flatMap((job) => (job ? [job.timestamp] : []));
  return stamps.length === 0 ? null : Math.max(0, now - Math.min(...stamps));
}
