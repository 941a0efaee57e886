import { parseJobPayload, QUEUE_NAMES } from "@trendpot/jobs";
import type { Job } from "bullmq";
import { runMaintenance } from "../jobs/maintenance";
import { runJob } from "../runtime/run-job";
import type { ProcessorServices } from "../runtime/services";

const QUEUE = QUEUE_NAMES.maintenance;

/** `tiktok-maintenance`: re-encryption, mirror reconciliation, retention and expired-state purges. */
export function createMaintenanceProcessor(services: ProcessorServices) {
  const options = {
    queueName: QUEUE,
    priority: null,
    backoffMs: services.settings.TIKTOK_INGESTION_RETRY_BACKOFF_MS,
    rateLimitQueue: (ms: number) => services.rateLimit(QUEUE, ms),
    logger: services.logger,
  };
  return (job: Job, token?: string) =>
    runJob(job, token, options, async ({ logger }) =>
      runMaintenance(
        { maintenance: services.maintenance, logger, now: services.deps.now },
        parseJobPayload(QUEUE, "maintenance", job.data),
      ),
    );
}
