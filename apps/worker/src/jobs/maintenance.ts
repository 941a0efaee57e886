import type { MaintenanceJob } from "@trendpot/jobs";
import type { MaintenancePort, WorkerLogger } from "../ports";

export type MaintenanceResult = { task: MaintenanceJob["task"]; changed: number };

const DAY_MS = 86_400_000;

/**
 * Runs one maintenance task. The re-encryption sweep walks every account in batches until none is left under an
 * old key; the others are single idempotent statements. What merely expires is MongoDB's job (TTL indexes).
 */
export async function runMaintenance(
  deps: { maintenance: MaintenancePort; logger: WorkerLogger; now: () => Date },
  job: MaintenanceJob,
): Promise<MaintenanceResult> {
  const changed = await runTask(deps, job);
  deps.logger.info({ task: job.task, changed }, "maintenance task finished");
  return { task: job.task, changed };
}

async function runTask(deps: { maintenance: MaintenancePort; now: () => Date }, job: MaintenanceJob): Promise<number> {
  switch (job.task) {
    case "reencrypt-credentials": {
      let resumeAfter = job.afterAccountId;
      let total = 0;
      for (;;) {
        const batch = await deps.maintenance.reEncryptBatch({ batchSize: job.batchSize ?? 100, resumeAfter });
        total += batch.reEncrypted;
        if (batch.done || batch.lastId === undefined) return total;
        resumeAfter = batch.lastId;
      }
    }
    case "reconcile-mirrors":
      return (await deps.maintenance.reconcileMirrors({ batchSize: job.batchSize ?? 500 })).repaired;
    case "purge-history": {
      const cutoff = new Date(deps.now().getTime() - job.olderThanDays * DAY_MS);
      return deps.maintenance.purgeHistoryBefore(cutoff.toISOString().slice(0, 10));
    }
  }
}
