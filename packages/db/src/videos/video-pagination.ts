import { AppError } from "@trendpot/errors";
import type { Filter, Sort } from "mongodb";
import { z } from "zod";
import { decodeCursor, encodeCursor } from "../shared/store-kit";
import { type SortOrder, VIDEO_SORTS, type VideoDocument, type VideoSort } from "./video-schema";

const CursorSchema = z.object({
  s: z.enum(VIDEO_SORTS),
  o: z.enum(["asc", "desc"]),
  v: z.union([z.number(), z.iso.datetime(), z.null()]),
  id: z.string().min(1).max(64),
});

type SortValue = number | Date | null;

/** The document path a sort key reads. Metric sorts read the latest counts, which a video may not have yet. */
export function sortPath(sort: VideoSort): string {
  return sort === "createTime" ? "createTime" : `metrics.${sort}`;
}

/** Sort spec with `_id` as the tie-breaker in the same direction, so the order is total and stable. */
export function sortSpec(sort: VideoSort, order: SortOrder): Sort {
  const dir = order === "asc" ? 1 : -1;
  return { [sortPath(sort)]: dir, _id: dir };
}

export function sortValueOf(doc: VideoDocument, sort: VideoSort): SortValue {
  return sort === "createTime" ? doc.createTime : (doc.metrics?.[sort] ?? null);
}

export function encodeVideoCursor(doc: VideoDocument, sort: VideoSort, order: SortOrder): string {
  const value = sortValueOf(doc, sort);
  return encodeCursor({ s: sort, o: order, v: value instanceof Date ? value.toISOString() : value, id: doc._id });
}

/** Decodes a cursor and checks it belongs to this listing (same sort and order); otherwise `VALIDATION_FAILED`. */
export function decodeVideoCursor(cursor: string, sort: VideoSort, order: SortOrder): { value: SortValue; id: string } {
  const decoded = decodeCursor(CursorSchema, cursor);
  const valueMatchesSort = sort === "createTime" ? typeof decoded.v === "string" : typeof decoded.v !== "string";
  if (decoded.s !== sort || decoded.o !== order || !valueMatchesSort) {
    throw new AppError("VALIDATION_FAILED", { message: "The cursor is invalid.", details: { field: "cursor" } });
  }
  return { value: typeof decoded.v === "string" ? new Date(decoded.v) : decoded.v, id: decoded.id };
}

/**
 * The filter for "strictly after the cursor" in (sort value, _id) order. A missing metric sorts below every
 * number (as MongoDB sorts missing fields), so those videos come last in descending order and first in ascending.
 */
export function afterCursorFilter(
  sort: VideoSort,
  order: SortOrder,
  value: SortValue,
  id: string,
): Filter<VideoDocument> {
  const path = sortPath(sort);
  const missing = { [path]: { $exists: false } };
  if (order === "desc") {
    if (value === null) return { ...missing, _id: { $lt: id } } as Filter<VideoDocument>;
    return { $or: [{ [path]: { $lt: value } }, { [path]: value, _id: { $lt: id } }, missing] } as Filter<VideoDocument>;
  }
  if (value === null) {
    return { $or: [{ ...missing, _id: { $gt: id } }, { [path]: { $exists: true } }] } as Filter<VideoDocument>;
  }
  return { $or: [{ [path]: { $gt: value } }, { [path]: value, _id: { $gt: id } }] } as Filter<VideoDocument>;
}
