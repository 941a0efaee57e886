import { parseJobPayload, QUEUE_NAMES } from "@trendpot/jobs";
import type { Job } from "bullmq";
import { handleWebhook } from "../jobs/handle-webhook";
import { type ProcessorServices, processorOptions } from "./processor-services";
import { runJob } from "./run-job";

const QUEUE = QUEUE_NAMES.webhooks;

/** `tiktok-webhooks`: TikTok's events; `authorization.removed` revokes the account locally. */
export function createWebhooksProcessor(services: ProcessorServices) {
  const options = processorOptions(services, QUEUE, null);
  return (job: Job, token?: string) =>
    runJob(job, token, options, async ({ logger }) =>
      handleWebhook(
        { findByOpenId: services.deps.accounts.findByOpenId, revoke: services.revoke, logger },
        parseJobPayload(QUEUE, "webhook-event", job.data),
      ),
    );
}
