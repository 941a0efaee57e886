import { revokeAccount, revokeDeps } from "@trendpot/core";
import { AppError } from "@trendpot/errors";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../../deps";
import { actorOf } from "../../lib/actor";
import { requireRedis } from "../../lib/redis-client";
import { API_KEY_SECURITY, ROLES } from "../../plugins/api-key-auth";
import { rateLimitFor } from "../../plugins/rate-limit";
import { AUTHED_ERRORS } from "../schemas";
import { AccountIdParamsSchema } from "./read";

const RevokeRequestSchema = z.object({ reason: z.string().trim().min(3).max(500) });
const RevokeResponseSchema = z.object({
  accountId: z.string(),
  status: z.literal("revoked"),
  alreadyRevoked: z.boolean(),
  tiktokRevoke: z.enum(["revoked", "failed", "skipped"]),
  cancelledJobs: z.number(),
  prunedVideos: z.number(),
});

/** `POST /v1/accounts/:id/revoke`: flow 5 with the caller as actor. Idempotent. */
export function revokeRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/v1/accounts/:id/revoke",
      {
        config: { roles: ROLES.platform, rateLimit: rateLimitFor(deps.config, "sync") },
        schema: {
          tags: ["accounts"],
          summary: "Revoke an account: TikTok revoke, tokens cleared, jobs cancelled, videos pruned, audited",
          security: API_KEY_SECURITY,
          params: AccountIdParamsSchema,
          body: RevokeRequestSchema,
          response: { 200: RevokeResponseSchema, ...AUTHED_ERRORS },
        },
      },
      async (request) => {
        // Fail closed before the first step: a revoke that stops part-way would clear the tokens (so a retry
        // could no longer revoke at TikTok) yet leave jobs queued and the platform untold.
        await requireRedis(deps.redis);
        const result = await revokeAccount(revokeDeps(deps, deps.logger), {
          accountId: request.params.id,
          actor: actorOf(request),
          reason: request.body.reason,
          requestId: request.id,
          revokeAtTikTok: true,
        });
        if (!result) throw new AppError("NOT_FOUND", { message: "The TikTok account does not exist." });
        return { ...result, status: "revoked" as const };
      },
    );
  };
}
