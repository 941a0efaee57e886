import type { Db } from "mongodb";
import { z } from "zod";
import { COLLECTIONS } from "../collections";
import { checkLimit, mintId, parseDocument, syncIndex, validateInput } from "../shared/store-kit";

/** How long a decryption record is kept by default: a year of compliance reconciliation. */
export const TOKEN_ACCESS_RETENTION_DAYS = 365;

/**
 * A `token_access_records` document: one decryption of a TikTok token, who asked (requestId), for which account
 * and why (operation). Never the token itself.
 */
export const TokenAccessRecordSchema = z.object({
  _id: z.string().startsWith("tar_"),
  requestId: z.string().min(1).max(200),
  accountId: z.string().min(1).max(200),
  operation: z.string().min(1).max(200),
  kind: z.enum(["access", "refresh"]),
  keyId: z.string().min(1),
  at: z.date(),
  /** MongoDB's TTL index deletes the record at this time, so a retention change needs no index rebuild. */
  expiresAt: z.date(),
});
export type TokenAccessRecord = z.infer<typeof TokenAccessRecordSchema>;

const RecordSchema = TokenAccessRecordSchema.pick({
  requestId: true,
  accountId: true,
  operation: true,
  kind: true,
  keyId: true,
});
export type RecordTokenAccessInput = z.input<typeof RecordSchema>;

export interface TokenAccessRepoOptions {
  now?: () => Date;
  retentionDays?: number | undefined;
}

export type TokenAccessRepo = ReturnType<typeof createTokenAccessRepo>;

/**
 * The compliance record of token decryptions. It is a collection rather than a log line so that no log level,
 * sampling or log shipping outage can drop it: the cipher writes it before it hands a token out.
 */
export function createTokenAccessRepo(db: Db, options: TokenAccessRepoOptions = {}) {
  const col = db.collection<TokenAccessRecord>(COLLECTIONS.tokenAccessRecords);
  const now = options.now ?? (() => new Date());
  const retentionMs = (options.retentionDays ?? TOKEN_ACCESS_RETENTION_DAYS) * 86_400_000;

  return {
    async record(input: RecordTokenAccessInput): Promise<void> {
      const at = now();
      const fields = validateInput(RecordSchema, input, "token access record");
      await col.insertOne({ _id: mintId("tar"), ...fields, at, expiresAt: new Date(at.getTime() + retentionMs) });
    },

    /** An account's records, newest first. */
    async listByAccount(accountId: string, limit = 100): Promise<TokenAccessRecord[]> {
      const docs = await col.find({ accountId }).sort({ at: -1, _id: -1 }).limit(checkLimit(limit)).toArray();
      return docs.map((doc) => parseDocument(TokenAccessRecordSchema, COLLECTIONS.tokenAccessRecords, doc));
    },
  };
}

export async function ensureTokenAccessIndexes(db: Db): Promise<void> {
  const col = db.collection(COLLECTIONS.tokenAccessRecords);
  await syncIndex(col, { accountId: 1, at: -1, _id: -1 }, { name: "account_at" });
  await syncIndex(col, { expiresAt: 1 }, { name: "expiresAt_ttl", expireAfterSeconds: 0 });
}
