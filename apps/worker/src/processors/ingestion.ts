import { parseJobPayload, QUEUE_NAMES } from "@trendpot/jobs";
import type { Job } from "bullmq";
import { type IngestAccountResult, ingestAccount } from "../jobs/ingest-account";
import { type IngestIncrementalResult, ingestIncremental } from "../jobs/ingest-incremental";
import { runJob } from "../runtime/run-job";
import type { ProcessorServices } from "../runtime/services";

const QUEUE = QUEUE_NAMES.ingestion;

/** `tiktok-ingestion`: initial (consent, manual) and incremental ingestion, at ingestion priority. */
export function createIngestionProcessor(services: ProcessorServices) {
  return (job: Job, token?: string) =>
    runJob<IngestAccountResult | IngestIncrementalResult>(job, token, options(services), ({ requestId, logger }) => {
      const payload = parseJobPayload(QUEUE, "ingest", job.data);
      const input = { accountId: payload.accountId, requestId, pageSize: services.settings.TIKTOK_INGESTION_PAGE_SIZE };
      return payload.reason === "incremental"
        ? ingestIncremental({ ...services.deps, logger }, input)
        : ingestAccount({ ...services.deps, logger }, input);
    });
}

function options(services: ProcessorServices) {
  return {
    queueName: QUEUE,
    priority: "ingestion" as const,
    backoffMs: services.settings.TIKTOK_INGESTION_RETRY_BACKOFF_MS,
    rateLimitQueue: (ms: number) => services.rateLimit(QUEUE, ms),
    logger: services.logger,
  };
}
