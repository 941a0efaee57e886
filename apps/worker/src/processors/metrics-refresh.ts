import { parseJobPayload, QUEUE_NAMES, type TikTokQueues } from "@trendpot/jobs";
import type { Job } from "bullmq";
import { type PlannerQueues, planMetricsRefresh } from "../jobs/plan-metrics";
import { refreshMetricsBatch } from "../jobs/refresh-metrics-batch";
import { refreshProfile } from "../jobs/refresh-profile";
import { type ProcessorServices, processorOptions } from "./processor-services";
import { runJob } from "./run-job";

const QUEUE = QUEUE_NAMES.metricsRefresh;

/** `tiktok-metrics-refresh`: the planner tick, metric batches and profile snapshots, at metrics priority. */
export function createMetricsRefreshProcessor(services: ProcessorServices) {
  const options = processorOptions(services, QUEUE, "metrics");
  return (job: Job, token?: string) =>
    runJob(job, token, options, async ({ requestId, logger }) => {
      const deps = { ...services.deps, logger };
      if (job.name === "plan") return plan(services, deps);
      if (job.name === "refresh-profile") {
        const payload = parseJobPayload(QUEUE, "refresh-profile", job.data);
        return refreshProfile(deps, { accountId: payload.accountId, requestId });
      }
      const payload = parseJobPayload(QUEUE, "refresh-batch", job.data);
      return refreshMetricsBatch(deps, {
        ...payload,
        requestId,
        callSize: services.settings.TIKTOK_INGESTION_METRICS_BATCH_SIZE,
        // The retry asks only for what the failed attempt did not get (the job id, from all its ids, stays).
        saveRemaining: (videoIds) => job.updateData({ ...job.data, videoIds }),
      });
    });
}

async function plan(services: ProcessorServices, deps: ProcessorServices["deps"]) {
  const intervalMs = services.settings.TIKTOK_METRICS_REFRESH_INTERVAL_MS;
  const now = deps.now().getTime();
  return planMetricsRefresh(deps, plannerQueues(services.queues), {
    cycle: Math.floor(now / intervalMs),
    intervalMs,
    batchSize: services.settings.TIKTOK_INGESTION_METRICS_BATCH_SIZE,
    budget: await services.budget.state(),
  });
}

/** The planner's view of the queues: pending batches and ingestions (never planned twice), deterministic enqueues. */
function plannerQueues(queues: TikTokQueues): PlannerQueues {
  return {
    async pendingBatchVideoIds() {
      const jobs = await queues.metricsRefresh.getJobs(["waiting", "delayed", "prioritized", "active"]);
      const ids = new Set<string>();
      for (const job of jobs) {
        if (job?.name !== "refresh-batch") continue;
        for (const id of (job.data as { videoIds?: string[] }).videoIds ?? []) ids.add(id);
      }
      return ids;
    },
    async pendingIngestionAccountIds() {
      const jobs = await queues.ingestion.getJobs(["waiting", "delayed", "prioritized", "active"]);
      return new Set(jobs.flatMap((job) => ((job?.data as { accountId?: unknown })?.accountId ?? []) as string[]));
    },
    enqueueBatch: async (payload) => {
      await queues.enqueueMetricsBatch(payload);
    },
    enqueueProfileRefresh: async (accountId, key) => {
      await queues.enqueueProfileRefresh({ accountId }, { key });
    },
    enqueueIncrementalIngestion: async (accountId, key) => {
      await queues.enqueueIngestion({ accountId, reason: "incremental" }, { key });
    },
  };
}
