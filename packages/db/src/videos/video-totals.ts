import type { Collection } from "mongodb";
import { z } from "zod";
import { COLLECTIONS } from "../collections";
import { parseDocument } from "../shared/store-kit";
import type { VideoDocument } from "./video-schema";

/** Sums of the latest counts over an account's (not removed) videos. */
export interface VideoTotals {
  videos: number;
  views: number;
  likes: number;
  comments: number;
  shares: number;
}

const SumSchema = z.object({ total: z.number() });

/**
 * One aggregation per metric, each with a single `$sum`: FerretDB v1 computes only the first accumulator of a
 * `$group` correctly, so several accumulators in one stage would silently return wrong totals there.
 */
export async function accountTotals(col: Collection<VideoDocument>, accountId: string): Promise<VideoTotals> {
  const match = { accountId, removedAt: { $exists: false } };
  const sumOf = async (metric: "views" | "likes" | "comments" | "shares"): Promise<number> => {
    const [row] = await col
      .aggregate([{ $match: match }, { $group: { _id: null, total: { $sum: `$metrics.${metric}` } } }])
      .toArray();
    return row ? parseDocument(SumSchema, COLLECTIONS.videos, row).total : 0;
  };
  const [videos, views, likes, comments, shares] = await Promise.all([
    col.countDocuments(match),
    sumOf("views"),
    sumOf("likes"),
    sumOf("comments"),
    sumOf("shares"),
  ]);
  return { videos, views, likes, comments, shares };
}
