import type { AccountLocks } from "@trendpot/jobs";
import { QUEUE_NAMES } from "@trendpot/jobs";
import { DelayedError, type Job, type Processor } from "bullmq";

// A job that found its account busy waits this long before it is tried again (no attempt is used).
const BUSY_DELAY_MS = 1_000;

/** Whether a job must not run beside another sync of its account: every ingestion, and manual refreshes. */
function needsExclusion(queueName: string, job: Pick<Job, "name" | "data">): string | undefined {
  const data = (job.data ?? {}) as { accountId?: unknown; trigger?: unknown };
  if (typeof data.accountId !== "string") return undefined;
  if (queueName === QUEUE_NAMES.ingestion) return data.accountId;
  if (queueName === QUEUE_NAMES.metricsRefresh && data.trigger === "manual") return data.accountId;
  return undefined;
}

/**
 * Per-account mutual exclusion around a queue's processor, across every worker process: an ingestion or a manual
 * refresh runs only while it holds its account's lock. A job that finds the account busy goes back to the delayed
 * set for a moment without using an attempt, so a manual sync never overlaps a running ingestion of that account.
 */
export function exclusivePerAccount(
  locks: Pick<AccountLocks, "run"> | undefined,
  queueName: string,
  processor: Processor,
): Processor {
  if (!locks) return processor;
  return async (job, token, signal) => {
    const accountId = needsExclusion(queueName, job);
    if (!accountId) return processor(job, token, signal);
    const outcome = await locks.run(accountId, () => processor(job, token, signal));
    if (outcome.acquired) return outcome.value;
    await job.moveToDelayed(Date.now() + BUSY_DELAY_MS, token);
    throw new DelayedError();
  };
}
