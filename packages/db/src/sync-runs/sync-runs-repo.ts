import { AppError } from "@trendpot/errors";
import type { Db, Filter } from "mongodb";
import { z } from "zod";
import { COLLECTIONS } from "../collections";
import {
  checkLimit,
  compact,
  decodeCursor,
  encodeCursor,
  mintId,
  type Page,
  parseDocument,
  syncIndex,
  validateInput,
} from "../shared/store-kit";

/** How long a run is kept by default (`SYNC_RUN_RETENTION_DAYS`). */
export const SYNC_RUN_RETENTION_DAYS = 90;
const MAX_LOG_IDS = 20;

const Counts = z.object({
  videos: z.number().int().nonnegative().optional(),
  calls: z.number().int().nonnegative().optional(),
  pages: z.number().int().nonnegative().optional(),
});

/** A `sync_runs` document: one run of a job for one account (the operational sync log). */
export const SyncRunSchema = z.object({
  _id: z.string().startsWith("run_"),
  accountId: z.string().min(1),
  kind: z.enum(["ingestion", "metrics", "profile", "token_refresh"]),
  trigger: z.enum(["consent", "schedule", "manual", "webhook"]),
  jobId: z.string().min(1).optional(),
  startedAt: z.date(),
  finishedAt: z.date().optional(),
  outcome: z.enum(["ok", "failed", "skipped"]).optional(),
  counts: Counts.optional(),
  /** An error code and a message safe to show to ops: never a token or a raw TikTok payload. */
  error: z.object({ code: z.string().min(1), message: z.string().max(1000) }).optional(),
  /** TikTok's `log_id`s of the run's calls (the first few), what TikTok support asks for. */
  tiktokLogIds: z.array(z.string().min(1).max(200)).max(MAX_LOG_IDS).optional(),
  /** MongoDB's TTL index deletes the run at this time; a retention change applies to new runs, no index rebuild. */
  expiresAt: z.date().optional(),
});
export type SyncRun = z.infer<typeof SyncRunSchema>;

const StartSchema = SyncRunSchema.pick({ accountId: true, kind: true, trigger: true, jobId: true, startedAt: true });
export type StartSyncRunInput = z.input<typeof StartSchema>;

const FinishSchema = z.object({
  outcome: SyncRunSchema.shape.outcome.unwrap(),
  finishedAt: z.date(),
  counts: Counts.optional(),
  error: SyncRunSchema.shape.error,
  tiktokLogIds: SyncRunSchema.shape.tiktokLogIds,
});
export type FinishSyncRunInput = z.input<typeof FinishSchema>;

const CursorSchema = z.object({ t: z.iso.datetime(), id: z.string().startsWith("run_") });

export type SyncRunsRepo = ReturnType<typeof createSyncRunsRepo>;

/** The sync log: when each job ran for an account, how it ended and what it did. */
export function createSyncRunsRepo(db: Db, options: { retentionDays?: number | undefined } = {}) {
  const col = db.collection<SyncRun>(COLLECTIONS.syncRuns);
  const parse = (doc: unknown) => parseDocument(SyncRunSchema, COLLECTIONS.syncRuns, doc);
  const retentionMs = (options.retentionDays ?? SYNC_RUN_RETENTION_DAYS) * 86_400_000;

  return {
    async start(input: StartSyncRunInput): Promise<SyncRun> {
      const fields = validateInput(StartSchema, input, "sync run");
      const expiresAt = new Date(fields.startedAt.getTime() + retentionMs);
      const run: SyncRun = compact({ _id: mintId("run"), ...fields, expiresAt });
      await col.insertOne(run);
      return run;
    },

    /** Finishes a run once. `NOT_FOUND` for an unknown run, `CONFLICT` when it already finished. */
    async finish(id: string, input: FinishSyncRunInput): Promise<SyncRun> {
      const fields = compact(validateInput(FinishSchema, input, "sync run result"));
      const updated = await col.findOneAndUpdate(
        { _id: id, finishedAt: { $exists: false } },
        { $set: fields },
        { returnDocument: "after" },
      );
      if (updated) return parse(updated);
      const existing = await col.findOne({ _id: id }, { projection: { _id: 1 } });
      throw new AppError(existing ? "CONFLICT" : "NOT_FOUND", {
        message: existing ? "The run already finished." : "No such run.",
      });
    },

    /** An account's runs, newest first, with an opaque cursor. */
    async listByAccount(input: { accountId: string; limit: number; cursor?: string }): Promise<Page<SyncRun>> {
      const limit = checkLimit(input.limit);
      let filter: Filter<SyncRun> = { accountId: input.accountId };
      if (input.cursor !== undefined) {
        const after = decodeCursor(CursorSchema, input.cursor);
        const t = new Date(after.t);
        filter = { ...filter, $or: [{ startedAt: { $lt: t } }, { startedAt: t, _id: { $lt: after.id } }] };
      }
      const docs = await col
        .find(filter)
        .sort({ startedAt: -1, _id: -1 })
        .limit(limit + 1)
        .toArray();
      const items = docs.slice(0, limit).map(parse);
      const last = items.at(-1);
      if (docs.length <= limit || !last) return { items };
      return { items, nextCursor: encodeCursor({ t: last.startedAt.toISOString(), id: last._id }) };
    },

    /** The latest runs of every account, newest first (the status page). */
    async listRecent(limit: number): Promise<SyncRun[]> {
      const docs = await col.find({}).sort({ startedAt: -1 }).limit(checkLimit(limit)).toArray();
      return docs.map(parse);
    },

    /** Retention: deletes runs started before `before`; returns how many. */
    async purgeOlderThan(before: Date): Promise<number> {
      return (await col.deleteMany({ startedAt: { $lt: before } })).deletedCount;
    },
  };
}

export async function ensureSyncRunsIndexes(db: Db): Promise<void> {
  const col = db.collection(COLLECTIONS.syncRuns);
  await syncIndex(col, { accountId: 1, startedAt: -1, _id: -1 }, { name: "account_startedAt" });
  await syncIndex(col, { startedAt: 1 }, { name: "startedAt" });
  await syncIndex(col, { expiresAt: 1 }, { name: "expiresAt_ttl", expireAfterSeconds: 0 });
}
