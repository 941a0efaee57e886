import type { Db } from "mongodb";
import { z } from "zod";
import { COLLECTIONS } from "../collections";
import { mintId, parseDocument, syncIndex, validateInput } from "../shared/store-kit";

/** How long profile snapshots are kept by default: like the metrics history, a year-over-year comparison. */
export const PROFILE_HISTORY_RETENTION_DAYS = 400;

const Count = z.number().int().nonnegative().optional();

/** The counts of one profile sync; a count TikTok did not send (scope not granted) is left out. */
export const ProfileCountsSchema = z.object({
  followerCount: Count,
  followingCount: Count,
  likesCount: Count,
  videoCount: Count,
});
export type ProfileCounts = z.infer<typeof ProfileCountsSchema>;

/** A `profile_snapshots` document: an account's counts at one profile sync (the reporting hub's snapshots). */
export const ProfileSnapshotSchema = ProfileCountsSchema.extend({
  _id: z.string().startsWith("ps_"),
  accountId: z.string().min(1),
  at: z.date(),
  /** MongoDB's TTL index deletes the snapshot at this time. */
  expiresAt: z.date(),
});
export type ProfileSnapshot = z.infer<typeof ProfileSnapshotSchema>;

const RecordSchema = ProfileCountsSchema.extend({ accountId: z.string().min(1), at: z.date() });
export type RecordProfileSnapshotInput = z.input<typeof RecordSchema>;

export const PROFILE_BUCKETS = ["hour", "day", "week"] as const;
export type ProfileBucket = (typeof PROFILE_BUCKETS)[number];

/** One point of the series: the last snapshot within the bucket starting at `at`. */
export type ProfileHistoryPoint = ProfileCounts & { at: Date };

const PointSchema = ProfileCountsSchema.extend({ at: z.date() });

export type ProfileHistoryRepo = ReturnType<typeof createProfileHistoryRepo>;

/** Profile counts over time: one snapshot per profile sync, read back as a bucketed series. */
export function createProfileHistoryRepo(db: Db, options: { retentionDays?: number | undefined } = {}) {
  const col = db.collection<ProfileSnapshot>(COLLECTIONS.profileSnapshots);
  const retentionMs = (options.retentionDays ?? PROFILE_HISTORY_RETENTION_DAYS) * 86_400_000;

  return {
    /** Records one sync's counts; a sync without any count (no stats scope) records nothing. */
    async record(input: RecordProfileSnapshotInput): Promise<boolean> {
      const { accountId, at, ...counts } = validateInput(RecordSchema, input, "profile snapshot");
      const present = Object.fromEntries(Object.entries(counts).filter(([, value]) => value !== undefined));
      if (Object.keys(present).length === 0) return false;
      const expiresAt = new Date(at.getTime() + retentionMs);
      await col.insertOne({ _id: mintId("ps"), accountId, at, ...present, expiresAt });
      return true;
    },

    /**
     * The account's series in `[from, to]`, oldest first: per bucket (UTC hour, day or week starting Monday) the
     * counts of the last snapshot in it. One aggregation over the `accountId, at` index.
     */
    async history(input: { accountId: string; from: Date; to: Date; bucket: ProfileBucket }) {
      const unit = input.bucket;
      const docs = await col
        .aggregate([
          { $match: { accountId: input.accountId, at: { $gte: input.from, $lte: input.to } } },
          { $sort: { at: 1 } },
          {
            $group: {
              _id: {
                $dateTrunc: {
                  date: "$at",
                  unit,
                  timezone: "UTC",
                  ...(unit === "week" ? { startOfWeek: "monday" } : {}),
                },
              },
              followerCount: { $last: "$followerCount" },
              followingCount: { $last: "$followingCount" },
              likesCount: { $last: "$likesCount" },
              videoCount: { $last: "$videoCount" },
            },
          },
          { $sort: { _id: 1 } },
        ])
        .toArray();
      return docs.map((doc) => {
        const { _id, ...counts } = doc;
        const present = Object.fromEntries(Object.entries(counts).filter(([, value]) => value != null));
        return parseDocument(PointSchema, COLLECTIONS.profileSnapshots, { at: _id, ...present }) as ProfileHistoryPoint;
      });
    },

    /** Revocation: a creator who withdrew consent keeps no history with us. */
    async purgeAccount(accountId: string): Promise<number> {
      return (await col.deleteMany({ accountId })).deletedCount;
    },
  };
}

export async function ensureProfileHistoryIndexes(db: Db): Promise<void> {
  const col = db.collection(COLLECTIONS.profileSnapshots);
  await syncIndex(col, { accountId: 1, at: 1 }, { name: "account_at" });
  await syncIndex(col, { expiresAt: 1 }, { name: "expiresAt_ttl", expireAfterSeconds: 0 });
}
