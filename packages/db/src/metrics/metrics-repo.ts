import { AppError } from "@trendpot/errors";
import { type AnyBulkWriteOperation, type Db, MongoBulkWriteError } from "mongodb";
import { COLLECTIONS } from "../collections";
import { isDuplicateKeyError, parseDocument, syncIndex, validateInput } from "../shared/store-kit";
import {
  type AccountDailyTotal,
  AccountDailyTotalSchema,
  bucketId,
  type DailyMetricPoint,
  type MetricPoint,
  type MetricPointInput,
  MetricPointInputSchema,
  type MetricsBucket,
  MetricsBucketSchema,
  parseDay,
  utcDay,
} from "./metrics-schema";

/** Options of {@link createMetricsRepo}. */
export interface MetricsRepoOptions {
  /** Most points kept per video and day; 96 is one every 15 minutes. Beyond it the last point is replaced. */
  maxPointsPerBucket?: number;
}

export interface AppendResult {
  /** Points stored. */
  recorded: number;
  /** Points already recorded (a retried job) or older than the bucket's newest point. */
  skipped: number;
}

export type MetricsRepo = ReturnType<typeof createMetricsRepo>;

type AppendOutcome = "recorded" | "skipped";

/** The repository of metric history: compact per-video, per-UTC-day buckets. */
export function createMetricsRepo(db: Db, options: MetricsRepoOptions = {}) {
  const col = db.collection<MetricsBucket>(COLLECTIONS.videoMetrics);
  const cap = options.maxPointsPerBucket ?? 96;
  const parse = (doc: unknown) => parseDocument(MetricsBucketSchema, COLLECTIONS.videoMetrics, doc);

  /**
   * Appends one point. The filter `lastAt < at` makes a retry a no-op: on an existing bucket that does not match,
   * the upsert tries to insert the same `_id` and fails with 11000, which means "already recorded, older than what
   * we hold, full, or created concurrently"; one read tells which. A full bucket gets its last point replaced, so
   * the day's last point stays the newest observation.
   */
  async function appendOne(point: MetricPointInput, now: Date): Promise<AppendOutcome> {
    const { videoId, accountId, ...sample } = point;
    const day = utcDay(sample.at);
    const _id = bucketId(videoId, day);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      if (await tryPush(_id, { videoId, accountId, day }, sample, now)) return "recorded";
      const found = await col.findOne({ _id });
      if (!found) continue;
      const bucket = parse(found);
      if (bucket.lastAt >= sample.at) return "skipped";
      if (bucket.count >= cap && (await replaceLast(bucket, sample, now))) return "recorded";
    }
    throw new AppError("CONFLICT", { message: "A metrics bucket kept changing; retry later.", retryable: true });
  }

  function pushUpdate(
    _id: string,
    keys: Pick<MetricsBucket, "videoId" | "accountId" | "day">,
    sample: MetricPoint,
    now: Date,
  ) {
    return {
      filter: { _id, lastAt: { $lt: sample.at }, count: { $lt: cap } },
      update: {
        $push: { points: sample },
        $inc: { count: 1 },
        $set: { lastAt: sample.at, updatedAt: now },
        $setOnInsert: keys,
      },
    };
  }

  /**
   * The first push of many points (each to its own bucket) as one unordered bulk write: a refresh batch stores 20
   * points in one round trip instead of 20. Returns the points whose push met an existing bucket it may not
   * change (duplicate key), which take {@link appendOne}'s path.
   */
  async function pushMany(points: readonly MetricPointInput[], now: Date): Promise<MetricPointInput[]> {
    if (points.length === 0) return [];
    const ops: AnyBulkWriteOperation<MetricsBucket>[] = points.map((point) => {
      const { videoId, accountId, ...sample } = point;
      const day = utcDay(sample.at);
      const { filter, update } = pushUpdate(bucketId(videoId, day), { videoId, accountId, day }, sample, now);
      return { updateOne: { filter, update, upsert: true } };
    });
    try {
      await col.bulkWrite(ops, { ordered: false });
      return [];
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError) || error.writeConcernError) throw error;
      const failures = [error.writeErrors].flat();
      if (failures.length === 0 || failures.some((failure) => failure.code !== 11000)) throw error;
      return failures.flatMap((failure) => (points[failure.index] ? [points[failure.index] as MetricPointInput] : []));
    }
  }

  async function tryPush(
    _id: string,
    keys: Pick<MetricsBucket, "videoId" | "accountId" | "day">,
    sample: MetricPoint,
    now: Date,
  ) {
    try {
      const { filter, update } = pushUpdate(_id, keys, sample, now);
      await col.updateOne(filter, update, { upsert: true });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Overwrites the last point of a full bucket, guarded by the state just read (a concurrent append makes it miss). */
  async function replaceLast(bucket: MetricsBucket, sample: MetricPoint, now: Date): Promise<boolean> {
    const result = await col.updateOne(
      { _id: bucket._id, count: bucket.count, lastAt: bucket.lastAt },
      { $set: { [`points.${bucket.count - 1}`]: sample, lastAt: sample.at, updatedAt: now } },
    );
    return result.modifiedCount === 1;
  }

  return {
    /** Appends points idempotently (a retry with the same `at` changes nothing). Points of one bucket apply in order. */
    async appendPoints(points: MetricPointInput[], now: Date = new Date()): Promise<AppendResult> {
      const valid = points.map((point) => validateInput(MetricPointInputSchema, point, "metric point"));
      const byBucket = new Map<string, MetricPointInput[]>();
      for (const point of [...valid].sort((a, b) => a.at.getTime() - b.at.getTime())) {
        const key = bucketId(point.videoId, utcDay(point.at));
        byBucket.set(key, [...(byBucket.get(key) ?? []), point]);
      }
      const groups = [...byBucket.values()];
      // A bucket with one point here (the usual case) is first tried in one bulk write with the others; points of
      // a shared bucket stay in order, one after another.
      const singles = groups.flatMap((group) => (group.length === 1 ? group : []));
      const retried = await pushMany(singles, now);
      const outcomes = await Promise.all([
        ...retried.map(async (point) => [await appendOne(point, now)]),
        ...groups
          .filter((group) => group.length > 1)
          .map(async (group) => {
            const results: AppendOutcome[] = [];
            for (const point of group) results.push(await appendOne(point, now));
            return results;
          }),
      ]);
      const flat = outcomes.flat();
      const recordedSlowly = flat.filter((outcome) => outcome === "recorded").length;
      return { recorded: singles.length - retried.length + recordedSlowly, skipped: flat.length - recordedSlowly };
    },

    /** A video's history between two instants (inclusive): each day's last point, or every point with "raw". */
    async history(input: {
      videoId: string;
      from: Date;
      to: Date;
      granularity?: "day" | "raw";
    }): Promise<DailyMetricPoint[]> {
      checkRange(input.from, input.to);
      const buckets = await col
        .find({ videoId: input.videoId, day: { $gte: utcDay(input.from), $lte: utcDay(input.to) } })
        .sort({ day: 1 })
        .toArray();
      return buckets.flatMap((doc) => {
        const bucket = parse(doc);
        const inRange = sortedPoints(bucket).filter((p) => p.at >= input.from && p.at <= input.to);
        const chosen = input.granularity === "raw" ? inRange : inRange.slice(-1);
        return chosen.map((p) => ({ day: bucket.day, ...p }));
      });
    },

    /**
     * Per-day sums over an account's videos, each video counted by its last point of the day (points are kept in
     * time order, so that is the array's last element): one aggregation on the `accountId, day` index.
     */
    async accountDailyTotals(input: { accountId: string; from: string; to: string }): Promise<AccountDailyTotal[]> {
      const from = parseDay(input.from);
      const to = parseDay(input.to);
      const rows = await col
        .aggregate([
          { $match: { accountId: input.accountId, day: { $gte: from, $lte: to } } },
          { $project: { day: 1, last: { $arrayElemAt: ["$points", -1] } } },
          { $match: { last: { $exists: true } } },
          {
            $group: {
              _id: "$day",
              videos: { $sum: 1 },
              views: { $sum: "$last.views" },
              likes: { $sum: "$last.likes" },
              comments: { $sum: "$last.comments" },
              shares: { $sum: "$last.shares" },
            },
          },
          { $sort: { _id: 1 } },
          { $project: { _id: 0, day: "$_id", videos: 1, views: 1, likes: 1, comments: 1, shares: 1 } },
        ])
        .toArray();
      return rows.map((row) => parseDocument(AccountDailyTotalSchema, COLLECTIONS.videoMetrics, row));
    },

    /** Retention: deletes buckets of days before `day` (`YYYY-MM-DD`); returns how many were deleted. */
    async purgeOlderThan(day: string): Promise<number> {
      const result = await col.deleteMany({ day: { $lt: parseDay(day) } });
      return result.deletedCount;
    },

    /** Revocation: deletes an account's whole history; returns how many buckets were deleted. */
    async purgeAccount(accountId: string): Promise<number> {
      const result = await col.deleteMany({ accountId });
      return result.deletedCount;
    },
  };
}

function sortedPoints(bucket: MetricsBucket): MetricPoint[] {
  return [...bucket.points].sort((a, b) => a.at.getTime() - b.at.getTime());
}

function checkRange(from: Date, to: Date): void {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from > to) {
    throw new AppError("VALIDATION_FAILED", { message: "The time range is invalid." });
  }
}

/** Indexes for history reads, account totals and retention. */
export async function ensureMetricsIndexes(db: Db): Promise<void> {
  const col = db.collection(COLLECTIONS.videoMetrics);
  await syncIndex(col, { videoId: 1, day: 1 }, { name: "video_day" });
  await syncIndex(col, { accountId: 1, day: 1 }, { name: "account_day" });
  await syncIndex(col, { day: 1 }, { name: "day" });
}
