import { randomBytes } from "node:crypto";
import { AppError } from "@trendpot/errors";
import type { Collection, CreateIndexesOptions, Document, IndexSpecification } from "mongodb";
import type { z } from "zod";

/**
 * Parses a document read from MongoDB. A document that does not match its schema (edited by hand, written by an
 * older version, damaged) becomes a `DB_DOCUMENT_INVALID` error naming the collection, the id and the failing
 * paths, never a crash deeper in the caller or a half-filled object. Values are not echoed: they may be private.
 */
export function parseDocument<S extends z.ZodType>(schema: S, collection: string, doc: unknown): z.output<S> {
  const result = schema.safeParse(doc);
  if (result.success) return result.data;
  const id = typeof doc === "object" && doc !== null && "_id" in doc ? String(doc._id) : undefined;
  throw new AppError("DB_DOCUMENT_INVALID", {
    details: { collection, id, paths: result.error.issues.map((issue) => issue.path.join(".")) },
  });
}

/** True for MongoDB's duplicate-key error (11000), which our single-document designs use as a signal. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === 11000;
}

/** A prefixed random id with 144 bits of entropy (`cs_…`, `run_…`, `aud_…`). */
export function mintId(prefix: string): string {
  return `${prefix}_${randomBytes(18).toString("base64url")}`;
}

/** Opaque page cursor: base64url of a small JSON value. Clients must not build or read it. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

/** Decodes and validates a cursor; anything malformed or not matching `schema` is `VALIDATION_FAILED`. */
export function decodeCursor<S extends z.ZodType>(schema: S, cursor: string): z.output<S> {
  let raw: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,1024}$/.test(cursor)) throw new Error("not base64url");
    raw = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw invalidCursor();
  return result.data;
}

function invalidCursor(): AppError {
  return new AppError("VALIDATION_FAILED", { message: "The cursor is invalid.", details: { field: "cursor" } });
}

/** Page size guard shared by list operations: 1..max, integers only. */
export function checkLimit(limit: number, max = 500): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new AppError("VALIDATION_FAILED", { message: `limit must be an integer from 1 to ${max}.` });
  }
  return limit;
}

/**
 * Drops `undefined` properties (deeply, in plain objects and arrays). The driver would store them as `null`,
 * which changes a document's shape (and, for the audit log, its hash).
 */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => compact(item)) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = compact(item);
    return out as T;
  }
  return value;
}

/** A page of results and the cursor for the next page (absent on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Validates caller input; a mismatch is `VALIDATION_FAILED` naming the failing paths (never the values). */
export function validateInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError("VALIDATION_FAILED", {
    message: `Invalid ${what}.`,
    details: { paths: result.error.issues.map((issue) => issue.path.join(".")) },
  });
}

/**
 * Claims `key` once, across processes, by inserting a marker document with that `_id`: exactly one caller gets
 * `true`, the others collide on the unique `_id`. For things seen once by their key (a webhook delivery), where
 * there is no earlier document to update.
 */
export async function claimOnce(
  col: Collection<{ _id: string }>,
  key: string,
  fields: Record<string, unknown>,
): Promise<boolean> {
  try {
    await col.insertOne({ _id: key, ...fields });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** MongoDB's answers when an index of that name or those keys already exists with other options. */
const INDEX_CONFLICT_CODES = new Set([85, 86]);
const INDEX_NOT_FOUND = 27;

const codeOf = (error: unknown) =>
  typeof error === "object" && error !== null && "code" in error ? (error as { code: unknown }).code : undefined;

/**
 * Creates an index, or replaces one that an earlier version created on the same keys or under the same name with
 * other options (a TTL added, a name changed): the definition in the code is the truth, so a deployment upgrades
 * by booting. A unique index is never replaced: a conflict there fails the boot, since dropping it would suspend a
 * guarantee. Concurrent boots may race on the replacement; each ends with the same index.
 */
export async function syncIndex<T extends Document>(
  col: Collection<T>,
  key: IndexSpecification,
  options: CreateIndexesOptions & { name: string },
): Promise<void> {
  try {
    await col.createIndex(key, options);
    return;
  } catch (error) {
    if (!INDEX_CONFLICT_CODES.has(codeOf(error) as number)) throw error;
    const wanted = JSON.stringify(key);
    for (const index of await col.indexes()) {
      if (index.name !== options.name && JSON.stringify(index.key) !== wanted) continue;
      if (index.unique) throw error;
      await col.dropIndex(index.name ?? "").catch((dropError: unknown) => {
        if (codeOf(dropError) !== INDEX_NOT_FOUND) throw dropError;
      });
    }
  }
  await col.createIndex(key, options);
}
