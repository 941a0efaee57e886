import type { AuditLogEntry } from "./audit-schema";

/** Columns of the CSV export, in order. */
export const AUDIT_CSV_COLUMNS = [
  "seq",
  "id",
  "at",
  "actor_type",
  "actor_id",
  "action",
  "account_id",
  "user_id",
  "open_id",
  "reason",
  "request_id",
  "details",
  "prev_hash",
  "hash",
] as const;

/**
 * One CSV cell (RFC 4180). A value a spreadsheet would run as a formula (starting with = + - @, tab or carriage
 * return) is prefixed with a single quote, then anything holding a quote, comma, line break or edge whitespace
 * is quoted with inner quotes doubled.
 */
export function csvCell(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/** The CSV line (with CRLF) of one entry. */
export function auditCsvRow(entry: AuditLogEntry): string {
  const cells = [
    String(entry.seq),
    entry._id,
    entry.at.toISOString(),
    entry.actor.type,
    entry.actor.id,
    entry.action,
    entry.target?.accountId ?? "",
    entry.target?.userId ?? "",
    entry.target?.openId ?? "",
    entry.reason ?? "",
    entry.requestId ?? "",
    entry.details === undefined ? "" : JSON.stringify(entry.details),
    entry.prevHash,
    entry.hash,
  ];
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export const AUDIT_CSV_HEADER = `${AUDIT_CSV_COLUMNS.join(",")}\r\n`;
