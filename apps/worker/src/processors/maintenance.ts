import { parseJobPayload, QUEUE_NAMES } from "@trendpot/jobs";
import type { Job } from "bullmq";
import { runMaintenance } from "../jobs/maintenance";
import { type ProcessorServices, processorOptions } from "./processor-services";
import { runJob } from "./run-job";

const QUEUE = QUEUE_NAMES.maintenance;

/** `tiktok-maintenance`: re-encryption, mirror reconciliation, retention and expired-state purges. */
export function createMaintenanceProcessor(services: ProcessorServices) {
  const options = processorOptions(services, QUEUE, null);
  return (job: Job, token?: string) =>
    runJob(job, token, options, async ({ logger }) =>
      runMaintenance(
        { maintenance: services.maintenance, logger, now: services.deps.now },
        parseJobPayload(QUEUE, "maintenance", job.data),
      ),
    );
}
