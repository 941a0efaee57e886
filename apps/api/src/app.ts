import type { IncomingMessage, ServerResponse } from "node:http";
import helmet from "@fastify/helmet";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { ApiDeps } from "./deps";
import { registerErrorHandling } from "./plugins/error-handler";
import { generateRequestId } from "./plugins/request-id";
import { healthRoutes } from "./routes/health/health";

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
    loggerInstance: deps.logger,
    genReqId: generateRequestId,
    requestIdLogLabel: "requestId",
    bodyLimit: deps.config.BODY_LIMIT_BYTES,
    trustProxy: deps.config.TRUST_PROXY,
    // Never let a client hold a connection open forever.
    requestTimeout: 30_000,
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  registerErrorHandling(app);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], frameAncestors: ["'none'"] },
    },
  });
  await app.register(healthRoutes(deps.checks));
  return app;
}
