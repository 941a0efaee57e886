import { AppError } from "@trendpot/errors";
import { MAX_VIDEO_IDS_PER_BATCH } from "@trendpot/jobs";
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

// Manual metric refreshes share one job id per account and minute: a double click does not double the calls.
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
    const job = await deps.queues.enqueueProfileRefresh({ accountId }, { key: requestId });
    return [{ queue: deps.queues.metricsRefresh.name, id: String(job.id) }];
  }
  const targets = await deps.videos.listForRefresh(accountId);
  const cycle = Math.floor(deps.now().getTime() / MANUAL_CYCLE_MS);
  const jobs: { queue: string; id: string }[] = [];
  for (let start = 0; start < targets.length; start += MAX_VIDEO_IDS_PER_BATCH) {
    const videoIds = targets.slice(start, start + MAX_VIDEO_IDS_PER_BATCH).map((target) => target.id);
    const job = await deps.queues.enqueueMetricsBatch({ accountId, videoIds, cycle });
    jobs.push({ queue: deps.queues.metricsRefresh.name, id: String(job.id) });
  }
  return jobs;
}
