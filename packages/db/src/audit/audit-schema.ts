import { z } from "zod";

const Hash = z.string().regex(/^[0-9a-f]{64}$/);

export const AuditActorSchema = z.object({
  type: z.enum(["api_key", "tiktok", "system", "creator"]),
  id: z.string().min(1).max(200),
});

export const AuditTargetSchema = z.object({
  accountId: z.string().min(1).optional(),
  userId: z.string().min(1).optional(),
  openId: z.string().min(1).optional(),
});

/** JSON-safe detail values only, with keys MongoDB stores as-is (no `$` prefix, no dots). */
const DetailValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number().refine(Number.isFinite),
    z.boolean(),
    z.null(),
    z.date(),
    z.array(DetailValue),
    z.record(z.string().regex(/^[^$.][^.]*$/), DetailValue),
  ]),
);
const DetailsSchema = z.record(z.string().regex(/^[^$.][^.]*$/), DetailValue);

/** What `append` accepts: the shared `AuditEntryInput`, validated. */
export const AuditEntryInputSchema = z.object({
  actor: AuditActorSchema,
  action: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/),
  target: AuditTargetSchema.optional(),
  reason: z.string().max(2000).optional(),
  requestId: z.string().max(200).optional(),
  details: DetailsSchema.optional(),
});

/** An `audit_logs` document: one link of the hash chain. */
export const AuditLogEntrySchema = AuditEntryInputSchema.extend({
  _id: z.string().startsWith("aud_"),
  seq: z.number().int().positive(),
  at: z.date(),
  prevHash: Hash,
  hash: Hash,
});
export type AuditLogEntry = z.infer<typeof AuditLogEntrySchema>;

/** Why `verify` stopped. */
export type AuditBreakReason = "hash_mismatch" | "prev_hash_mismatch" | "seq_gap";

export type AuditVerifyResult =
  | { ok: true; checked: number; lastSeq: number }
  | { ok: false; checked: number; firstBrokenSeq: number; reason: AuditBreakReason };

export interface AuditQuery {
  actorId?: string;
  action?: string;
  accountId?: string;
  userId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
}
