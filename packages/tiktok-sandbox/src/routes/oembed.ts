import type { FastifyInstance } from "fastify";
import type { SandboxContext } from "../context";
import { makeHostile, oembedResponse } from "../embed";
import { oembedError } from "../responses";
import { isVisible } from "../state/store";

const TIKTOK_HOSTS = new Set(["www.tiktok.com", "tiktok.com", "m.tiktok.com"]);

/** The video id of a `https://www.tiktok.com/@user/video/<id>` URL (query string allowed), or undefined. */
export function videoIdOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" || !TIKTOK_HOSTS.has(parsed.hostname)) return undefined;
    return /^\/@[^/]+\/video\/(\d{1,20})\/?$/.exec(parsed.pathname)?.[1];
  } catch {
    return undefined;
  }
}

/** `GET /oembed?url=…` as served by www.tiktok.com: public, no auth, not rate-limited. */
export function registerOembedRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get("/oembed", { config: { endpoint: "oembed" } }, async (request, reply) => {
    const url = (request.query as Record<string, unknown>).url;
    if (typeof url !== "string" || url === "")
      return oembedError(request, reply, 400, "The url parameter is required.");
    const videoId = videoIdOf(url);
    const failure = ctx.faults.takeOembedFailure(videoId);
    if (failure !== undefined) {
      request.sbx.fault = "oembed_failure";
      return oembedError(request, reply, failure, "Something went wrong");
    }
    if (!videoId) return oembedError(request, reply, 400, "The url is not a TikTok video URL.");
    const nowSec = Math.floor(ctx.now() / 1000);
    const video = ctx.store.videos.get(videoId);
    if (!video || !isVisible(video, nowSec)) {
      return oembedError(request, reply, 404, "The video does not exist, is private or cannot be embedded.");
    }
    const creator = ctx.store.creator(video.openId);
    request.sbx.openId = creator.openId;
    const response = oembedResponse(video, creator, nowSec);
    const hostile = ctx.faults.hostileOembed(videoId);
    if (hostile === undefined) return reply.send(response);
    request.sbx.fault = "hostile_oembed";
    return reply.send(makeHostile(response, hostile));
  });
}
