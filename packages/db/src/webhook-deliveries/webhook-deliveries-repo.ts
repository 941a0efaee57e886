import { createHash } from "node:crypto";
import type { Db } from "mongodb";
import { z } from "zod";
import { COLLECTIONS } from "../collections";
import { claimOnce, parseDocument, syncIndex, validateInput } from "../shared/store-kit";

/** How long a delivery is remembered: far longer than TikTok keeps retrying one, short enough to stay small. */
export const WEBHOOK_DELIVERY_RETENTION_DAYS = 30;

/** A `webhook_deliveries` document: one TikTok delivery seen, for de-duplicating at-least-once retries. */
export const WebhookDeliverySchema = z.object({
  _id: z.string().regex(/^[0-9a-f]{64}$/),
  event: z.string().min(1).max(200),
  openId: z.string().min(1).max(200),
  receivedAt: z.date(),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

const RecordSchema = WebhookDeliverySchema.omit({ _id: true }).extend({
  deliveryKey: WebhookDeliverySchema.shape._id,
});
export type RecordWebhookDeliveryInput = z.input<typeof RecordSchema>;

export type WebhookDeliveriesRepo = ReturnType<typeof createWebhookDeliveriesRepo>;

/**
 * The key of a delivery: SHA-256 over the signature header and the raw body. A retried delivery carries the same
 * bytes (and signature), so it gets the same key; the length prefix keeps header/body boundaries unambiguous.
 */
export function webhookDeliveryKey(signatureHeader: string, rawBody: string | Uint8Array): string {
  const header = Buffer.from(signatureHeader, "utf8");
  return createHash("sha256").update(`${header.length}:`).update(header).update(rawBody).digest("hex");
}

/** De-duplication of TikTok webhook deliveries: the first insert of a delivery's key wins, a repeat collides. */
export function createWebhookDeliveriesRepo(db: Db) {
  const col = db.collection<WebhookDelivery>(COLLECTIONS.webhookDeliveries);

  return {
    /** `true` the first time a delivery is seen, `false` for a repeat. */
    async recordIfNew(input: RecordWebhookDeliveryInput): Promise<boolean> {
      const { deliveryKey, ...fields } = validateInput(RecordSchema, input, "webhook delivery");
      return claimOnce(db.collection<{ _id: string }>(COLLECTIONS.webhookDeliveries), deliveryKey, fields);
    },

    async get(deliveryKey: string): Promise<WebhookDelivery | null> {
      const doc = await col.findOne({ _id: deliveryKey });
      return doc ? parseDocument(WebhookDeliverySchema, COLLECTIONS.webhookDeliveries, doc) : null;
    },
  };
}

/** MongoDB forgets a delivery {@link WEBHOOK_DELIVERY_RETENTION_DAYS} days after it arrived. */
export async function ensureWebhookDeliveriesIndexes(db: Db): Promise<void> {
  await syncIndex(
    db.collection(COLLECTIONS.webhookDeliveries),
    { receivedAt: 1 },
    { name: "receivedAt_ttl", expireAfterSeconds: WEBHOOK_DELIVERY_RETENTION_DAYS * 86_400 },
  );
}
