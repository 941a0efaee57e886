import { z } from "zod";
import { validateInput } from "../shared/store-kit";

const Count = z.number().int().nonnegative();
const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** One observation of a video's aggregate counts. */
export const MetricPointSchema = z.object({
  at: z.date(),
  views: Count,
  likes: Count,
  comments: Count,
  shares: Count,
});
export type MetricPoint = z.infer<typeof MetricPointSchema>;

/**
 * A `video_metrics` document: the points of one video on one UTC day. `count` and `lastAt` mirror the array
 * (its length and newest `at`) so an append is guarded by two scalar conditions that one index lookup on `_id`
 * decides, instead of a scan of the array.
 */
export const MetricsBucketSchema = z.object({
  _id: z.string().min(1),
  videoId: z.string().min(1),
  accountId: z.string().min(1),
  day: DaySchema,
  points: z.array(MetricPointSchema),
  count: z.number().int().nonnegative(),
  lastAt: z.date(),
  updatedAt: z.date(),
});
export type MetricsBucket = z.infer<typeof MetricsBucketSchema>;

/** What a metrics refresh appends: one point of one video. */
export const MetricPointInputSchema = MetricPointSchema.extend({
  videoId: z.string().min(1),
  accountId: z.string().min(1),
});
export type MetricPointInput = z.infer<typeof MetricPointInputSchema>;

/** A point as returned by `history`, with its UTC day. */
export type DailyMetricPoint = MetricPoint & { day: string };

/** Sums of each video's last point of a day, for one account. Videos without a point that day are not counted. */
export const AccountDailyTotalSchema = z.object({
  day: DaySchema,
  videos: Count,
  views: Count,
  likes: Count,
  comments: Count,
  shares: Count,
});
export type AccountDailyTotal = z.infer<typeof AccountDailyTotalSchema>;

/** The UTC day (`YYYY-MM-DD`) of an instant. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Validates a `YYYY-MM-DD` day argument. */
export function parseDay(day: string): string {
  return validateInput(DaySchema, day, "day");
}

export function bucketId(videoId: string, day: string): string {
  return `${videoId}:${day}`;
}
