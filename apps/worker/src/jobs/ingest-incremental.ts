import type { JobDeps } from "../ports";
import { listPages, storePage } from "./ingest-account";

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
  let pages = 0;
  let newVideos = 0;
  let revoked = false;
  const listed = await listPages(deps, input, "ingestion.incremental", undefined, async (page) => {
    pages += 1;
    const fresh = page.videos.filter((video) => !newest || video.createTime > newest);
    const stored = await storePage(deps, account, fresh, {});
    newVideos += stored.count;
    revoked = stored.stopped;
    // A page that reaches a create time already held is the last one needed.
    return revoked || fresh.length < page.videos.length ? "stop" : "more";
  });
  if (listed === "stopped" || revoked) return { status: "skipped", reason: "not_active" };
  await deps.accounts.recordSync(input.accountId, "videosSyncedAt", deps.now());
  return { status: "completed", pages, newVideos };
}
