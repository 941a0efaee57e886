import { AppError } from "@trendpot/errors";
import { SanitizedOEmbedSchema } from "@trendpot/oembed-sanitizer";
import type { AnyBulkWriteOperation, Db, Filter } from "mongodb";
import type { z } from "zod";
import { COLLECTIONS } from "../collections";
import { checkLimit, compact, mintId, type Page, parseDocument, syncIndex, validateInput } from "../shared/store-kit";
import { afterCursorFilter, decodeVideoCursor, encodeVideoCursor, sortSpec } from "./video-pagination";
import {
  type SortOrder,
  type VideoDocument,
  VideoDocumentSchema,
  type VideoMetricsUpdate,
  VideoMetricsUpdateSchema,
  type VideoSort,
  type VideoUpsert,
  VideoUpsertSchema,
} from "./video-schema";
import { accountTotals, type VideoTotals } from "./video-totals";

/** Options of {@link createVideosRepo}. */
export interface VideosRepoOptions {
  /** The canonical-form check for embeds on write; defaults to the sanitizer's default-policy schema. */
  embedSchema?: z.ZodType;
}

export interface ListVideosInput {
  accountId: string;
  sort: VideoSort;
  order: SortOrder;
  limit: number;
  cursor?: string;
}

/** What a metrics refresh needs to know about a video (projection only). */
export interface VideoRefreshTarget {
  id: string;
  createTime: Date;
  lastRefreshedAt?: Date;
}

export type VideosRepo = ReturnType<typeof createVideosRepo>;

const NOT_REMOVED = { removedAt: { $exists: false } } as const;
const RefreshTargetSchema = VideoDocumentSchema.pick({ _id: true, createTime: true, lastRefreshedAt: true });

