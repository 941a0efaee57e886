import type { JobDeps } from "../ports";
import { listPage, storePage } from "./ingest-account";

export interface IngestIncrementalInput {
  accountId: string;
  requestId: string;
  pageSize: number;
}

export type IngestIncrementalResult =
  | { status: "completed"; pages: number; newVideos: number }
  | { status: "skipped"; reason: "not_active" };

/**
 * Picks up videos posted since the last sync: lists from the newest video (TikTok lists newest first) and stops at
 * the first page that reaches a create time we already hold. Usually one call. Accounts without any video yet
 * are listed in full.
 */
export async function ingestIncremental(
  deps: JobDeps,
  input: IngestIncrementalInput,
): Promise<IngestIncrementalResult> {
  const account = await deps.accounts.get(input.accountId);
  if (account?.status !== "active") return { status: "skipped", reason: "not_active" };
  const newest = await deps.videos.newestCreateTime(input.accountId);
  let cursor: number | undefined;
  let pages = 0;
  let newVideos = 0;
  for (;;) {
    const page = await listPage(deps, input, cursor, "ingestion.incremental");
    if (page === "stopped") return { status: "skipped", reason: "not_active" };
    pages += 1;
    const fresh = page.videos.filter((video) => !newest || video.createTime > newest);
    const stored = await storePage(deps, account, fresh, {});
    if (stored.stopped) return { status: "skipped", reason: "not_active" };
    newVideos += stored.count;
    const reachedKnown = fresh.length < page.videos.length;
    if (reachedKnown || !page.hasMore || page.cursor === undefined) break;
    cursor = page.cursor;
  }
  await deps.accounts.recordSync(input.accountId, "videosSyncedAt", deps.now());
  return { status: "completed", pages, newVideos };
}
