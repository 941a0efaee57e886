import { parseJobPayload, QUEUE_NAMES } from "@trendpot/jobs";
import type { Job } from "bullmq";
import { handleWebhook } from "../jobs/handle-webhook";
import { runJob } from "../runtime/run-job";
import type { ProcessorServices } from "../runtime/services";

const QUEUE = QUEUE_NAMES.webhooks;

/** `tiktok-webhooks`: TikTok's events; `authorization.removed` revokes the account locally. */
export function createWebhooksProcessor(services: ProcessorServices) {
  const options = {
    queueName: QUEUE,
    priority: null,
    backoffMs: services.settings.TIKTOK_INGESTION_RETRY_BACKOFF_MS,
    rateLimitQueue: (ms: number) => services.rateLimit(QUEUE, ms),
    logger: services.logger,
  };
  return (job: Job, token?: string) =>
    runJob(job, token, options, async ({ logger }) =>
      handleWebhook(
        { findByOpenId: services.deps.accounts.findByOpenId, revoke: services.revoke, logger },
        parseJobPayload(QUEUE, "webhook-event", job.data),
      ),
    );
}
