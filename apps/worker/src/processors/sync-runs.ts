import type { SyncRunDescriptor, SyncRunSummary } from "@trendpot/core";
import { QUEUE_NAMES } from "@trendpot/jobs";
import type { Job } from "bullmq";

type Trigger = SyncRunDescriptor["trigger"];

const INGESTION_TRIGGERS: Record<string, Trigger> = { consent: "consent", manual: "manual", incremental: "schedule" };

/**
 * The sync run a job is, or null for work that is not one account's sync (planner ticks, sweeps, maintenance,
 * webhooks). The payload has been validated by the processor before any TikTok call; here it is only read.
 */
export function syncRunOf(queueName: string, job: Pick<Job, "id" | "name" | "data">): SyncRunDescriptor | null {
  const data = (job.data ?? {}) as { accountId?: unknown; reason?: unknown; trigger?: unknown };
  if (typeof data.accountId !== "string") return null;
  const base = { accountId: data.accountId, ...(job.id ? { jobId: job.id } : {}) };
  const manualOrSchedule: Trigger = data.trigger === "manual" ? "manual" : "schedule";
  if (queueName === QUEUE_NAMES.ingestion && job.name === "ingest") {
    return { ...base, kind: "ingestion", trigger: INGESTION_TRIGGERS[String(data.reason)] ?? "schedule" };
  }
  if (queueName === QUEUE_NAMES.metricsRefresh && job.name === "refresh-batch") {
    return { ...base, kind: "metrics", trigger: manualOrSchedule };
  }
  if (queueName === QUEUE_NAMES.metricsRefresh && job.name === "refresh-profile") {
    return { ...base, kind: "profile", trigger: manualOrSchedule };
  }
  if (queueName === QUEUE_NAMES.tokenRefresh && job.name === "refresh-token") {
    return { ...base, kind: "token_refresh", trigger: "schedule" };
  }
  return null;
}

/** How a sync job's result reads as a run: skipped work, a refused token, or what it stored. */
export function summarizeSyncJob(result: unknown): SyncRunSummary {
  const r = (result ?? {}) as Record<string, unknown>;
  if (r.status === "skipped") return { outcome: "skipped" };
  if (r.status === "needs_reauth") {
    return {
      outcome: "failed",
      error: { code: "ACCOUNT_NEEDS_REAUTH", message: "TikTok refused the refresh token; the creator must reconnect." },
    };
  }
  const videos = firstNumber(r.videos, r.newVideos, r.refreshed);
  const pages = firstNumber(r.pages);
  const counts = { ...(videos === undefined ? {} : { videos }), ...(pages === undefined ? {} : { pages }) };
  return { outcome: "ok", counts };
}

function firstNumber(...values: unknown[]): number | undefined {
  return values.find((value): value is number => typeof value === "number" && Number.isInteger(value) && value >= 0);
}
