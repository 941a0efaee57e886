// The servers api-server-child.ts can run: the real api, the api with its hot reads from memory, and the bare
// route alone or with one of the api's own plugins (registered by the api's code, with the api's options).

import type { AddressInfo } from "node:net";
import { buildApp } from "@trendpot/api/src/app";
import { loadConfig } from "@trendpot/api/src/config";
import { createDeps } from "@trendpot/api/src/deps";
import { ROLES, registerApiKeyAuth } from "@trendpot/api/src/plugins/api-key-auth";
import { registerRequestLogging, withSafeRequestLogging } from "@trendpot/api/src/plugins/log-serializers";
import { registerRateLimit } from "@trendpot/api/src/plugins/rate-limit";
import { registerSecurityHeaders } from "@trendpot/api/src/plugins/security-headers";
import { responseSerializerCompiler } from "@trendpot/api/src/plugins/serializer";
import { AccountViewSchema, VideoViewSchema } from "@trendpot/api/src/views/resources";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, LogController } from "fastify";
import { Redis } from "ioredis";
import { z } from "zod";

interface Running {
  port: number;
  close(): Promise<void>;
}

async function listen(app: FastifyInstance, close: () => Promise<void>): Promise<Running> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  return { port: (app.server.address() as AddressInfo).port, close };
}

function kmsCredentials() {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = process.env;
  return accessKeyId && secretAccessKey ? { kmsCredentials: { accessKeyId, secretAccessKey } } : {};
}

/** The real api on the environment's services; `stubbed` answers the two benchmarked reads from memory. */
export async function startApi(variant: "api" | "stubbed", logger: FastifyBaseLogger): Promise<Running> {
  const config = loadConfig(process.env);
  const deps = await createDeps(config, logger, kmsCredentials());
  let app: FastifyInstance;
  if (variant === "api") app = await buildApp(deps);
  else {
    const accountId = z.string().parse(process.env.BENCH_ACCOUNT);
    const accountsPage = await deps.accounts.list({ limit: 50 });
    const videosPage = await deps.videos.listByAccount({ accountId, sort: "createTime", order: "desc", limit: 50 });
    app = await buildApp({
      ...deps,
      accounts: { ...deps.accounts, list: async () => accountsPage },
      videos: { ...deps.videos, listByAccount: async () => videosPage },
    });
  }
  return listen(app, async () => {
    await app.close();
    await deps.close();
  });
}

// For `bare+zod`: the answers' schemas, so the recorded JSON goes through the api's response serializer.
const PageSchemas = {
  accounts: z.object({ items: z.array(AccountViewSchema), nextCursor: z.string().optional() }),
  videos: z.object({ items: z.array(VideoViewSchema), nextCursor: z.string().optional() }),
};

/** The bare route serving `bodies` (path → recorded answer), with at most one of the api's plugins. */
export async function startBare(
  variant: string,
  bodies: Record<string, string>,
  logger: () => FastifyBaseLogger,
): Promise<Running> {
  const app =
    variant === "bare+logging"
      ? Fastify({
          loggerInstance: withSafeRequestLogging(logger()),
          logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: "requestId" }),
        })
      : Fastify({ logger: false });
  let redis: Redis | undefined;
  const config = loadConfig(process.env);
  if (variant === "bare+logging") registerRequestLogging(app);
  if (variant === "bare+helmet") registerSecurityHeaders(app);
  if (variant === "bare+auth" || variant === "bare+rate-limit") {
    redis = new Redis(z.string().parse(process.env.REDIS_URL), { commandTimeout: 2_000 });
    // The limiter keys callers by the key the auth hook resolved, as in the api.
    registerApiKeyAuth(app, {
      keys: config.apiKeys,
      redis,
      redisPrefix: config.REDIS_PREFIX,
      maxFailuresPerWindow: config.AUTH_FAILURES_PER_15MIN,
    });
    if (variant === "bare+rate-limit") await registerRateLimit(app, config, redis);
  }
  if (variant === "bare+zod") app.setSerializerCompiler(responseSerializerCompiler);
  for (const [path, body] of Object.entries(bodies)) {
    const url = path.split("?")[0] ?? path;
    const parsed: unknown = JSON.parse(body);
    const schema = url.endsWith("/videos") ? PageSchemas.videos : PageSchemas.accounts;
    const send = async (_request: unknown, reply: FastifyReply) => reply.type("application/json").send(body);
    if (variant === "bare+zod") {
      app.get(url, { schema: { response: { 200: schema } } }, async () => parsed);
    } else if (variant === "bare+auth" || variant === "bare+rate-limit") {
      app.get(url, { config: { roles: ROLES.read } }, send);
    } else {
      app.get(url, send);
    }
  }
  return listen(app, async () => {
    await app.close();
    redis?.disconnect();
  });
}
