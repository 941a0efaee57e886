import type { VideoUpsert } from "@trendpot/db";
import { sanitizeOEmbed } from "@trendpot/oembed-sanitizer";
import { isTikTokApiError, type TikTokVideo, type VideoPage } from "@trendpot/tiktok-display";
import type { JobDeps, WorkerAccount } from "../ports";
import { INGESTION_VIDEO_FIELDS, toVideoUpsert } from "./video-mapping";

export interface IngestAccountInput {
  accountId: string;
  requestId: string;
  /** `TIKTOK_INGESTION_PAGE_SIZE` (≤ 20). */
  pageSize: number;
  /** oEmbed fetches run this many at a time (oEmbed is outside the Display API budget). */
  oembedConcurrency?: number;
}

export type IngestAccountResult =
  | { status: "completed"; pages: number; videos: number; embedsRejected: number; resumedFrom?: number }
  | { status: "skipped"; reason: "not_found" | "not_active" | "revoked_during_run"; pages: number; videos: number };

/**
 * Initial ingestion of one account: pages through `/v2/video/list/` under one token read, from the stored cursor (so
 * a crashed run resumes where it stopped), sanitizes each video's oEmbed, upserts the page idempotently with the
 * next cursor (in one transaction), publishes `tiktok.videos.update` (upsert), and records `videosSyncedAt` at the
 * end. Stops cleanly when the account is revoked or loses its authorization mid-way, deleting anything written
 * after the revocation.
 */
export async function ingestAccount(deps: JobDeps, input: IngestAccountInput): Promise<IngestAccountResult> {
  const logger = deps.logger.child({ accountId: input.accountId, requestId: input.requestId });
  const initial = await deps.accounts.get(input.accountId);
  if (!initial) return { status: "skipped", reason: "not_found", pages: 0, videos: 0 };
  if (initial.status !== "active") return { status: "skipped", reason: "not_active", pages: 0, videos: 0 };
  const resumedFrom = initial.ingestionCursor;
  if (resumedFrom !== undefined) logger.info({ cursor: resumedFrom }, "ingestion resumes from a stored cursor");
  let pages = 0;
  let videos = 0;
  let embedsRejected = 0;
  let revoked = false;
  const listed = await listPages(deps, input, "ingestion.list", resumedFrom, async (page) => {
    pages += 1;
    const next = page.hasMore && page.cursor !== undefined ? page.cursor : null;
    const stored = await storePage(deps, initial, page.videos, { ...input, ingestionCursor: next });
    videos += stored.count;
    embedsRejected += stored.rejected;
    revoked = stored.stopped;
    return revoked ? "stop" : "more";
  });
  if (listed === "stopped" || revoked) {
    logger.info({ pages }, "account no longer active during ingestion; stopped");
    return { status: "skipped", reason: "revoked_during_run", pages, videos };
  }
  await deps.accounts.recordSync(input.accountId, "videosSyncedAt", deps.now());
  logger.info({ pages, videos, embedsRejected }, "ingestion completed");
  return { status: "completed", pages, videos, embedsRejected, ...(resumedFrom !== undefined ? { resumedFrom } : {}) };
}

/**
 * Lists pages from `from` under one token read, handing each to `onPage` until TikTok has no more or `onPage`
 * says "stop". "stopped" when something failed because the account is no longer active (revoked mid-run); any
 * other failure is thrown.
 */
export async function listPages(
  deps: JobDeps,
  input: Pick<IngestAccountInput, "accountId" | "requestId" | "pageSize">,
  operation: "ingestion.list" | "ingestion.incremental",
  from: number | undefined,
  onPage: (page: VideoPage) => Promise<"more" | "stop">,
): Promise<"listed" | "stopped"> {
  let cursor = from;
  try {
    return await deps.credentials.withDisplay(
      input.accountId,
      { requestId: input.requestId, operation },
      async (display) => {
        // Run again after a token refresh, it goes on from the page TikTok refused.
        for (;;) {
          const page = await display.listVideos({
            ...(cursor !== undefined ? { cursor } : {}),
            maxCount: input.pageSize,
            fields: INGESTION_VIDEO_FIELDS,
          });
          if ((await onPage(page)) === "stop" || !page.hasMore || page.cursor === undefined) return "listed" as const;
          cursor = page.cursor;
        }
      },
    );
  } catch (error) {
    if (await isActiveElsePrune(deps, input.accountId)) throw error;
    return "stopped";
  }
}

