import type { Collection, Filter } from "mongodb";
import { COLLECTIONS } from "../collections";
import { compact, parseDocument } from "../shared/store-kit";
import { AUDIT_CSV_HEADER, auditCsvRow } from "./audit-csv";
import { type AuditLogEntry, AuditLogEntrySchema } from "./audit-schema";
import { canonicalJson } from "./canonical-json";

/**
 * Streams entries in `seq` order as string chunks, reading with a cursor so memory stays constant whatever the
 * range. NDJSON lines are the canonical JSON of each stored entry, so an export can be re-verified offline
 * (`hash = sha256(prevHash + canonical line without "hash")`). CSV starts with a header row and is meant for
 * people: cells are quoted and guarded against formula injection. A corrupt entry stops the export with
 * `DB_DOCUMENT_INVALID` rather than exporting something unverifiable.
 */
export async function* exportAuditLog(
  col: Collection<AuditLogEntry>,
  input: { from?: Date; to?: Date; format: "ndjson" | "csv" },
): AsyncGenerator<string> {
  const filter: Filter<AuditLogEntry> = {};
  if (input.from !== undefined || input.to !== undefined) filter.at = compact({ $gte: input.from, $lte: input.to });
  if (input.format === "csv") yield AUDIT_CSV_HEADER;
  const cursor = col.find(filter).sort({ seq: 1 }).batchSize(500);
  try {
    for await (const doc of cursor) {
      const entry = parseDocument(AuditLogEntrySchema, COLLECTIONS.auditLogs, doc);
      yield input.format === "csv" ? auditCsvRow(entry) : `${canonicalJson(doc)}\n`;
    }
  } finally {
    await cursor.close();
  }
}
