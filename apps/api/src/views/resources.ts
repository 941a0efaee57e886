import type { Account, VideoDocument } from "@trendpot/db";
import { z } from "zod";

const iso = (value: Date | undefined) => value?.toISOString();

/** An account as the API shows it: status, scopes, sync state, profile. Never a token or a ciphertext. */
export const AccountViewSchema = z.object({
  id: z.string(),
  userId: z.string(),
  openId: z.string(),
  status: z.enum(["active", "needs_reauth", "revoked", "error"]),
  grantedScopes: z.array(z.string()),
  requestedScopes: z.array(z.string()),
  missingScopes: z.array(z.string()),
  sync: z.object({
    profileSyncedAt: z.string().nullable(),
    videosSyncedAt: z.string().nullable(),
    metricsSyncedAt: z.string().nullable(),
    lastError: z.object({ code: z.string(), message: z.string(), at: z.string() }).optional(),
  }),
  profile: z
    .object({
      displayName: z.string().optional(),
      username: z.string().optional(),
      avatarUrl: z.string().optional(),
      bioDescription: z.string().optional(),
      isVerified: z.boolean().optional(),
      followerCount: z.number().optional(),
      followingCount: z.number().optional(),
      likesCount: z.number().optional(),
      videoCount: z.number().optional(),
      syncedAt: z.string(),
    })
    .optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  revokedAt: z.string().optional(),
  revokeReason: z.string().optional(),
});
export type AccountView = z.infer<typeof AccountViewSchema>;

/** Picks the public fields (an allowlist: new stored fields never leak by default). */
export function toAccountView(account: Account): AccountView {
  const { sync, profile } = account;
  return {
    id: account._id,
    userId: account.userId,
    openId: account.openId,
    status: account.status,
    grantedScopes: account.grantedScopes,
    requestedScopes: account.requestedScopes,
    missingScopes: account.requestedScopes.filter((scope) => !account.grantedScopes.includes(scope)),
    sync: {
      profileSyncedAt: iso(sync.profileSyncedAt) ?? null,
      videosSyncedAt: iso(sync.videosSyncedAt) ?? null,
      metricsSyncedAt: iso(sync.metricsSyncedAt) ?? null,
      ...(sync.lastError
        ? {
            lastError: {
              code: sync.lastError.code,
              message: sync.lastError.message,
              at: sync.lastError.at.toISOString(),
            },
          }
        : {}),
    },
    ...(profile
      ? {
          profile: {
            displayName: profile.displayName,
            username: profile.username,
            avatarUrl: profile.avatarUrl,
            bioDescription: profile.bioDescription,
            isVerified: profile.isVerified,
            followerCount: profile.followerCount,
            followingCount: profile.followingCount,
            likesCount: profile.likesCount,
            videoCount: profile.videoCount,
            syncedAt: profile.syncedAt.toISOString(),
          },
        }
      : {}),
    createdAt: account.createdAt.toISOString(),
    updatedAt: account.updatedAt.toISOString(),
    revokedAt: iso(account.revokedAt),
    revokeReason: account.revokeReason,
  };
}

export const MetricsViewSchema = z.object({
  views: z.number(),
  likes: z.number(),
  comments: z.number(),
  shares: z.number(),
  at: z.string(),
});

/** A video (submission) with its sanitized embed and latest metrics. */
export const VideoViewSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  userId: z.string(),
  title: z.string(),
  description: z.string(),
  createTime: z.string(),
  shareUrl: z.string(),
  durationSec: z.number().optional(),
  coverImageUrl: z.string().optional(),
  embed: z
    .object({
      html: z.string(),
      title: z.string().optional(),
      authorName: z.string().optional(),
      authorUrl: z.string().optional(),
      thumbnailUrl: z.string().optional(),
    })
    .optional(),
  metrics: MetricsViewSchema.optional(),
  lastRefreshedAt: z.string().optional(),
});
export type VideoView = z.infer<typeof VideoViewSchema>;

export function toVideoView(video: VideoDocument): VideoView {
  return {
    id: video._id,
    accountId: video.accountId,
    userId: video.userId,
    title: video.title,
    description: video.description,
    createTime: video.createTime.toISOString(),
    shareUrl: video.shareUrl,
    durationSec: video.durationSec,
    coverImageUrl: video.coverImageUrl,
    ...(video.embed
      ? {
          embed: {
            html: video.embed.html,
            title: video.embed.title,
            authorName: video.embed.authorName,
            authorUrl: video.embed.authorUrl,
            thumbnailUrl: video.embed.thumbnailUrl,
          },
        }
      : {}),
    ...(video.metrics ? { metrics: { ...video.metrics, at: video.metrics.at.toISOString() } } : {}),
    lastRefreshedAt: video.lastRefreshedAt?.toISOString(),
  };
}
