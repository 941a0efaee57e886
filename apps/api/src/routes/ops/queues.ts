import { oldestWaitingAgeMs, QUEUE_NAMES, type QueueName } from "@trendpot/jobs";
import type { Queue } from "bullmq";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../../deps";
import { API_KEY_SECURITY, ROLES } from "../../plugins/api-key-auth";
import { AUTHED_ERRORS } from "../schemas";

const QueueStatsSchema = z.object({
  queue: z.string(),
  waiting: z.number(),
  active: z.number(),
  failed: z.number(),
  delayed: z.number(),
  prioritized: z.number(),
  oldestWaitingAgeMs: z.number().nullable(),
});

const BudgetSchema = z.object({
  limits: z.object({ perMinute: z.number(), perDay: z.number(), maxInFlight: z.number() }),
  usedInWindow: z.number(),
  remainingInWindow: z.number(),
  usedToday: z.number(),
  remainingToday: z.number(),
  remainingTodayFor: z.record(z.string(), z.number()),
  inFlight: z.number(),
  pausedUntil: z.string().optional(),
  pauseReason: z.string().optional(),
});

/** The queues this service owns, by name. */
export function queuesByName(deps: ApiDeps): Record<QueueName, Queue> {
  return {
    [QUEUE_NAMES.ingestion]: deps.queues.ingestion,
    [QUEUE_NAMES.metricsRefresh]: deps.queues.metricsRefresh,
    [QUEUE_NAMES.tokenRefresh]: deps.queues.tokenRefresh,
    [QUEUE_NAMES.maintenance]: deps.queues.maintenance,
    [QUEUE_NAMES.webhooks]: deps.queues.webhooks,
  } as Record<QueueName, Queue>;
}

export async function statsOf(queue: Queue, now: number): Promise<z.infer<typeof QueueStatsSchema>> {
  const counts = await queue.getJobCounts("waiting", "active", "failed", "delayed", "prioritized");
  const oldestWaitingMs = await oldestWaitingAgeMs(queue, now);
  return {
    queue: queue.name,
    waiting: counts.waiting ?? 0,
    active: counts.active ?? 0,
    failed: counts.failed ?? 0,
    delayed: counts.delayed ?? 0,
    prioritized: counts.prioritized ?? 0,
    oldestWaitingAgeMs: oldestWaitingMs,
  };
}

/** Ops views: queue depth and age, and the global TikTok budget. */
export function opsStatsRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const common = { tags: ["ops"], security: API_KEY_SECURITY };
  return async (app) => {
    app.get(
      "/v1/ops/queues",
      {
        config: { roles: ROLES.ops },
        schema: {
          ...common,
          summary: "Queue stats",
          response: { 200: z.object({ queues: z.array(QueueStatsSchema) }), ...AUTHED_ERRORS },
        },
      },
      async () => {
        const now = deps.now().getTime();
        return { queues: await Promise.all(Object.values(queuesByName(deps)).map((queue) => statsOf(queue, now))) };
      },
    );

    app.get(
      "/v1/ops/budget",
      {
        config: { roles: ROLES.ops },
        schema: {
          ...common,
          summary: "The global TikTok budget: remaining this minute and today",
          response: { 200: BudgetSchema, ...AUTHED_ERRORS },
        },
      },
      async () => {
        const state = await deps.budget.state();
        const { perMinute, perDay, maxInFlight } = deps.budget.limits;
        return {
          limits: { perMinute, perDay, maxInFlight },
          usedInWindow: state.usedInWindow,
          remainingInWindow: state.remainingInWindow,
          usedToday: state.usedToday,
          remainingToday: state.remainingToday,
          remainingTodayFor: state.remainingTodayFor,
          inFlight: state.inFlight,
          ...(state.pausedUntil
            ? { pausedUntil: new Date(state.pausedUntil).toISOString(), pauseReason: state.pauseReason }
            : {}),
        };
      },
    );
  };
}
