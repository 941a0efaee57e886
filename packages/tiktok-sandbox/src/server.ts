import formbody from "@fastify/formbody";
import { isAppError } from "@trendpot/errors";
import Fastify, { type FastifyInstance } from "fastify";
import { registerApiHooks } from "./api-hooks";
import { createContext, type SandboxContext } from "./context";

import { endpointError } from "./responses";
import { registerAuthorizeRoutes } from "./routes/authorize";
import { registerControlRoutes } from "./routes/control";
import { registerDisplayRoutes } from "./routes/display";
import { registerOauthRoutes } from "./routes/oauth";
import { registerOembedRoutes } from "./routes/oembed";
import { createScenario } from "./scenario";
import { seedStore } from "./seed";
import type { SandboxOptions, SandboxScenario, TikTokSandbox } from "./types";

async function buildApp(ctx: SandboxContext, scenario: SandboxScenario, url: () => string): Promise<FastifyInstance> {
  const app = Fastify({ logger: ctx.options.logger, routerOptions: { ignoreTrailingSlash: true } });
  await app.register(formbody);
  // Bodies other than forms reach the routes as raw strings, so the sandbox (not Fastify) decides what a bad
  // JSON body answers: TikTok's invalid_params for the Display API, a 400 for the control API.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser(["application/json", "*"], { parseAs: "string" }, (_request, raw, done) => done(null, raw));
  app.decorateRequest("sbx");
  registerApiHooks(app, ctx);
  registerAuthorizeRoutes(app, ctx);
  registerOauthRoutes(app, ctx);
  registerDisplayRoutes(app, ctx);
  registerOembedRoutes(app, ctx);
  registerControlRoutes(app, ctx, scenario, url);

  app.setErrorHandler((error, request, reply) => {
    if (isAppError(error)) {
      return reply.code(error.status).send({ error: { code: error.code, message: error.message } });
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) request.log.error(error);
    const code = status >= 500 ? "internal_error" : status === 429 ? "rate_limit_exceeded" : "invalid_params";
    return endpointError(
      ctx,
      request,
      reply,
      status,
      code,
      status >= 500 || !(error instanceof Error) ? "Internal error." : error.message,
    );
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: { code: "not_found", message: `No sandbox route for ${request.method} ${request.url.split("?")[0]}` },
    }),
  );
  return app;
}

/**
 * Starts a TikTok simulator (OAuth v2 pages and token endpoint, Display API, oEmbed, webhooks, faults) listening
 * on `host:port`. See the package README for behaviours and the control API.
 */
export async function createTikTokSandbox(options: SandboxOptions = {}): Promise<TikTokSandbox> {
  const ctx = createContext(options);
  if (ctx.options.seed) seedStore(ctx.store, Math.floor(ctx.now() / 1000));
  const scenario = createScenario(ctx);
  let url = "";
  const app = await buildApp(ctx, scenario, () => url);
  try {
    await app.listen({ host: ctx.options.host, port: ctx.options.port });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : ctx.options.port;
  const host = ctx.options.host.includes(":") ? `[${ctx.options.host}]` : ctx.options.host;
  url = `http://${host}:${port}`;
  let closed: Promise<void> | undefined;
  return {
    url,
    clientKey: ctx.options.clientKey,
    clientSecret: ctx.options.clientSecret,
    webhookSecret: ctx.options.webhookSecret,
    scenario,
    close: () => {
      closed ??= (async () => {
        ctx.closing.abort();
        await app.close();
        await ctx.webhooks.close();
      })();
      return closed;
    },
  };
}
