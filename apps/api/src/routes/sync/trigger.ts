import { AppError } from "@trendpot/errors";
import { chunked, jobIdFor, MAX_VIDEO_IDS_PER_METRICS_JOB } from "@trendpot/jobs";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../../deps";
import { actorOf } from "../../lib/actor";
import { loadAccount } from "../../lib/load";
import { API_KEY_SECURITY, ROLES } from "../../plugins/api-key-auth";
import { rateLimitFor } from "../../plugins/rate-limit";
import { AccountIdParamsSchema } from "../accounts/read";
import { AUTHED_ERRORS, ErrorResponseSchema } from "../schemas";

const TriggerRequestSchema = z.object({
  kind: z.enum(["ingestion", "metrics", "profile"]),
  reason: z.string().trim().max(500).optional(),
});
const TriggerResponseSchema = z.object({
  accountId: z.string(),
  kind: z.string(),
  jobs: z.array(z.object({ queue: z.string(), id: z.string() })),
});

// Manual metric refreshes share one job id per account and clock minute: a double click does not double the
// calls, and the second click is told so (409 naming the jobs already queued) instead of a 202 that did nothing.
const MANUAL_CYCLE_MS = 60_000;

/** `POST /v1/accounts/:id/sync`: queue an ingestion, a metrics refresh or a profile refresh now. */
export function syncTriggerRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/v1/accounts/:id/sync",
      {
        config: { roles: ROLES.platform, rateLimit: rateLimitFor(deps.config, "sync") },
        schema: {
          tags: ["sync"],
          summary: "Trigger ingestion or a refresh for one account",
          security: API_KEY_SECURITY,
          params: AccountIdParamsSchema,
          body: TriggerRequestSchema,
          description:
            "A `metrics` sync is queued at most once per account and clock minute. A repeat within the same minute " +
            "answers 409 `CONFLICT` with `details.jobs` (the batches already queued, with their state) and " +
            "`details.retryAfterSec` (seconds until the next minute); nothing new is queued or audited.",
          response: { 202: TriggerResponseSchema, 409: ErrorResponseSchema, ...AUTHED_ERRORS },
        },
      },
      async (request, reply) => {
        const account = await loadAccount(deps, request.params.id);
        if (account.status === "needs_reauth") throw new AppError("ACCOUNT_NEEDS_REAUTH");
        if (account.status !== "active") throw new AppError("ACCOUNT_NOT_ACTIVE");
        const { kind } = request.body;
        if (kind !== "profile" && !account.grantedScopes.includes("video.list")) {
          throw new AppError("CONFLICT", {
            message: "The creator did not grant video.list.",
            details: { missingScope: "video.list" },
          });
        }
        const jobs = await enqueue(deps, account._id, kind, request.id);
        await deps.auditWriter({
          actor: actorOf(request),
          action: "sync.triggered",
          target: { accountId: account._id, userId: account.userId },
          ...(request.body.reason ? { reason: request.body.reason } : {}),
          requestId: request.id,
          details: { kind, jobs: jobs.length },
        });
        return reply.status(202).send({ accountId: account._id, kind, jobs });
      },
    );
  };
}

async function enqueue(deps: ApiDeps, accountId: string, kind: "ingestion" | "metrics" | "profile", requestId: string) {
  if (kind === "ingestion") {
    const job = await deps.queues.enqueueIngestion({ accountId, reason: "manual", requestId }, { key: requestId });
    return [{ queue: deps.queues.ingestion.name, id: String(job.id) }];
  }
  if (kind === "profile") {
    const job = await deps.queues.enqueueProfileRefresh({ accountId, trigger: "manual" }, { key: requestId });
    return [{ queue: deps.queues.metricsRefresh.name, id: String(job.id) }];
  }
  const targets = await deps.videos.listForRefresh(accountId);
  const nowMs = deps.now().getTime();
  const cycle = Math.floor(nowMs / MANUAL_CYCLE_MS);
  const batches = chunked(
    targets.map((target) => target.id),
    MAX_VIDEO_IDS_PER_METRICS_JOB,
  );
  await refuseRepeatedMetricsSync(deps, accountId, cycle, batches, nowMs);
  const jobs: { queue: string; id: string }[] = [];
  for (const videoIds of batches) {
    const job = await deps.queues.enqueueMetricsBatch({ accountId, videoIds, cycle, trigger: "manual" });
    jobs.push({ queue: deps.queues.metricsRefresh.name, id: String(job.id) });
  }
  return jobs;
}

/**
 * 409 when this minute's batches are all queued already (waiting, running or done). Two requests racing in the
 * same instant may both pass this check; the deterministic job ids still make the second one's adds no-ops.
 */
async function refuseRepeatedMetricsSync(
  deps: ApiDeps,
  accountId: string,
  cycle: number,
  batches: string[][],
  nowMs: number,
): Promise<void> {
  if (batches.length === 0) return;
  const queue = deps.queues.metricsRefresh;
  const existing = await Promise.all(
    batches.map(async (videoIds) => {
      const job = await queue.getJob(jobIdFor.metricsBatch(accountId, cycle, videoIds));
      return job ? { queue: queue.name, id: String(job.id), state: await job.getState() } : undefined;
    }),
  );
  if (existing.some((job) => job === undefined)) return;
  throw new AppError("CONFLICT", {
    message: "A metrics refresh for this account was already queued this minute.",
    details: { jobs: existing, retryAfterSec: Math.max(1, Math.ceil(((cycle + 1) * MANUAL_CYCLE_MS - nowMs) / 1000)) },
  });
}
