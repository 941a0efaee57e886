import type { AccountProfile, ProfileHistoryRepo } from "@trendpot/db";
import { sanitizeProfile } from "@trendpot/oembed-sanitizer";
import type { TikTokUser } from "@trendpot/tiktok-display";

/**
 * The stored profile for a TikTok user: display name, avatar, username and bio sanitized (no markup, allowlisted
 * avatar hosts), counts kept only when they are non-negative safe integers, absent fields left out. The consent
 * callback and the worker's daily profile refresh both store exactly this.
 */
export function profileFromTikTokUser(user: TikTokUser, syncedAt: Date): AccountProfile {
  const clean = sanitizeProfile({
    display_name: user.displayName,
    username: user.username,
    bio_description: user.bioDescription,
    avatar_url: user.avatarUrl,
    is_verified: user.isVerified,
  });
  const count = (value: number | undefined) =>
    value !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  const profile = {
    displayName: clean.displayName,
    avatarUrl: clean.avatarUrl,
    username: clean.username,
    bioDescription: clean.bioDescription,
    isVerified: clean.isVerified,
    followerCount: count(user.followerCount),
    followingCount: count(user.followingCount),
    likesCount: count(user.likesCount),
    videoCount: count(user.videoCount),
    syncedAt,
  };
  return Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== undefined)) as AccountProfile;
}

/**
 * Records a stored profile's counts as the account's snapshot at its sync time (the profile history). The consent
 * callback and the worker's profile refresh both call it, so every profile sync lands in the series the same way.
 */
export function recordProfileSnapshot(
  history: Pick<ProfileHistoryRepo, "record">,
  accountId: string,
  profile: AccountProfile,
): Promise<boolean> {
  return history.record({
    accountId,
    at: profile.syncedAt,
    followerCount: profile.followerCount,
    followingCount: profile.followingCount,
    likesCount: profile.likesCount,
    videoCount: profile.videoCount,
  });
}
