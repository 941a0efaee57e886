import { AppError, isAppError } from "@trendpot/errors";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { SandboxContext } from "../context";
import {
  AddVideosSchema,
  AuthorizeSchema,
  ClockSchema,
  CreatorInputSchema,
  FaultsSchema,
  ShortPagesSchema,
  VideoPatchSchema,
  WebhookSchema,
} from "../control-schemas";
import { invalidInput } from "../errors";
import type { SandboxScenario, SandboxWebhookDelivery } from "../types";

/** Parses a JSON body (empty = `{}`) against a schema; a bad body is a 400 naming what is wrong. */
function body<T extends z.ZodType>(schema: T, request: FastifyRequest): z.infer<T> {
  let value: unknown = {};
  if (typeof request.body === "string" && request.body.trim() !== "") {
    try {
      value = JSON.parse(request.body);
    } catch {
      throw invalidInput("the body is not JSON");
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidInput(z.prettifyError(parsed.error));
  return parsed.data;
}

type Params = { openId: string; videoId: string };
const p = (request: FastifyRequest) => request.params as Params;

/**
 * The scenario as JSON under `/__sandbox/…`, for tests in other processes (the CLI sandbox). Every route maps to
 * one scenario method; see the README for the table.
 */
export function registerControlRoutes(
  app: FastifyInstance,
  ctx: SandboxContext,
  scenario: SandboxScenario,
  url: () => string,
): void {
  app.get("/__sandbox/info", async () => ({
    url: url(),
    clientKey: ctx.options.clientKey,
    clientSecret: ctx.options.clientSecret,
    webhookSecret: ctx.options.webhookSecret,
    now: ctx.now(),
  }));
  app.get("/__sandbox/creators", async () => ({ creators: scenario.creators() }));
  app.post("/__sandbox/creators", async (request, reply) =>
    reply.code(201).send(scenario.addCreator(body(CreatorInputSchema, request))),
  );
  app.get("/__sandbox/creators/:openId/videos", async (request) => ({ videos: scenario.videos(p(request).openId) }));
  app.post("/__sandbox/creators/:openId/videos", async (request, reply) => {
    const input = body(AddVideosSchema, request);
    const videos = scenario.addVideos(p(request).openId, "count" in input ? input.count : input.videos);
    return reply.code(201).send({ videos });
  });
  app.patch("/__sandbox/videos/:videoId", async (request) =>
    scenario.updateVideo(p(request).videoId, body(VideoPatchSchema, request)),
  );
  app.put("/__sandbox/creators/:openId/short-pages", async (request) => {
    scenario.setShortPages(p(request).openId, body(ShortPagesSchema, request).pageSizes);
    return {};
  });
  const creatorAction = (path: string, action: (openId: string) => void) =>
    app.post(`/__sandbox/creators/:openId/${path}`, async (request) => {
      action(p(request).openId);
      return {};
    });
  creatorAction("expire-access-tokens", scenario.expireAccessTokens);
  creatorAction("expire-refresh-tokens", scenario.expireRefreshTokens);
  creatorAction("revoke", scenario.revokeAuthorization);

  registerRuntimeRoutes(app, scenario);
}

/** Authorize, faults, logs, webhooks and the clock. */
function registerRuntimeRoutes(app: FastifyInstance, scenario: SandboxScenario): void {
  app.post("/__sandbox/authorize", async (request) => {
    const input = body(AuthorizeSchema, request);
    return { location: await scenario.authorize(input) };
  });
  app.get("/__sandbox/faults", async () => scenario.faults());
  app.patch("/__sandbox/faults", async (request) => {
    scenario.setFaults(body(FaultsSchema, request));
    return scenario.faults();
  });
  app.delete("/__sandbox/faults", async () => {
    scenario.clearFaults();
    return scenario.faults();
  });
  app.get("/__sandbox/issued-tokens", async () => ({ tokens: scenario.issuedTokens() }));
  app.get("/__sandbox/requests", async () => ({ requests: scenario.requests() }));
  app.delete("/__sandbox/requests", async () => {
    scenario.clearRequests();
    return {};
  });
  app.post("/__sandbox/webhooks", async (request) => {
    const input = body(WebhookSchema, request);
    try {
      return await scenario.sendWebhook(input);
    } catch (error) {
      if (isAppError(error)) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new AppError("DEPENDENCY_UNAVAILABLE", { message: `webhook not delivered: ${reason}` });
    }
  });
  app.get(
    "/__sandbox/webhooks",
    async (): Promise<{ deliveries: SandboxWebhookDelivery[] }> => ({
      deliveries: scenario.webhookDeliveries(),
    }),
  );
  app.get("/__sandbox/clock", async () => ({ now: scenario.now() }));
  app.post("/__sandbox/clock", async (request) => {
    scenario.advanceClock(body(ClockSchema, request).advanceMs);
    return { now: scenario.now() };
  });
}
