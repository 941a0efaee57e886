import { AppError } from "@trendpot/errors";
import { QUEUE_NAMES, type QueueName } from "@trendpot/jobs";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../../deps";
import { actorOf } from "../../lib/actor";
import { API_KEY_SECURITY, ROLES } from "../../plugins/api-key-auth";
import { rateLimitFor } from "../../plugins/rate-limit";
import { AUTHED_ERRORS } from "../schemas";
import { queuesByName } from "./queues";

const QueueNameSchema = z.enum(Object.values(QUEUE_NAMES) as [QueueName, ...QueueName[]]);
const FailedJobSchema = z.object({
  queue: z.string(),
  id: z.string(),
  name: z.string(),
  accountId: z.string().optional(),
  failedReason: z.string(),
  attemptsMade: z.number(),
  createdAt: z.string(),
  failedAt: z.string().optional(),
});

/** Failed jobs with their error, and a replay action (audited). */
export function failedJobRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const common = { tags: ["ops"], security: API_KEY_SECURITY };
  return async (app) => {
    app.get(
      "/v1/ops/failed-jobs",
      {
        config: { roles: ROLES.ops },
        schema: {
          ...common,
          summary: "Failed jobs of one queue, newest first",
          querystring: z.object({ queue: QueueNameSchema, limit: z.coerce.number().int().min(1).max(100).default(50) }),
          response: { 200: z.object({ items: z.array(FailedJobSchema) }), ...AUTHED_ERRORS },
        },
      },
      async (request) => {
        const queue = queuesByName(deps)[request.query.queue];
        const jobs = await queue.getFailed(0, request.query.limit - 1);
        return {
          items: jobs.filter(Boolean).map((job) => {
            const accountId = (job.data as { accountId?: unknown }).accountId;
            return {
              queue: queue.name,
              id: String(job.id),
              name: job.name,
              ...(typeof accountId === "string" ? { accountId } : {}),
              // Our errors carry codes and safe messages only; cap the length for the listing.
              failedReason: (job.failedReason ?? "").slice(0, 500),
              attemptsMade: job.attemptsMade,
              createdAt: new Date(job.timestamp).toISOString(),
              ...(job.finishedOn ? { failedAt: new Date(job.finishedOn).toISOString() } : {}),
            };
          }),
        };
      },
    );

    app.post(
      "/v1/ops/failed-jobs/:queue/:jobId/replay",
      {
        config: { roles: ROLES.ops, rateLimit: rateLimitFor(deps.config, "sync") },
        schema: {
          ...common,
          summary: "Replay a failed job",
          params: z.object({ queue: QueueNameSchema, jobId: z.string().min(1).max(300) }),
          body: z.object({ reason: z.string().trim().min(3).max(500) }),
          response: { 202: z.object({ queue: z.string(), id: z.string(), state: z.string() }), ...AUTHED_ERRORS },
        },
      },
      async (request, reply) => {
        const queue = queuesByName(deps)[request.params.queue];
        const job = await queue.getJob(request.params.jobId);
        if (!job) throw new AppError("NOT_FOUND", { message: "The job does not exist." });
        if (!(await job.isFailed())) throw new AppError("CONFLICT", { message: "Only failed jobs can be replayed." });
        await job.retry("failed");
        await deps.auditWriter({
          actor: actorOf(request),
          action: "job.replayed",
          ...(typeof job.data?.accountId === "string" ? { target: { accountId: job.data.accountId } } : {}),
          reason: request.body.reason,
          requestId: request.id,
          details: { queue: queue.name, jobId: String(job.id), name: job.name },
        });
        return reply.status(202).send({ queue: queue.name, id: String(job.id), state: await job.getState() });
      },
    );

    app.post(
      "/v1/ops/key-rotation/re-encrypt",
      {
        config: { roles: ROLES.ops, rateLimit: rateLimitFor(deps.config, "sync") },
        schema: {
          ...common,
          summary: "After a key rotation: queue the re-encryption of every stored credential under the current key",
          body: z.object({ reason: z.string().trim().min(3).max(500) }),
          response: { 202: z.object({ queue: z.string(), id: z.string(), keyId: z.string() }), ...AUTHED_ERRORS },
        },
      },
      async (request, reply) => {
        const job = await deps.queues.enqueueMaintenance({ task: "reencrypt-credentials" }, { key: request.id });
        await deps.auditWriter({
          actor: actorOf(request),
          action: "keys.reencrypt_requested",
          reason: request.body.reason,
          requestId: request.id,
          details: { keyId: deps.cipher.currentKeyId, jobId: String(job.id) },
        });
        return reply
          .status(202)
          .send({ queue: deps.queues.maintenance.name, id: String(job.id), keyId: deps.cipher.currentKeyId });
      },
    );
  };
}
