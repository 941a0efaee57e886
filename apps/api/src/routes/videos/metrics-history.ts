import { AppError } from "@trendpot/errors";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../../deps";
import { loadAccount } from "../../lib/load";
import { API_KEY_SECURITY, ROLES } from "../../plugins/api-key-auth";
import { AccountIdParamsSchema } from "../accounts/read";
import { AUTHED_ERRORS, DateTimeQuery } from "../schemas";

const DAY_MS = 86_400_000;
// A year of daily points is plenty for a chart and bounds the work of one request.
const MAX_RANGE_DAYS = 366;

const RangeQuerySchema = z.object({ from: DateTimeQuery, to: DateTimeQuery });
const PointSchema = z.object({
  day: z.string(),
  views: z.number(),
  likes: z.number(),
  comments: z.number(),
  shares: z.number(),
});

function checkRange(from: Date, to: Date): void {
  if (from > to || to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    throw new AppError("VALIDATION_FAILED", {
      message: `from must be before to, at most ${MAX_RANGE_DAYS} days apart.`,
    });
  }
}

/** Metric history: one video's daily points, and an account's daily totals, over a date range. */
export function metricsHistoryRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const common = { tags: ["videos"], security: API_KEY_SECURITY };
  return async (app) => {
    app.get(
      "/v1/videos/:videoId/metrics",
      {
        config: { roles: ROLES.read },
        schema: {
          ...common,
          summary: "A video's metrics history (the last point of each day)",
          params: z.object({ videoId: z.string().regex(/^\d{1,32}$/) }),
          querystring: RangeQuerySchema,
          response: {
            200: z.object({ videoId: z.string(), points: z.array(PointSchema.extend({ at: z.string() })) }),
            ...AUTHED_ERRORS,
          },
        },
      },
      async (request) => {
        const { from, to } = request.query;
        checkRange(from, to);
        const video = await deps.videos.getById(request.params.videoId);
        if (!video) throw new AppError("NOT_FOUND", { message: "The video does not exist." });
        const points = await deps.metrics.history({ videoId: video._id, from, to, granularity: "day" });
        return {
          videoId: video._id,
          points: points.map((p) => ({
            day: p.day,
            at: p.at.toISOString(),
            views: p.views,
            likes: p.likes,
            comments: p.comments,
            shares: p.shares,
          })),
        };
      },
    );

    app.get(
      "/v1/accounts/:id/metrics/daily",
      {
        config: { roles: ROLES.read },
        schema: {
          ...common,
          summary: "An account's daily metric totals",
          params: AccountIdParamsSchema,
          querystring: RangeQuerySchema,
          response: {
            200: z.object({ accountId: z.string(), days: z.array(PointSchema.extend({ videos: z.number() })) }),
            ...AUTHED_ERRORS,
          },
        },
      },
      async (request) => {
        const { from, to } = request.query;
        checkRange(from, to);
        await loadAccount(deps, request.params.id);
        const days = await deps.metrics.accountDailyTotals({
          accountId: request.params.id,
          from: from.toISOString().slice(0, 10),
          to: to.toISOString().slice(0, 10),
        });
        return { accountId: request.params.id, days };
      },
    );
  };
}
