import type { IncomingMessage, ServerResponse } from "node:http";
import cors from "@fastify/cors";
import formbody from "@fastify/formbody";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController, type RawServerDefault } from "fastify";
import { validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { ApiDeps } from "./deps";
import { registerApiKeyAuth } from "./plugins/api-key-auth";
import { handleFrameworkError, registerErrorHandling } from "./plugins/error-handler";
import { registerRequestLogging, withSafeRequestLogging } from "./plugins/log-serializers";
import { registerRateLimit } from "./plugins/rate-limit";
import { generateRequestId } from "./plugins/request-id";
import { registerRouteSpans } from "./plugins/route-spans";
import { registerSecurityHeaders } from "./plugins/security-headers";
import { responseSerializerCompiler } from "./plugins/serializer";
import { registerSwagger } from "./plugins/swagger";
import { registerRoutes } from "./routes";

/** The app as routes see it: zod schemas drive validation, serialization and the OpenAPI document. */
export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Builds the HTTP app from its dependencies. Connects to nothing itself: tests pass real or in-process deps. */
export async function buildApp(deps: ApiDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: withSafeRequestLogging(deps.logger),
    genReqId: generateRequestId,
    // Fastify's own request lines would hand the whole request (URL with query values) to the logger.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: "requestId" }),
    bodyLimit: deps.config.BODY_LIMIT_BYTES,
    trustProxy: deps.config.TRUST_PROXY,
    // Never let a client hold a connection open forever.
    requestTimeout: 30_000,
    return503OnClosing: true,
    frameworkErrors: handleFrameworkError,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  registerRouteSpans(app);
  registerErrorHandling(app);
  registerRequestLogging(app);
  registerSecurityHeaders(app);
  await app.register(cors, {
    origin: deps.config.CORS_ORIGIN.length > 0 ? deps.config.CORS_ORIGIN : false,
    methods: ["GET", "POST"],
    allowedHeaders: ["authorization", "x-api-key", "content-type", "x-request-id"],
    exposedHeaders: ["x-request-id", "retry-after"],
  });
  await app.register(formbody, { bodyLimit: 4_096 });
  registerApiKeyAuth(app, {
    keys: deps.config.apiKeys,
    redis: deps.redis,
    redisPrefix: deps.config.REDIS_PREFIX,
    maxFailuresPerWindow: deps.config.AUTH_FAILURES_PER_15MIN,
  });
  await registerRateLimit(app, deps.config, deps.redis);
  await registerSwagger(app, deps.config.PUBLIC_BASE_URL, new URL(deps.config.redirectUri).pathname);
  await registerRoutes(app, deps);
  return app;
}
