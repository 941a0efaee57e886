import { VIDEO_SORTS } from "@trendpot/db";
import { AppError } from "@trendpot/errors";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../../deps";
import { loadAccount } from "../../lib/load";
import { pageBody, sendJson } from "../../lib/page-body";
import { API_KEY_SECURITY, ROLES } from "../../plugins/api-key-auth";
import { toVideoView, VideoViewSchema } from "../../views/resources";
import { AccountIdParamsSchema } from "../accounts/read";
import { AUTHED_ERRORS, PageQuerySchema } from "../schemas";

const VideoIdParamsSchema = z.object({ videoId: z.string().regex(/^\d{1,32}$/, "must be a TikTok video id") });
const ListVideosQuerySchema = PageQuerySchema.extend({
  sort: z.enum(VIDEO_SORTS).default("createTime"),
  order: z.enum(["asc", "desc"]).default("desc"),
});
const VideosPageSchema = z.object({ items: z.array(VideoViewSchema), nextCursor: z.string().optional() });
const TotalsSchema = z.object({
  accountId: z.string(),
  videos: z.number(),
  views: z.number(),
  likes: z.number(),
  comments: z.number(),
  shares: z.number(),
});

/** Video (submission) reads: a page per account, one video, account totals. */
export function videoReadRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const common = { tags: ["videos"], security: API_KEY_SECURITY };
  return async (app) => {
    app.get(
      "/v1/accounts/:id/videos",
      {
        config: { roles: ROLES.read },
        schema: {
          ...common,
          summary: "An account's videos, sorted by create time or a metric",
          params: AccountIdParamsSchema,
          querystring: ListVideosQuerySchema,
          response: { 200: VideosPageSchema, ...AUTHED_ERRORS },
        },
      },
      async (request, reply) => {
        const { sort, order, limit, cursor } = request.query;
        const page = await deps.videos.listByAccount({
          accountId: request.params.id,
          sort,
          order,
          limit,
          ...(cursor ? { cursor } : {}),
        });
        if (page.items.length === 0 && !cursor) await loadAccount(deps, request.params.id);
        const body = pageBody(reply, page, ({ items, nextCursor }) => ({
          items: items.map(toVideoView),
          ...(nextCursor ? { nextCursor } : {}),
        }));
        return sendJson(reply, body);
      },
    );

    app.get(
      "/v1/videos/:videoId",
      {
        config: { roles: ROLES.read },
        schema: {
          ...common,
          summary: "One video with its sanitized embed and latest metrics",
          params: VideoIdParamsSchema,
          response: { 200: VideoViewSchema, ...AUTHED_ERRORS },
        },
      },
      async (request) => {
        const video = await deps.videos.getById(request.params.videoId);
        if (!video || video.removedAt) throw new AppError("NOT_FOUND", { message: "The video does not exist." });
        return toVideoView(video);
      },
    );

    app.get(
      "/v1/accounts/:id/totals",
      {
        config: { roles: ROLES.read },
        schema: {
          ...common,
          summary: "Sums of the latest metrics over the account's videos",
          params: AccountIdParamsSchema,
          response: { 200: TotalsSchema, ...AUTHED_ERRORS },
        },
      },
      async (request) => {
        await loadAccount(deps, request.params.id);
        return { accountId: request.params.id, ...(await deps.videos.accountTotals(request.params.id)) };
      },
    );
  };
}
