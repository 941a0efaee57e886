import { sanitizeProfile } from "@trendpot/oembed-sanitizer";
import { type TikTokUser, userFieldsForScopes } from "@trendpot/tiktok-display";
import type { JobDeps, WorkerProfile } from "../ports";
import { withAccessToken } from "./access-token";

export type RefreshProfileResult =
  | { status: "completed"; stats: boolean }
  | { status: "skipped"; reason: "not_active" };

/**
 * The daily profile snapshot: `/v2/user/info/` with only the fields the granted scopes cover (a field outside
 * them is an error at TikTok), text and avatar sanitized, stats kept when `user.info.stats` was granted.
 */
export async function refreshProfile(
  deps: JobDeps,
  input: { accountId: string; requestId: string },
): Promise<RefreshProfileResult> {
  const account = await deps.accounts.get(input.accountId);
  if (account?.status !== "active") return { status: "skipped", reason: "not_active" };
  const fields = userFieldsForScopes(account.grantedScopes);
  const user = await withAccessToken(
    deps.credentials,
    { accountId: input.accountId, requestId: input.requestId, operation: "profile.refresh" },
    (token) => deps.tiktok.getUserInfo(token, fields),
  );
  const profile = toProfile(user, deps.now());
  await deps.accounts.saveProfile(input.accountId, profile);
  return { status: "completed", stats: profile.followerCount !== undefined };
}

function toProfile(user: TikTokUser, syncedAt: Date): WorkerProfile {
  const clean = sanitizeProfile({
    display_name: user.displayName,
    username: user.username,
    bio_description: user.bioDescription,
    avatar_url: user.avatarUrl,
    is_verified: user.isVerified,
  });
  const count = (value: number | undefined) =>
    value !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  const profile: WorkerProfile = {
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
  return Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== undefined)) as WorkerProfile;
}
