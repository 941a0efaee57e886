import { createHash } from "node:crypto";
import type { Db } from "mongodb";
import { z } from "zod";
import { COLLECTIONS } from "../collections";
import type { DbCapabilities } from "../database";
import { claimOnce, parseDocument, validateInput } from "../shared/store-kit";

/** A `webhook_deliveries` document: one TikTok delivery seen, for de-duplicating at-least-once retries. */
export const WebhookDeliverySchema = z.object({
  _id: z.string().regex(/^[0-9a-f]{64}$/),
  event: z.string().min(1).max(200),
  openId: z.string().min(1).max(200),
  receivedAt: z.date(),
  processedAt: z.date().optional(),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

const RecordSchema = WebhookDeliverySchema.omit({ _id: true, processedAt: true }).extend({
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

/** De-duplication of TikTok webhook deliveries by a unique `_id` insert (atomic on MongoDB and FerretDB). */
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

    /** Records that the delivery's work is done; returns false when the delivery is unknown. */
    async markProcessed(deliveryKey: string, now: Date): Promise<boolean> {
      return (await col.updateOne({ _id: deliveryKey }, { $set: { processedAt: now } })).matchedCount === 1;
    },

    /** Retention: deletes deliveries received before `before`; returns how many. */
    async purgeOlderThan(before: Date): Promise<number> {
      return (await col.deleteMany({ receivedAt: { $lt: before } })).deletedCount;
    },
  };
}

export async function ensureWebhookDeliveriesIndexes(db: Db, _capabilities: DbCapabilities): Promise<void> {
  await db.collection(COLLECTIONS.webhookDeliveries).createIndex({ receivedAt: 1 }, { name: "receivedAt" });
}