/** The repository of ingested videos (submissions). */
export function createVideosRepo(db: Db, options: VideosRepoOptions = {}) {
  const col = db.collection<VideoDocument>(COLLECTIONS.videos);
  const embedSchema = options.embedSchema ?? SanitizedOEmbedSchema;
  const parse = (doc: unknown) => parseDocument(VideoDocumentSchema, COLLECTIONS.videos, doc);

  return {
    /**
     * Inserts or updates videos by TikTok id. Idempotent: the same batch twice leaves the same documents, and
     * `firstSeenAt` is only set on insert. Latest metrics are applied only when newer than the stored ones.
     * Re-ingesting a video marked removed makes it visible again. Returns the ids that were new.
     */
    async upsertMany(videos: VideoUpsert[], now: Date = new Date()): Promise<{ insertedIds: string[] }> {
      if (videos.length === 0) return { insertedIds: [] };
      const ops = videos.flatMap((input) => upsertOps(validateUpsert(input, embedSchema), now));
      const result = await col.bulkWrite(ops, { ordered: true });
      return { insertedIds: Object.values(result.upsertedIds).map(String) };
    },

    /**
     * `upsertMany` for ingestion: stores the page only while its account is active, in one transaction that also
     * stamps the account (`sync.videosWrittenAt`). A revocation writes the same account document, so MongoDB
     * orders the two: a page committed first is deleted by the revocation's prune, a page after it sees the
     * revoked account and stores nothing. `stored: false` means the account is no longer active. With
     * `ingestionCursor`, the stamp also saves where the listing goes on (null: it is done), so a stored page and
     * its cursor are never apart.
     */
    async upsertForActiveAccount(
      accountId: string,
      videos: VideoUpsert[],
      now: Date = new Date(),
      options: { ingestionCursor?: number | null } = {},
    ): Promise<{ stored: boolean; insertedIds: string[] }> {
      const ops = videos.flatMap((input) => {
        const valid = validateUpsert(input, embedSchema);
        if (valid.accountId !== accountId) {
          throw new AppError("VALIDATION_FAILED", { message: "A video of another account was in the page." });
        }
        return upsertOps(valid, now);
      });
      const accounts = db.collection(COLLECTIONS.tiktokAccounts);
      const cursor = options.ingestionCursor;
      const stamp = {
        $set: {
          "sync.videosWrittenAt": now,
          ...(typeof cursor === "number" ? { "sync.ingestionCursor": cursor } : {}),
        },
        ...(cursor === null ? { $unset: { "sync.ingestionCursor": "" } } : {}),
      };
      return db.client.withSession((session) =>
        session.withTransaction(
          async () => {
            const stamped = await accounts.updateOne({ _id: accountId as never, status: "active" }, stamp, {
              session,
            });
            if (stamped.matchedCount === 0) return { stored: false, insertedIds: [] };
            if (ops.length === 0) return { stored: true, insertedIds: [] };
            const result = await col.bulkWrite(ops, { ordered: true, session });
            return { stored: true, insertedIds: Object.values(result.upsertedIds).map(String) };
          },
          { readConcern: { level: "snapshot" }, writeConcern: { w: "majority" }, maxCommitTimeMS: 10_000 },
        ),
      );
    },

    async getById(id: string): Promise<VideoDocument | null> {
      const doc = await col.findOne({ _id: id });
      return doc ? parse(doc) : null;
    },

    /** A page of an account's (not removed) videos in a stable order; `nextCursor` is opaque and validated. */
    async listByAccount(input: ListVideosInput): Promise<Page<VideoDocument>> {
      const limit = checkLimit(input.limit);
      const base: Filter<VideoDocument> = { accountId: input.accountId, ...NOT_REMOVED };
      let filter = base;
      if (input.cursor !== undefined) {
        const after = decodeVideoCursor(input.cursor, input.sort, input.order);
        filter = { $and: [base, afterCursorFilter(input.sort, input.order, after.value, after.id)] };
      }
      const docs = await col
        .find(filter)
        .sort(sortSpec(input.sort, input.order))
        .limit(limit + 1)
        .toArray();
      const items = docs.slice(0, limit).map(parse);
      const last = items.at(-1);
      const hasMore = docs.length > limit && last !== undefined;
      return hasMore ? { items, nextCursor: encodeVideoCursor(last, input.sort, input.order) } : { items };
    },

    /** Ids, create times and last refresh of an account's videos, for scheduling metrics refreshes. */
    async listForRefresh(accountId: string): Promise<VideoRefreshTarget[]> {
      const docs = await col
        .find({ accountId, ...NOT_REMOVED }, { projection: { _id: 1, createTime: 1, lastRefreshedAt: 1 } })
        .sort({ _id: 1 })
        .toArray();
      return docs.map((doc) => {
        const target = parseDocument(RefreshTargetSchema, COLLECTIONS.videos, doc);
        return compact({ id: target._id, createTime: target.createTime, lastRefreshedAt: target.lastRefreshedAt });
      });
    },

    /**
     * Stores the latest counts where they are newer than the stored ones; returns the ids that changed. One bulk
     * write whatever the batch size, each update guarded by "the stored counts are older", so a concurrent newer
     * write still wins. When every guard held, that count says which changed; otherwise one read of the write's
     * marker (unique to this call) tells the videos holding these counts from unknown, newer or same-instant ones.
     */
    async applyMetrics(updates: VideoMetricsUpdate[]): Promise<string[]> {
      const valid = updates.map((update) => validateInput(VideoMetricsUpdateSchema, update, "metrics update"));
      if (valid.length === 0) return [];
      const metricsWrite = mintId("mw");
      const result = await col.bulkWrite(
        valid.map(({ videoId, ...metrics }) => ({
          updateOne: {
            filter: newerMetricsFilter(videoId, metrics.at),
            update: { $set: { metrics, lastRefreshedAt: metrics.at, metricsWrite } },
          },
        })),
        { ordered: false },
      );
      const ids = valid.map((update) => update.videoId);
      if (result.modifiedCount === valid.length) return ids;
      if (result.modifiedCount === 0) return [];
      const held = await col.find({ _id: { $in: ids }, metricsWrite }, { projection: { _id: 1 } }).toArray();
      const heldIds = new Set(held.map((doc) => doc._id));
      return ids.filter((id) => heldIds.has(id));
    },

    /** The newest create time among an account's videos (for incremental listing), or null when it has none. */
    async newestCreateTime(accountId: string): Promise<Date | null> {
      const doc = await col.findOne(
        { accountId },
        { sort: { createTime: -1, _id: -1 }, projection: { createTime: 1 } },
      );
      return doc
        ? parseDocument(VideoDocumentSchema.pick({ createTime: true }), COLLECTIONS.videos, doc).createTime
        : null;
    },

    accountTotals: (accountId: string): Promise<VideoTotals> => accountTotals(col, accountId),

    /** Number of an account's videos that are not marked removed. */
    countByAccount: (accountId: string): Promise<number> => col.countDocuments({ accountId, ...NOT_REMOVED }),

    /** Marks videos that disappeared at TikTok (deleted or made private) as removed; returns how many changed. */
    async markRemoved(accountId: string, videoIds: string[], now: Date = new Date()): Promise<number> {
      if (videoIds.length === 0) return 0;
      const filter = { accountId, _id: { $in: videoIds }, ...NOT_REMOVED };
      const result = await col.updateMany(filter, { $set: { removedAt: now, updatedAt: now } });
      return result.modifiedCount;
    },

    /**
     * Revocation: deletes every video of the account (we keep no content of a creator who withdrew consent) and
     * returns the deleted ids, for the `prune` event. Loops until none is left, so a straggling write is caught.
     */
    async pruneAccount(accountId: string): Promise<string[]> {
      const removed: string[] = [];
      for (;;) {
        const batch = await col
          .find({ accountId }, { projection: { _id: 1 } })
          .limit(1000)
          .toArray();
        if (batch.length === 0) return removed;
        const ids = batch.map((doc) => doc._id);
        await col.deleteMany({ accountId, _id: { $in: ids } });
        removed.push(...ids);
      }
    },
  };
}

