import { webhookDeliveryKey } from "@trendpot/db";
import { AppError } from "@trendpot/errors";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../../deps";
import { verifyTikTokSignature } from "../../lib/webhook-signature";
import { rateLimitFor } from "../../plugins/rate-limit";
import { ErrorResponseSchema } from "../schemas";

const WebhookBodySchema = z.object({
  client_key: z.string().min(1),
  event: z.string().min(1).max(100),
  create_time: z.number().int().nonnegative(),
  user_openid: z.string().min(1).max(256),
  content: z.string().max(10_000),
});
const ContentSchema = z.object({ reason: z.number().int().min(0).max(1_000).optional() }).loose();

/**
 * `POST /webhooks/tiktok`: verify the signature over the raw bytes, parse the double-encoded payload, de-duplicate
 * the delivery and hand it to the worker. Answers 200 fast; the work (e.g. revocation) happens in the queue.
 */
export function tiktokWebhookRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    // Only inside this plugin: JSON stays a raw Buffer so the signature covers exactly the bytes TikTok sent.
    app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
    app.post(
      "/webhooks/tiktok",
      {
        config: { rateLimit: rateLimitFor(deps.config, "webhook") },
        schema: {
          tags: ["webhooks"],
          summary: "TikTok webhook receiver (TikTok-Signature, HMAC-SHA256)",
          headers: z.object({ "tiktok-signature": z.string().max(300).optional() }).loose(),
          response: {
            200: z.object({ received: z.literal(true), duplicate: z.boolean() }),
            400: ErrorResponseSchema,
            401: ErrorResponseSchema,
          },
        },
      },
      async (request) => {
        const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const header = request.headers["tiktok-signature"];
        const signature = verifyTikTokSignature({
          header: typeof header === "string" ? header : undefined,
          rawBody,
          keys: deps.webhookKeys,
          nowSec: Math.floor(deps.now().getTime() / 1000),
          toleranceSec: deps.config.TIKTOK_WEBHOOK_TOLERANCE_SEC,
        });
        if (!signature.ok) {
          deps.tiktokMetrics.webhookRefused.add(1, { reason: signature.problem });
          request.log.warn({ problem: signature.problem }, "webhook signature refused");
          throw new AppError("WEBHOOK_SIGNATURE_INVALID");
        }
        request.log.debug({ key: signature.key }, "webhook signature verified");
        const payload = parsePayload(rawBody, deps.config.TIKTOK_CLIENT_KEY);
        const deliveryKey = webhookDeliveryKey(String(header), rawBody);
        if (await deps.webhookDeliveries.get(deliveryKey)) return { received: true as const, duplicate: true };
        const receivedAt = deps.now();
        // Enqueue before recording: a crash in between leaves an unrecorded delivery that TikTok retries, and the
        // deterministic job id makes the retry's enqueue a no-op.
        await deps.queues.enqueueWebhook({
          deliveryId: deliveryKey,
          event: payload.event,
          openId: payload.user_openid,
          ...(payload.reason === undefined ? {} : { reasonCode: payload.reason }),
          receivedAt: receivedAt.toISOString(),
        });
        const isNew = await deps.webhookDeliveries.recordIfNew({
          deliveryKey,
          event: payload.event,
          openId: payload.user_openid,
          receivedAt,
        });
        return { received: true as const, duplicate: !isNew };
      },
    );
  };
}

function parsePayload(rawBody: Buffer, clientKey: string) {
  const invalid = (message: string) => new AppError("VALIDATION_FAILED", { message });
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString("utf8"));
  } catch {
    throw invalid("The webhook body is not JSON.");
  }
  const body = WebhookBodySchema.safeParse(json);
  if (!body.success) throw invalid("The webhook body does not have TikTok's shape.");
  if (body.data.client_key !== clientKey) throw invalid("The webhook is for another client key.");
  let content: unknown = {};
  try {
    content = body.data.content === "" ? {} : JSON.parse(body.data.content);
  } catch {
    throw invalid("The webhook content is not JSON.");
  }
  const parsed = ContentSchema.safeParse(content);
  return { ...body.data, reason: parsed.success ? parsed.data.reason : undefined };
}
