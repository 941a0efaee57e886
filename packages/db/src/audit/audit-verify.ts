import type { Collection, Filter } from "mongodb";
import { type AuditBreakReason, type AuditLogEntry, AuditLogEntrySchema, type AuditVerifyResult } from "./audit-schema";
import { chainHash, GENESIS_HASH } from "./canonical-json";

interface VerifyRange {
  fromSeq?: number;
  toSeq?: number;
  from?: Date;
  to?: Date;
}

/**
 * Walks the chain in `seq` order with a cursor (constant memory) and recomputes every hash. The first entry of
 * the range is checked against its predecessor's stored hash (or the genesis hash for seq 1); a missing
 * predecessor or a skipped seq is a `seq_gap`, an entry whose content no longer matches its hash is a
 * `hash_mismatch`, and an entry whose `prevHash` is not its predecessor's hash is a `prev_hash_mismatch`.
 * A deletion at the very end of the log cannot be seen from the chain alone unless `toSeq` says where it ends.
 */
export async function verifyAuditChain(col: Collection<AuditLogEntry>, range: VerifyRange): Promise<AuditVerifyResult> {
  const start = await startSeq(col, range);
  if (start === undefined) return { ok: true, checked: 0, lastSeq: 0 };
  let expectedPrev = GENESIS_HASH;
  if (start > 1) {
    const previous = await col.findOne({ seq: start - 1 });
    if (!previous || typeof previous.hash !== "string") return broken(0, start - 1, "seq_gap");
    expectedPrev = previous.hash;
  }
  const filter: Filter<AuditLogEntry> = {
    seq: range.toSeq === undefined ? { $gte: start } : { $gte: start, $lte: range.toSeq },
  };
  if (range.to !== undefined) filter.at = { $lte: range.to };
  let expectedSeq = start;
  let checked = 0;
  for await (const doc of col.find(filter).sort({ seq: 1 }).batchSize(500)) {
    if (doc.seq !== expectedSeq) return broken(checked, expectedSeq, "seq_gap");
    const reason = checkEntry(doc, expectedPrev);
    if (reason) return broken(checked, expectedSeq, reason);
    expectedPrev = doc.hash;
    expectedSeq += 1;
    checked += 1;
  }
  if (range.toSeq !== undefined && expectedSeq <= range.toSeq && range.to === undefined) {
    return broken(checked, expectedSeq, "seq_gap");
  }
  return { ok: true, checked, lastSeq: expectedSeq - 1 };
}

function checkEntry(doc: AuditLogEntry, expectedPrev: string): AuditBreakReason | undefined {
  // A document that no longer fits the schema was edited; it cannot match its hash either.
  if (!AuditLogEntrySchema.safeParse(doc).success) return "hash_mismatch";
  const { hash, ...unhashed } = doc;
  if (doc.prevHash !== expectedPrev) return "prev_hash_mismatch";
  return chainHash(doc.prevHash, unhashed) === hash ? undefined : "hash_mismatch";
}

async function startSeq(col: Collection<AuditLogEntry>, range: VerifyRange): Promise<number | undefined> {
  if (range.from === undefined) return range.fromSeq ?? 1;
  const filter: Filter<AuditLogEntry> = { at: { $gte: range.from } };
  if (range.fromSeq !== undefined) filter.seq = { $gte: range.fromSeq };
  const first = await col.findOne(filter, { sort: { seq: 1 }, projection: { seq: 1 } });
  return typeof first?.seq === "number" ? first.seq : undefined;
}

function broken(checked: number, firstBrokenSeq: number, reason: AuditBreakReason): AuditVerifyResult {
  return { ok: false, checked, firstBrokenSeq, reason };
}