function validateUpsert(input: VideoUpsert, embedSchema: z.ZodType): z.output<typeof VideoUpsertSchema> {
  const parsed = VideoUpsertSchema.safeParse(input);
  const embedOk = input.embed === undefined || embedSchema.safeParse(input.embed).success;
  if (!parsed.success || !embedOk) {
    const paths = parsed.success ? ["embed"] : parsed.error.issues.map((issue) => issue.path.join("."));
    throw new AppError("VALIDATION_FAILED", {
      message: "A video to store is invalid.",
      details: { id: input.id, paths },
    });
  }
  if (parsed.data.embed !== undefined && parsed.data.embedRejectedReason !== undefined) {
    throw new AppError("VALIDATION_FAILED", { message: "A video has both an embed and a rejection reason." });
  }
  return parsed.data;
}

function upsertOps(video: z.output<typeof VideoUpsertSchema>, now: Date): AnyBulkWriteOperation<VideoDocument>[] {
  const { id, metrics, ...fields } = video;
  const unset: Record<string, ""> = { removedAt: "" };
  if (fields.embed !== undefined) unset.embedRejectedReason = "";
  if (fields.embedRejectedReason !== undefined) unset.embed = "";
  const ops: AnyBulkWriteOperation<VideoDocument>[] = [
    {
      updateOne: {
        filter: { _id: id },
        update: { $set: { ...compact(fields), updatedAt: now }, $setOnInsert: { firstSeenAt: now }, $unset: unset },
        upsert: true,
      },
    },
  ];
  if (metrics !== undefined) {
    ops.push({
      updateOne: {
        filter: newerMetricsFilter(id, metrics.at),
        update: { $set: { metrics, lastRefreshedAt: metrics.at } },
      },
    });
  }
  return ops;
}

function newerMetricsFilter(videoId: string, at: Date): Filter<VideoDocument> {
  return { _id: videoId, $or: [{ metrics: { $exists: false } }, { "metrics.at": { $lt: at } }] };
}

/** Creates the indexes listings and refreshes use. One compound index per sort key keeps every listing indexed. */
export async function ensureVideosIndexes(db: Db): Promise<void> {
  const col = db.collection(COLLECTIONS.videos);
  await syncIndex(col, { accountId: 1, createTime: -1, _id: -1 }, { name: "account_createTime" });
  for (const metric of ["views", "likes", "comments", "shares"]) {
    await syncIndex(col, { accountId: 1, [`metrics.${metric}`]: -1, _id: -1 }, { name: `account_${metric}` });
  }
}
