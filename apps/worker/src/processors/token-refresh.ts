import { parseJobPayload, QUEUE_NAMES } from "@trendpot/jobs";
import type { Job } from "bullmq";
import { refreshToken, sweepExpiringTokens } from "../jobs/refresh-token";
import { type ProcessorServices, processorOptions } from "./processor-services";
import { runJob } from "./run-job";

const QUEUE = QUEUE_NAMES.tokenRefresh;

/** `tiktok-token-refresh`: the proactive sweep and per-account refreshes, at token priority (highest). */
export function createTokenRefreshProcessor(services: ProcessorServices) {
  const options = processorOptions(services, QUEUE, "token");
  return (job: Job, token?: string) =>
    runJob(job, token, options, async ({ requestId, logger }) => {
      if (job.name === "sweep") {
        parseJobPayload(QUEUE, "sweep", job.data);
        return sweepExpiringTokens(
          { ...services.deps, logger },
          {
            aheadMs: services.settings.TIKTOK_TOKEN_REFRESH_AHEAD_MS,
            enqueue: async (accountId, generation) => {
              await services.queues.enqueueTokenRefresh({ accountId, reason: "expiring" }, { generation });
            },
          },
        );
      }
      const payload = parseJobPayload(QUEUE, "refresh-token", job.data);
      return refreshToken(
        { ...services.deps, logger },
        { accountId: payload.accountId, requestId: payload.requestId ?? requestId },
      );
    });
}
