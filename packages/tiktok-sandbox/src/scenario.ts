import { decide, defaultOpenId, validateAuthorize } from "./authorize-flow";
import type { SandboxContext } from "./context";
import { invalidInput } from "./errors";
import type { SandboxScenario, VideoInput } from "./types";

/** Query of an authorize URL as Fastify would parse it (a repeated key becomes an array). */
function queryOf(authorizeUrl: string): Record<string, unknown> {
  let url: URL;
  try {
    url = new URL(authorizeUrl);
  } catch {
    throw invalidInput("authorizeUrl is not a URL");
  }
  const query: Record<string, unknown> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0] : values;
  }
  return query;
}

/** The scenario API over one sandbox's state; the control routes call the same object. */
export function createScenario(ctx: SandboxContext): SandboxScenario {
  const nowSec = () => Math.floor(ctx.now() / 1000);
  const scenario: SandboxScenario = {
    addCreator: (input = {}) => ctx.store.creatorView(ctx.store.addCreator(input), nowSec()),
    addVideos: (openId, videos) => {
      const inputs: Partial<VideoInput>[] =
        typeof videos === "number" ? Array.from({ length: videos }, () => ({})) : videos;
      return ctx.store.addVideos(openId, inputs, nowSec()).map((video) => ctx.store.videoView(video, nowSec()));
    },
    updateVideo: (videoId, patch) => ctx.store.videoView(ctx.store.updateVideo(videoId, patch), nowSec()),
    creators: () => [...ctx.store.creators.values()].map((creator) => ctx.store.creatorView(creator, nowSec())),
    videos: (openId) => {
      ctx.store.creator(openId);
      return ctx.store.videosOf(openId).map((video) => ctx.store.videoView(video, nowSec()));
    },
    setShortPages: (openId, pageSizes) => {
      if (pageSizes?.some((size) => !Number.isInteger(size) || size < 0)) {
        throw invalidInput("page sizes are non-negative integers");
      }
      ctx.store.setShortPages(openId, pageSizes);
    },
    authorize: async ({ authorizeUrl, openId, grantedScopes, deny }) => {
      const validation = validateAuthorize(ctx, queryOf(authorizeUrl));
      if (!validation.ok) {
        throw invalidInput(`the authorize page rejects the request; correct: ${validation.problems.join(", ")}`);
      }
      const request = validation.request;
      if (deny) return decide(ctx, request, { approve: false });
      return decide(ctx, request, {
        approve: true,
        openId: openId ?? defaultOpenId(ctx, request),
        grantedScopes: grantedScopes ?? request.scopes,
      });
    },
    setFaults: (faults) => ctx.faults.set(faults),
    clearFaults: () => ctx.faults.clear(),
    faults: () => ctx.faults.snapshot(),
    expireAccessTokens: (openId) => {
      ctx.store.creator(openId);
      ctx.tokens.expireCreator(openId, "access", ctx.now());
    },
    expireRefreshTokens: (openId) => {
      ctx.store.creator(openId);
      ctx.tokens.expireCreator(openId, "refresh", ctx.now());
    },
    revokeAuthorization: (openId) => {
      ctx.store.creator(openId);
      ctx.tokens.revokeCreator(openId);
    },
    issuedTokens: () => [...ctx.tokens.issued],
    requests: () => ctx.store.requests.map((entry) => ({ ...entry })),
    clearRequests: () => {
      ctx.store.requests.length = 0;
    },
    sendWebhook: (input) => ctx.webhooks.send(input),
    webhookDeliveries: () => ctx.webhooks.deliveries.map((delivery) => ({ ...delivery })),
    advanceClock: (ms) => ctx.advanceClock(ms),
    now: () => ctx.now(),
  };
  return scenario;
}
