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

const TotalsSchema = z.object({
  videos: z.number().int(),
  views: z.number(),
  likes: z.number(),
  comments: z.number(),
  shares: z.number(),
});

/** One pass over the account's videos (on the `accountId` index) computes every total at once. */
export async function accountTotals(col: Collection<VideoDocument>, accountId: string): Promise<VideoTotals> {
  const [row] = await col
    .aggregate([
      { $match: { accountId, removedAt: { $exists: false } } },
      {
        $group: {
          _id: null,
          videos: { $sum: 1 },
          views: { $sum: "$metrics.views" },
          likes: { $sum: "$metrics.likes" },
          comments: { $sum: "$metrics.comments" },
          shares: { $sum: "$metrics.shares" },
        },
      },
      { $project: { _id: 0 } },
    ])
    .toArray();
  return row
    ? parseDocument(TotalsSchema, COLLECTIONS.videos, row)
    : { videos: 0, views: 0, likes: 0, comments: 0, shares: 0 };
}
