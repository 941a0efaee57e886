import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../../deps";
import { actorOf } from "../../lib/actor";
import { checkReturnUrl } from "../../lib/return-url";
import { API_KEY_SECURITY, ROLES } from "../../plugins/api-key-auth";
import { ErrorResponseSchema } from "../schemas";

const CreateConnectSessionRequestSchema = z.object({
  userId: z.string().min(1).max(200).describe("The platform user id the TikTok account will be linked to"),
  returnUrl: z
    .string()
    .min(1)
    .max(2048)
    .optional()
    .describe("Where to send the creator afterwards (allowlisted origins)"),
});

const CreateConnectSessionResponseSchema = z.object({
  id: z.string(),
  connectUrl: z.string().describe("Send the creator here; single use"),
  expiresAt: z.iso.datetime(),
});

/** `POST /v1/connect-sessions`: starts a creator's consent hand-off. */
export function createConnectSessionRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/v1/connect-sessions",
      {
        config: { roles: ROLES.platform },
        schema: {
          tags: ["connect"],
          summary: "Create a connect session (single use, 15 minutes)",
          security: API_KEY_SECURITY,
          body: CreateConnectSessionRequestSchema,
          response: {
            201: CreateConnectSessionResponseSchema,
            400: ErrorResponseSchema,
            401: ErrorResponseSchema,
            403: ErrorResponseSchema,
          },
        },
      },
      async (request, reply) => {
        const { userId } = request.body;
        const returnUrl =
          request.body.returnUrl === undefined
            ? undefined
            : checkReturnUrl(request.body.returnUrl, deps.config.RETURN_URL_ALLOWED_ORIGINS);
        const actor = actorOf(request);
        const createdAt = deps.now();
        const session = await deps.connectSessions.create({
          userId,
          ...(returnUrl ? { returnUrl } : {}),
          createdAt,
          expiresAt: new Date(createdAt.getTime() + deps.config.CONNECT_SESSION_TTL_SEC * 1000),
        });
        await deps.auditWriter({
          actor,
          action: "connect_session.created",
          target: { userId },
          requestId: request.id,
          details: { sessionId: session._id, hasReturnUrl: returnUrl !== undefined },
        });
        const connectUrl = `${deps.config.PUBLIC_BASE_URL}/connect/tiktok?session=${encodeURIComponent(session._id)}`;
        return reply.status(201).send({ id: session._id, connectUrl, expiresAt: session.expiresAt.toISOString() });
      },
    );
  };
}
