import type { Db } from "mongodb";
import { z } from "zod";
import { COLLECTIONS } from "../collections";
import { isDuplicateKeyError, parseDocument } from "../shared/store-kit";

/** One refresh lease: `_id = accountId:version:generation`, so each generation can be inserted exactly once. */
export const TokenLeaseSchema = z.object({
  _id: z.string().min(1),
  accountId: z.string().min(1),
  version: z.number().int().nonnegative(),
  generation: z.number().int().nonnegative(),
  owner: z.string().min(1),
  expiresAt: z.date(),
});
export type TokenLease = z.infer<typeof TokenLeaseSchema>;

/**
 * Storage of `tiktok_token_leases`. The lease rules (who may take over, when) live with the credential store;
 * this repository only offers the writes they are built from, the first of which is a unique-key insert.
 */
export function createTokenLeasesRepo(db: Db) {
  const leases = db.collection<TokenLease>(COLLECTIONS.tokenLeases);
  return {
    /** The newest generation for one credentials version, or null. */
    async latest(accountId: string, version: number): Promise<TokenLease | null> {
      const doc = await leases.find({ accountId, version }).sort({ generation: -1 }).limit(1).next();
      return doc ? parseDocument(TokenLeaseSchema, COLLECTIONS.tokenLeases, doc) : null;
    },
    /** Inserts the lease; false when that generation was already inserted (someone else won). */
    async insertOnce(lease: TokenLease): Promise<boolean> {
      try {
        await leases.insertOne(TokenLeaseSchema.parse(lease));
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },
    /** Expires one lease at once, so the next caller takes over without waiting. */
    async expire(id: string): Promise<void> {
      await leases.updateOne({ _id: id }, { $set: { expiresAt: new Date(0) } });
    },
    /** Deletes every lease of the account up to and including `version`. */
    async deleteThrough(accountId: string, version: number): Promise<void> {
      await leases.deleteMany({ accountId, version: { $lte: version } });
    },
  };
}

export type TokenLeasesRepo = ReturnType<typeof createTokenLeasesRepo>;
