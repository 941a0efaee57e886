import type { Job, Queue } from "bullmq";

/** Job states that have not started yet: those can be removed; an active job finds the account revoked itself. */
const PENDING_STATES = ["waiting", "delayed", "prioritized", "waiting-children"] as const;

/**
 * Removes an account's pending jobs from the given queues. Job ids are deterministic but carry per-run keys
 * (request ids, cycles), so jobs are matched on their validated payload's `accountId`. Returns how many went.
 */
export async function cancelAccountJobs(queues: readonly Queue[], accountId: string): Promise<number> {
  let removed = 0;
  for (const queue of queues) {
    const jobs: Job[] = await queue.getJobs([...PENDING_STATES]);
    for (const job of jobs) {
      if (!job || (job.data as { accountId?: unknown } | undefined)?.accountId !== accountId) continue;
      try {
        await job.remove();
        removed += 1;
      } catch {
        // It started (or finished) between the listing and the removal: it will see the revoked account.
      }
    }
  }
  return removed;
}
