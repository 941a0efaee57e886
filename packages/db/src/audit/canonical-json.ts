import { createHash } from "node:crypto";

/**
 * Canonical JSON for hashing: object keys sorted (by UTF-16 code units), no whitespace, `undefined` members left
 * out, dates as ISO-8601 strings. Anything without one obvious JSON form (non-finite numbers, bigint, class
 * instances other than Date, functions) throws, so a hash never depends on how a value happened to serialize.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonicalJson: non-finite number");
      return JSON.stringify(value);
    case "object":
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value);
    default:
      throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
  }
}

function canonicalArray(items: unknown[]): string {
  return `[${items.map((item) => (item === undefined ? "null" : canonicalJson(item))).join(",")}]`;
}

function canonicalObject(value: object): string {
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
    throw new TypeError("canonicalJson: only plain objects are supported");
  }
  const entries = Object.entries(value)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
}

/** The hash of the first entry's predecessor. */
export const GENESIS_HASH = "0".repeat(64);

/** `sha256(prevHash + canonicalJson(entry without hash))`, hex. */
export function chainHash(prevHash: string, entryWithoutHash: Record<string, unknown>): string {
  return createHash("sha256").update(prevHash).update(canonicalJson(entryWithoutHash)).digest("hex");
}
