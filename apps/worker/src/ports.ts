import type { EventPublisher } from "@trendpot/jobs";
import type { TikTokMetrics } from "@trendpot/telemetry";
import type { TikTokClient } from "@trendpot/tiktok-display";
import type { Logger } from "pino";

/** Account statuses as stored in `tiktok_accounts`. */
export type WorkerAccountStatus = "active" | "needs_reauth" | "revoked" | "error";

/** What the jobs read about an account (never its credentials). */
export interface WorkerAccount {
  id: string;
  userId: string;
  openId: string;
  status: WorkerAccountStatus;
  grantedScopes: readonly string[];
  /** The `/v2/video/list/` cursor of an interrupted ingestion (epoch ms), absent when none is in progress. */
  ingestionCursor?: number | undefined;
  videosSyncedAt?: Date | undefined;
  profileSyncedAt?: Date | undefined;
}

/** The account operations the worker needs; `deps.ts` adapts `@trendpot/db` to it. */
export interface AccountsPort {
  get(accountId: string): Promise<WorkerAccount | null>;
  findByOpenId(openId: string): Promise<WorkerAccount | null>;
  /** Active accounts, for the refresh planner. */
  listActive(): Promise<WorkerAccount[]>;
  /** Persists (or clears, with null) the ingestion cursor after each page. */
  saveIngestionCursor(accountId: string, cursor: number | null): Promise<void>;
  /** Records a successful sync and clears `lastError`. */
  recordSync(
    accountId: string,
    field: "videosSyncedAt" | "metricsSyncedAt" | "profileSyncedAt",
    at: Date,
  ): Promise<void>;
  recordError(accountId: string, error: { code: string; message: string; at: Date }): Promise<void>;
  /** Active accounts whose access token expires before `date` (soonest first). */
  listTokensExpiringBefore(date: Date): Promise<{ accountId: string; accessExpiresAt: Date }[]>;
  /** Stores a sanitized profile snapshot. */
  saveProfile(accountId: string, profile: WorkerProfile): Promise<void>;
}

/** A sanitized profile snapshot (seed 000's daily user snapshot). */
export interface WorkerProfile {
  displayName?: string | undefined;
  avatarUrl?: string | undefined;
  username?: string | undefined;
  bioDescription?: string | undefined;
  isVerified?: boolean | undefined;
  followerCount?: number | undefined;
  followingCount?: number | undefined;
  likesCount?: number | undefined;
  videoCount?: number | undefined;
  syncedAt: Date;
}

/** The single-flight credential store (one refresh per account across every process). */
export interface CredentialsPort {
  /** A usable access token, refreshed first when it is about to expire. The token never leaves the job. */
  getFreshAccessToken(accountId: string, context: { requestId: string; operation: string }): Promise<string>;
  /** Refreshes now (after `access_token_invalid`, or proactively) and returns the new access token. */
  refreshNow(accountId: string, context: { requestId: string; operation: string }): Promise<string>;
}

/** The structured logger (pino); its redaction keeps tokens out of log lines. */
export type WorkerLogger = Pick<Logger, "info" | "warn" | "error" | "debug" | "child">;

/** Latest counts of a video as TikTok reported them at `at`. */
export interface VideoCounts {
  views: number;
  likes: number;
  comments: number;
  shares: number;
  at: Date;
}

/** A video as ingestion hands it to the repository (the shape of `@trendpot/db`'s `VideoUpsert`). */
export interface VideoRecord {
  id: string;
  accountId: string;
  userId: string;
  title: string;
  description: string;
  createTime: Date;
  shareUrl: string;
  durationSec?: number;
  width?: number;
  height?: number;
  coverImageUrl?: string;
  coverImageFetchedAt?: Date;
  embed?: Record<string, unknown>;
  embedRejectedReason?: string;
  metrics?: VideoCounts;
}

/** The video and history operations the worker needs (`@trendpot/db` videos and metrics repositories). */
export interface VideosPort {
  upsertMany(videos: VideoRecord[], now?: Date): Promise<{ insertedIds: string[] }>;
  /** Deletes every video of a revoked account; returns the ids. */
  pruneAccount(accountId: string): Promise<string[]>;
  listForRefresh(accountId: string): Promise<{ id: string; createTime: Date; lastRefreshedAt?: Date }[]>;
  newestCreateTime(accountId: string): Promise<Date | null>;
  applyMetrics(updates: (VideoCounts & { videoId: string })[]): Promise<string[]>;
  markRemoved(accountId: string, videoIds: string[], now?: Date): Promise<number>;
}

export interface HistoryPort {
  appendPoints(points: (VideoCounts & { videoId: string; accountId: string })[], now?: Date): Promise<unknown>;
}

/** The maintenance operations (each idempotent, each safe to run on several workers at once). */
export interface MaintenancePort {
  /** One batch of the re-encryption sweep; `lastId` resumes, `done` when nothing is left. */
  reEncryptBatch(input: { batchSize: number; resumeAfter?: string | undefined }): Promise<{
    reEncrypted: number;
    lastId?: string | undefined;
    done: boolean;
  }>;
  reconcileMirrors(input: { batchSize: number }): Promise<{ repaired: number }>;
  /** Deletes history buckets of days before `day` (`YYYY-MM-DD`). */
  purgeHistoryBefore(day: string): Promise<number>;
}

/** Dependencies every job receives. */
export interface JobDeps {
  accounts: AccountsPort;
  credentials: CredentialsPort;
  tiktok: Pick<TikTokClient, "listVideos" | "queryVideos" | "fetchOEmbed" | "getUserInfo">;
  videos: VideosPort;
  history: HistoryPort;
  events: EventPublisher;
  metrics: Pick<TikTokMetrics, "ingestionVideos" | "sanitizerRejected" | "tokenRefresh">;
  logger: WorkerLogger;
  now: () => Date;
}
