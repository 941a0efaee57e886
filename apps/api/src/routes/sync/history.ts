import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../../deps";
import { loadAccount } from "../../lib/load";
import { API_KEY_SECURITY, ROLES } from "../../plugins/api-key-auth";
import { AccountIdParamsSchema } from "../accounts/read";
import { AUTHED_ERRORS, PageQuerySchema } from "../schemas";

const SyncRunViewSchema = z.object({
  id: z.string(),
  kind: z.string(),
  trigger: z.string(),
  jobId: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  outcome: z.string().optional(),
  counts: z.record(z.string(), z.number()).optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /** TikTok's log ids of the run's calls (the first 20), for TikTok support. */
  tiktokLogIds: z.array(z.string()).optional(),
  /** When the run is deleted (the sync log's retention). */
  expiresAt: z.string().optional(),
});

/** `GET /v1/accounts/:id/sync-runs`: the account's sync history, newest first. */
export function syncHistoryRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/v1/accounts/:id/sync-runs",
      {
        config: { roles: ROLES.platform },
        schema: {
          tags: ["sync"],
          summary: "Sync history (ingestion, metrics, profile, token refresh runs)",
          security: API_KEY_SECURITY,
          params: AccountIdParamsSchema,
          querystring: PageQuerySchema,
          response: {
            200: z.object({ items: z.array(SyncRunViewSchema), nextCursor: z.string().optional() }),
            ...AUTHED_ERRORS,
          },
        },
      },
      async (request) => {
        await loadAccount(deps, request.params.id);
        const { limit, cursor } = request.query;
        const page = await deps.syncRuns.listByAccount({
          accountId: request.params.id,
          limit,
          ...(cursor ? { cursor } : {}),
        });
        return {
          items: page.items.map((run) => ({
            id: run._id,
            kind: run.kind,
            trigger: run.trigger,
            jobId: run.jobId,
            startedAt: run.startedAt.toISOString(),
            finishedAt: run.finishedAt?.toISOString(),
            outcome: run.outcome,
            counts: run.counts as Record<string, number> | undefined,
            error: run.error,
            tiktokLogIds: run.tiktokLogIds,
            expiresAt: run.expiresAt?.toISOString(),
          })),
          ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        };
      },
    );
  };
}
