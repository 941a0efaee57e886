import { StoredTokenSchema } from "@trendpot/token-cipher";
import { z } from "zod";

export const ACCOUNT_STATUSES = ["active", "needs_reauth", "revoked", "error"] as const;
export const AccountStatusSchema = z.enum(ACCOUNT_STATUSES);
export type AccountStatus = z.infer<typeof AccountStatusSchema>;

/** An encrypted token pair as written: both blobs are required and non-empty (the stored format enforces it). */
export const SealedCredentialsSchema = z
  .object({
    accessToken: StoredTokenSchema,
    refreshToken: StoredTokenSchema,
    keyId: z.string().min(1),
    accessExpiresAt: z.date(),
    refreshExpiresAt: z.date(),
  })
  .strict();
export type SealedCredentials = z.infer<typeof SealedCredentialsSchema>;

export const AccountCredentialsSchema = SealedCredentialsSchema.extend({
  version: z.number().int().positive(),
  updatedAt: z.date(),
});
export type AccountCredentials = z.infer<typeof AccountCredentialsSchema>;

/** The profile as the caller sanitized it; nothing here is raw TikTok markup. */
export const AccountProfileSchema = z.object({
  displayName: z.string().optional(),
  avatarUrl: z.string().optional(),
  username: z.string().optional(),
  bioDescription: z.string().optional(),
  isVerified: z.boolean().optional(),
  followerCount: z.number().int().nonnegative().optional(),
  followingCount: z.number().int().nonnegative().optional(),
  likesCount: z.number().int().nonnegative().optional(),
  videoCount: z.number().int().nonnegative().optional(),
  syncedAt: z.date(),
});
export type AccountProfile = z.infer<typeof AccountProfileSchema>;

export const LastErrorSchema = z.object({ code: z.string().min(1), message: z.string(), at: z.date() });
export type LastError = z.infer<typeof LastErrorSchema>;

export const AccountSyncSchema = z.object({
  profileSyncedAt: z.date().optional(),
  videosSyncedAt: z.date().optional(),
  metricsSyncedAt: z.date().optional(),
  /** When a page of videos was last stored: written with the page, in its transaction. */
  videosWrittenAt: z.date().optional(),
  ingestionCursor: z.union([z.string(), z.number()]).optional(),
  lastError: LastErrorSchema.optional(),
});
export type AccountSync = z.infer<typeof AccountSyncSchema>;

/**
 * A `tiktok_accounts` document. `credentialsVersion` counts every change of the credentials (writes and clears)
 * and never goes back, so the user mirror can order writes even across a revoke and a reconnect.
 */
export const AccountSchema = z.object({
  _id: z.string().regex(/^acc_[a-z0-9]+$/),
  openId: z.string().min(1),
  unionId: z.string().min(1).optional(),
  userId: z.string().min(1),
  status: AccountStatusSchema,
  grantedScopes: z.array(z.string()),
  requestedScopes: z.array(z.string()),
  credentials: AccountCredentialsSchema.optional(),
  credentialsVersion: z.number().int().nonnegative().default(0),
  profile: AccountProfileSchema.optional(),
  sync: AccountSyncSchema.default({}),
  createdAt: z.date(),
  updatedAt: z.date(),
  revokedAt: z.date().optional(),
  revokeReason: z.string().optional(),
});
export type Account = z.infer<typeof AccountSchema>;
/** The stored shape (what the driver reads and writes). */
export type AccountDocument = z.input<typeof AccountSchema>;
