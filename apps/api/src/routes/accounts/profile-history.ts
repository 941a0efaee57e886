import { PROFILE_BUCKETS, type ProfileBucket } from "@trendpot/db";
import { AppError } from "@trendpot/errors";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../../deps";
import { loadAccount } from "../../lib/load";
import { API_KEY_SECURITY, ROLES } from "../../plugins/api-key-auth";
import { AUTHED_ERRORS, DateTimeQuery } from "../schemas";
import { AccountIdParamsSchema } from "./read";

const DAY_MS = 86_400_000;
// Bounds the points of one answer (and the work behind it): at most a month of hours, or a year of days or weeks.
const MAX_RANGE_DAYS: Record<ProfileBucket, number> = { hour: 31, day: 366, week: 366 };

const ProfileHistoryQuerySchema = z.object({
  from: DateTimeQuery,
  to: DateTimeQuery,
  bucket: z.enum(PROFILE_BUCKETS).default("day"),
});

const Count = z.number().int().nonnegative().optional();
const ProfileHistoryResponseSchema = z.object({
  accountId: z.string(),
  bucket: z.enum(PROFILE_BUCKETS),
  points: z.array(
    z.object({
      /** Start of the bucket (UTC). */
      at: z.string(),
      followerCount: Count,
      followingCount: Count,
      likesCount: Count,
      videoCount: Count,
    }),
  ),
});

/** `GET /v1/accounts/:id/profile/history`: follower, following, likes and video counts over time. */
export function profileHistoryRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/v1/accounts/:id/profile/history",
      {
        config: { roles: ROLES.read },
        schema: {
          tags: ["accounts"],
          summary: "An account's profile counts over time (followers, following, likes, videos)",
          description:
            "One point per UTC `hour`, `day` (default) or `week` (starting Monday) that holds a profile sync: the " +
            "counts of the last sync in it. Counts TikTok did not send (no `user.info.stats` scope) are left out. " +
            "`from` must be before `to`, at most 31 days apart for hours and 366 days otherwise.",
          security: API_KEY_SECURITY,
          params: AccountIdParamsSchema,
          querystring: ProfileHistoryQuerySchema,
          response: { 200: ProfileHistoryResponseSchema, ...AUTHED_ERRORS },
        },
      },
      async (request) => {
        const { from, to, bucket } = request.query;
        const maxDays = MAX_RANGE_DAYS[bucket];
        if (from > to || to.getTime() - from.getTime() > maxDays * DAY_MS) {
          throw new AppError("VALIDATION_FAILED", {
            message: `from must be before to, at most ${maxDays} days apart for ${bucket} buckets.`,
          });
        }
        const account = await loadAccount(deps, request.params.id);
        const points = await deps.profileHistory.history({ accountId: account._id, from, to, bucket });
        return {
          accountId: account._id,
          bucket,
          points: points.map(({ at, ...counts }) => ({ at: at.toISOString(), ...counts })),
        };
      },
    );
  };
}
