import { AppError } from "@trendpot/errors";
import type { Db, Filter } from "mongodb";
import { z } from "zod";
import type { AuditEntryInput, AuditWriter } from "../audit-entry";
import { COLLECTIONS } from "../collections";
import {
  checkLimit,
  compact,
  decodeCursor,
  encodeCursor,
  isDuplicateKeyError,
  mintId,
  type Page,
  parseDocument,
  syncIndex,
  validateInput,
} from "../shared/store-kit";
import { exportAuditLog } from "./audit-export";
import {
  AuditEntryInputSchema,
  type AuditLogEntry,
  AuditLogEntrySchema,
  type AuditQuery,
  type AuditVerifyResult,
} from "./audit-schema";
import { verifyAuditChain } from "./audit-verify";
import { chainHash, GENESIS_HASH } from "./canonical-json";

/** Options of {@link createAuditRepo}. */
export interface AuditRepoOptions {
  now?: () => Date;
  /** Appends that lose the race for the next `seq` retry with the new tail this many times in total. */
  maxAppendAttempts?: number;
}

export type AuditRepo = ReturnType<typeof createAuditRepo>;

const TailSchema = AuditLogEntrySchema.pick({ seq: true, at: true, hash: true });
const CursorSchema = z.object({ seq: z.number().int().positive() });

/**
 * The append-only, hash-chained audit log. There is deliberately no update or delete: entries are only ever
 * inserted, each linking to its predecessor's hash, so an edit or a deletion made outside the service shows up
 * in `verify`.
 */
export function createAuditRepo(db: Db, options: AuditRepoOptions = {}) {
  const col = db.collection<AuditLogEntry>(COLLECTIONS.auditLogs);
  const now = options.now ?? (() => new Date());
  const maxAttempts = options.maxAppendAttempts ?? 50;
  const parse = (doc: unknown) => parseDocument(AuditLogEntrySchema, COLLECTIONS.auditLogs, doc);

  /** One attempt: link to the current tail and insert `seq + 1`; the unique `seq` index rejects a lost race. */
  async function tryAppend(input: AuditEntryInput): Promise<AuditLogEntry | undefined> {
    const tailDoc = await col.findOne({}, { sort: { seq: -1 }, projection: { seq: 1, at: 1, hash: 1 } });
    const tail = tailDoc ? parseDocument(TailSchema, COLLECTIONS.auditLogs, tailDoc) : undefined;
    const clock = now();
    // Time never runs backwards along the chain, so time ranges map onto seq ranges.
    const at = tail && tail.at > clock ? tail.at : clock;
    const unhashed = compact({
      _id: mintId("aud"),
      seq: (tail?.seq ?? 0) + 1,
      at,
      ...input,
      prevHash: tail?.hash ?? GENESIS_HASH,
    });
    const entry = { ...unhashed, hash: chainHash(unhashed.prevHash, unhashed) } as AuditLogEntry;
    try {
      await col.insertOne(entry);
      return entry;
    } catch (error) {
      if (isDuplicateKeyError(error)) return undefined;
      throw error;
    }
  }

  return {
    /** Appends an entry at the end of the chain; concurrent appends from any number of processes stay gap-free. */
    async append(entry: AuditEntryInput): Promise<AuditLogEntry> {
      const input = validateInput(AuditEntryInputSchema, entry, "audit entry");
      for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
        const stored = await tryAppend(input);
        if (stored) return stored;
      }
      throw new AppError("CONFLICT", { message: "The audit log is too busy; retry.", retryable: true });
    },

    /** Entries matching the filters, newest first, paged by `seq`. */
    async query(input: AuditQuery): Promise<Page<AuditLogEntry>> {
      const limit = checkLimit(input.limit);
      const filter = queryFilter(input);
      if (input.cursor !== undefined) filter.seq = { $lt: decodeCursor(CursorSchema, input.cursor).seq };
      const docs = await col
        .find(filter)
        .sort({ seq: -1 })
        .limit(limit + 1)
        .toArray();
      const items = docs.slice(0, limit).map(parse);
      const last = items.at(-1);
      return docs.length > limit && last ? { items, nextCursor: encodeCursor({ seq: last.seq }) } : { items };
    },

    /** Streams entries (oldest first) as NDJSON or CSV chunks; see {@link exportAuditLog}. */
    exportStream: (input: { from?: Date; to?: Date; format: "ndjson" | "csv" }): AsyncIterable<string> =>
      exportAuditLog(col, input),

    /** Recomputes the chain over a range; a range starting mid-chain anchors on the previous entry's hash. */
    verify: (range: { fromSeq?: number; toSeq?: number; from?: Date; to?: Date } = {}): Promise<AuditVerifyResult> =>
      verifyAuditChain(col, range),
  };
}

/** An {@link AuditWriter} over an audit repository, for code that only needs to write. */
export function createAuditWriter(repo: Pick<AuditRepo, "append">): AuditWriter {
  return async (entry) => {
    await repo.append(entry);
  };
}

function queryFilter(input: AuditQuery): Filter<AuditLogEntry> {
  const filter: Filter<AuditLogEntry> = {};
  if (input.actorId !== undefined) filter["actor.id"] = input.actorId;
  if (input.action !== undefined) filter.action = input.action;
  if (input.accountId !== undefined) filter["target.accountId"] = input.accountId;
  if (input.userId !== undefined) filter["target.userId"] = input.userId;
  if (input.from !== undefined || input.to !== undefined) {
    filter.at = compact({ $gte: input.from, $lte: input.to });
  }
  return filter;
}

/** The unique `seq` index is what makes concurrent appends safe; the others serve compliance queries. */
export async function ensureAuditIndexes(db: Db): Promise<void> {
  const col = db.collection(COLLECTIONS.auditLogs);
  await syncIndex(col, { seq: 1 }, { name: "seq_unique", unique: true });
  await syncIndex(col, { at: 1 }, { name: "at" });
  await syncIndex(col, { "actor.id": 1, seq: -1 }, { name: "actor_seq" });
  await syncIndex(col, { action: 1, seq: -1 }, { name: "action_seq" });
  await syncIndex(col, { "target.accountId": 1, seq: -1 }, { name: "account_seq" });
  await syncIndex(col, { "target.userId": 1, seq: -1 }, { name: "user_seq" });
}