/** The account when it is active; otherwise null, pruning a revoked (or deleted) account again in case a write raced. */
export async function activeAccountElsePrune(deps: JobDeps, accountId: string): Promise<WorkerAccount | null> {
  const account = await deps.accounts.get(accountId);
  if (account?.status === "active") return account;
  if (!account || account.status === "revoked") await deps.videos.pruneAccount(accountId);
  return null;
}

/**
 * False when the account is gone or not active. Side effect: a revoked (or deleted) account's videos are deleted
 * again, since a write may have raced the revocation (see {@link activeAccountElsePrune}).
 */
export async function isActiveElsePrune(deps: JobDeps, accountId: string): Promise<boolean> {
  return (await activeAccountElsePrune(deps, accountId)) !== null;
}

interface StoredPage {
  count: number;
  rejected: number;
  /** The account stopped being active (revoked, needs re-authorization): the run ends. */
  stopped: boolean;
}

/**
 * Upserts one page (and, given one, the listing's next cursor) and publishes it. The page is stored only while the
 * account is active, in one transaction with a stamp on the account: a revocation that committed first leaves the
 * page unstored (and its videos are pruned again, in case an earlier write raced it), one that commits after it
 * prunes the page with the rest.
 */
export async function storePage(
  deps: JobDeps,
  account: Pick<WorkerAccount, "id" | "userId">,
  listed: readonly TikTokVideo[],
  options: { oembedConcurrency?: number; ingestionCursor?: number | null },
): Promise<StoredPage> {
  const stopped = { count: 0, rejected: 0, stopped: true };
  // Nothing to store and no cursor to save: only whether the account is still active matters.
  if (listed.length === 0 && options.ingestionCursor === undefined) {
    return (await isActiveElsePrune(deps, account.id)) ? { count: 0, rejected: 0, stopped: false } : stopped;
  }
  const at = deps.now();
  const owner = { accountId: account.id, userId: account.userId };
  const records = await mapLimit(listed, options.oembedConcurrency ?? 4, (video) => withEmbed(deps, video, owner, at));
  const cursor = options.ingestionCursor === undefined ? {} : { ingestionCursor: options.ingestionCursor };
  const { stored } = await deps.videos.upsertForActiveAccount(account.id, records, at, cursor);
  if (!stored) {
    await isActiveElsePrune(deps, account.id);
    return stopped;
  }
  if (records.length === 0) return { count: 0, rejected: 0, stopped: false };
  const rejected = records.filter((record) => record.embedRejectedReason !== undefined).length;
  deps.metrics.ingestionVideos.add(records.length - rejected, { outcome: "upserted" });
  if (rejected > 0) deps.metrics.ingestionVideos.add(rejected, { outcome: "rejected" });
  await deps.events.publish({
    type: "upsert",
    accountId: account.id,
    userId: account.userId,
    videoIds: records.map((record) => record.id),
    at: at.toISOString(),
  });
  return { count: records.length, rejected, stopped: false };
}

/** Fetches and sanitizes the oEmbed; a rejected or unavailable embed is recorded on the video, never stored raw. */
async function withEmbed(
  deps: JobDeps,
  video: TikTokVideo,
  owner: { accountId: string; userId: string },
  at: Date,
): Promise<VideoUpsert> {
  const record = toVideoUpsert(video, owner, at);
  if (!record.shareUrl) return { ...record, embedRejectedReason: "no_share_url" };
  let raw: unknown;
  try {
    raw = await deps.tiktok.fetchOEmbed(record.shareUrl);
  } catch (error) {
    // 4xx: private, removed or not embeddable; retrying will not help. 5xx/network: let the page retry.
    if (isTikTokApiError(error) && !error.retryable) return { ...record, embedRejectedReason: "oembed_unavailable" };
    throw error;
  }
  const result = sanitizeOEmbed(raw);
  if (result.ok && result.value.videoId === video.id) return { ...record, embed: result.value };
  const reason = result.ok ? "video_id_mismatch" : result.reason;
  deps.metrics.sanitizerRejected.add(1, { reason });
  deps.logger.warn({ accountId: owner.accountId, videoId: video.id, reason }, "oEmbed rejected by the sanitizer");
  return { ...record, embedRejectedReason: reason };
}

/** Maps with at most `limit` calls in flight, keeping the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return results;
}
