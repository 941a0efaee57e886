import { readEvents, type StreamEvent, videosUpdateStream } from "@trendpot/jobs";
import type { Stack } from "./stack";
import { waitFor } from "./wait";

/** What the read-only checks need: the api and the sandbox, so multi-process suites can use them too. */
export type StackView = Pick<Stack, "api" | "sandbox">;

export interface AccountView {
  id: string;
  userId: string;
  openId: string;
  status: "active" | "needs_reauth" | "revoked" | "error";
  grantedScopes: string[];
  requestedScopes: string[];
  missingScopes: string[];
  sync: {
    profileSyncedAt: string | null;
    videosSyncedAt: string | null;
    metricsSyncedAt: string | null;
    lastError?: { code: string; message: string; at: string };
  };
  revokedAt?: string;
  revokeReason?: string;
}

export interface VideoView {
  id: string;
  accountId: string;
  metrics?: { views: number; likes: number; comments: number; shares: number; at: string };
}

export async function accountOfUser(stack: StackView, userId: string): Promise<AccountView | undefined> {
  const response = await stack.api.get<AccountView>(`/v1/users/${encodeURIComponent(userId)}/account`);
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw new Error(`GET account of ${userId}: ${response.status} ${response.text}`);
  return response.body;
}

export async function getAccount(stack: StackView, accountId: string): Promise<AccountView> {
  const response = await stack.api.get<AccountView>(`/v1/accounts/${accountId}`);
  if (response.status !== 200) throw new Error(`GET /v1/accounts/${accountId}: ${response.status} ${response.text}`);
  return response.body;
}

/** Every video of an account through the API, following cursors. */
export async function listVideos(stack: StackView, accountId: string): Promise<VideoView[]> {
  const videos: VideoView[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ limit: "100", ...(cursor ? { cursor } : {}) });
    const page = await stack.api.get<{ items: VideoView[]; nextCursor?: string }>(
      `/v1/accounts/${accountId}/videos?${query}`,
    );
    if (page.status !== 200) throw new Error(`listing videos of ${accountId}: ${page.status} ${page.text}`);
    videos.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return videos;
}

/** Ids of the creator's public videos at the sandbox (the ones TikTok would list). */
export function sandboxPublicVideoIds(stack: StackView, openId: string): string[] {
  return stack.sandbox.scenario
    .videos(openId)
    .filter((video) => video.visibility === "public")
    .map((video) => video.id);
}

export function creatorOpenId(stack: StackView, username: string): string {
  const creator = stack.sandbox.scenario.creators().find((c) => c.username === username);
  if (!creator) throw new Error(`no sandbox creator ${username}`);
  return creator.openId;
}

/** Waits until an ingestion finished (`videosSyncedAt` set, and not older than `after`) and returns the account. */
export function waitForIngestion(
  stack: StackView,
  accountId: string,
  options: { after?: number; timeoutMs?: number } = {},
): Promise<AccountView> {
  return waitFor(
    async () => {
      const account = await getAccount(stack, accountId);
      const syncedAt = account.sync.videosSyncedAt;
      return syncedAt && Date.parse(syncedAt) >= (options.after ?? 0) ? account : undefined;
    },
    { description: `ingestion of ${accountId}`, timeoutMs: options.timeoutMs ?? 60_000, intervalMs: 250 },
  );
}

export interface SyncRunView {
  id: string;
  kind: string;
  jobId?: string;
  outcome?: "ok" | "failed" | "skipped";
  error?: { code: string; message: string };
}

/**
 * Triggers a manual sync and waits until every job it queued has a run that finished "ok" (one run is written per
 * attempt, so failed attempts before it are allowed). Waiting on the jobs themselves, not on a timestamp such as
 * `videosSyncedAt`, matters: a scheduled incremental ingestion finishing meanwhile moves that timestamp too.
 */
export async function syncAndWait(
  stack: StackView,
  accountId: string,
  kind: "ingestion" | "metrics" | "profile",
  options: { timeoutMs?: number } = {},
): Promise<SyncRunView[]> {
  const trigger = await stack.api.post<{ jobs: { queue: string; id: string }[] }>(`/v1/accounts/${accountId}/sync`, {
    kind,
  });
  if (trigger.status !== 202) throw new Error(`POST sync ${kind} of ${accountId}: ${trigger.status} ${trigger.text}`);
  const jobIds = trigger.body.jobs.map((job) => job.id);
  if (jobIds.length === 0) throw new Error(`POST sync ${kind} of ${accountId} queued no job`);
  return waitFor(
    async () => {
      const runs = await stack.api.get<{ items: SyncRunView[] }>(`/v1/accounts/${accountId}/sync-runs?limit=100`);
      if (runs.status !== 200) throw new Error(`GET sync-runs of ${accountId}: ${runs.status} ${runs.text}`);
      const finished = jobIds.map((id) => runs.body.items.find((run) => run.jobId === id && run.outcome === "ok"));
      return finished.every((run) => run !== undefined) ? (finished as SyncRunView[]) : undefined;
    },
    {
      description: `${kind} jobs ${jobIds.join(", ")} of ${accountId}`,
      timeoutMs: options.timeoutMs ?? 60_000,
      intervalMs: 250,
    },
  );
}

/** The whole `tiktok.videos.update` stream of this stack. */
export async function readAllEvents(stack: Stack): Promise<StreamEvent[]> {
  const stream = videosUpdateStream(stack.redisPrefix);
  const all: StreamEvent[] = [];
  let from: string | undefined;
  for (;;) {
    const page = await readEvents(stack.redis, stream, { count: 500, ...(from ? { from } : {}) });
    if (page.invalid.length > 0) throw new Error(`invalid stream entries: ${JSON.stringify(page.invalid)}`);
    all.push(...page.events);
    if (!page.lastId) return all;
    from = page.lastId;
  }
}

export interface QueueStats {
  queue: string;
  waiting: number;
  active: number;
  failed: number;
  delayed: number;
  prioritized: number;
  oldestWaitingAgeMs: number | null;
}

export async function queueStats(stack: StackView): Promise<QueueStats[]> {
  const response = await stack.api.get<{ queues: QueueStats[] }>("/v1/ops/queues", "ops");
  if (response.status !== 200) throw new Error(`GET /v1/ops/queues: ${response.status} ${response.text}`);
  return response.body.queues;
}

/** No job running or waiting on any queue (repeating schedulers sit in `delayed` and are fine). */
export function waitForQueuesToSettle(stack: StackView, timeoutMs = 90_000): Promise<QueueStats[]> {
  return waitFor(
    async () => {
      const stats = await queueStats(stack);
      return stats.every((q) => q.waiting === 0 && q.active === 0 && q.prioritized === 0) ? stats : undefined;
    },
    { description: "every queue to settle (nothing waiting or active)", timeoutMs, intervalMs: 500 },
  );
}

/** Strings of `needles` that occur in `haystack` (each reported once). */
export function leakedStrings(haystack: string, needles: readonly string[]): string[] {
  return [...new Set(needles.filter((needle) => needle.length >= 8 && haystack.includes(needle)))];
}

/** The JSON log lines of a file (anything else, e.g. a crash trace, is returned as `{ raw }`). */
export function parseLogLines(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        return { raw: line };
      }
    });
}
