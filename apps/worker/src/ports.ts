import type { Credentials } from "@trendpot/credentials";
import type { Account, AccountProfile, AccountsRepo, MetricsRepo, ProfileHistoryRepo, VideosRepo } from "@trendpot/db";
import type { EventPublisher } from "@trendpot/jobs";
import type { TikTokMetrics } from "@trendpot/telemetry";
import type { TikTokClient } from "@trendpot/tiktok-display";
import type { Logger } from "pino";

/**
 * What the jobs read about an account: the stored account without its credentials, flattened, with the ingestion
 * cursor as the number `/v2/video/list/` takes (absent when no ingestion is in progress).
 */
export type WorkerAccount = Pick<Account, "userId" | "openId" | "status" | "grantedScopes"> & {
  id: string;
  ingestionCursor?: number | undefined;
  videosSyncedAt?: Date | undefined;
  profileSyncedAt?: Date | undefined;
  /** When the account was first connected. */
  createdAt: Date;
};

/** The account operations the jobs need, in the jobs' words; `adapters.ts` builds them on db's accounts repository. */
export interface AccountsPort {
  get(accountId: string): Promise<WorkerAccount | null>;
  findByOpenId(openId: string): Promise<WorkerAccount | null>;
  /** Active accounts, for the refresh planner. */
  listActive(): Promise<WorkerAccount[]>;
  /** Records a successful sync and clears `lastError`, only while the account is active; false when it is not. */
  recordSync: AccountsRepo["completeSync"];
  recordError(accountId: string, error: { code: string; message: string; at: Date }): Promise<void>;
  listTokensExpiringBefore: AccountsRepo["listTokensExpiringBefore"];
  saveProfile(accountId: string, profile: AccountProfile): Promise<void>;
}

/** The maintenance tasks, each idempotent and safe to run on several workers at once. */
export interface MaintenancePort {
  /** One batch of the re-encryption sweep; `lastId` resumes, `done` when nothing is left. */
  reEncryptBatch(input: {
    batchSize: number;
    resumeAfter?: string | undefined;
  }): Promise<{ reEncrypted: number; lastId?: string | undefined; done: boolean }>;
  reconcileMirrors(input: { batchSize: number }): Promise<{ repaired: number }>;
  /** Deletes history buckets of days before `day` (`YYYY-MM-DD`). */
  purgeHistoryBefore(day: string): Promise<number>;
}

/** The structured logger (pino); its redaction keeps tokens out of log lines. */
export type WorkerLogger = Pick<Logger, "info" | "warn" | "error" | "debug" | "child">;

/** Dependencies every job receives: the packages' own repositories and store, narrowed to what jobs call. */
export interface JobDeps {
  accounts: AccountsPort;
  /** Every TikTok call that needs a token goes through the credentials; the jobs never hold one. */
  credentials: Pick<Credentials, "withDisplay" | "refreshNow">;
  /** oEmbed needs no token. */
  tiktok: Pick<TikTokClient, "fetchOEmbed">;
  videos: Pick<
    VideosRepo,
    "upsertForActiveAccount" | "pruneAccount" | "listForRefresh" | "newestCreateTime" | "applyMetrics" | "markRemoved"
  >;
  history: Pick<MetricsRepo, "appendPoints">;
  /** Follower, following, likes and video counts at each profile sync. */
  profileHistory: Pick<ProfileHistoryRepo, "record">;
  events: EventPublisher;
  metrics: Pick<TikTokMetrics, "ingestionVideos" | "sanitizerRejected" | "tokenRefresh">;
  logger: WorkerLogger;
  now: () => Date;
}
