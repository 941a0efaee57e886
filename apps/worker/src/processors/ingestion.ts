import { parseJobPayload, QUEUE_NAMES } from "@trendpot/jobs";
import type { Job } from "bullmq";
import { type IngestAccountResult, ingestAccount } from "../jobs/ingest-account";
import { type IngestIncrementalResult, ingestIncremental } from "../jobs/ingest-incremental";
import { type ProcessorServices, processorOptions } from "./processor-services";
import { runJob } from "./run-job";

const QUEUE = QUEUE_NAMES.ingestion;

/** `tiktok-ingestion`: initial (consent, manual) and incremental ingestion, at ingestion priority. */
export function createIngestionProcessor(services: ProcessorServices) {
  const options = processorOptions(services, QUEUE, "ingestion");
  return (job: Job, token?: string) =>
    runJob<IngestAccountResult | IngestIncrementalResult>(job, token, options, ({ requestId, logger }) => {
      const payload = parseJobPayload(QUEUE, "ingest", job.data);
      const input = { accountId: payload.accountId, requestId, pageSize: services.settings.TIKTOK_INGESTION_PAGE_SIZE };
      return payload.reason === "incremental"
        ? ingestIncremental({ ...services.deps, logger }, input)
        : ingestAccount({ ...services.deps, logger }, input);
    });
}
