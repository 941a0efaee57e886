import { profileFromTikTokUser, recordProfileSnapshot } from "@trendpot/core";
import { userFieldsForScopes } from "@trendpot/tiktok-display";
import type { JobDeps } from "../ports";

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
  const user = await deps.credentials.withDisplay(
    input.accountId,
    { requestId: input.requestId, operation: "profile.refresh" },
    (display) => display.getUserInfo(fields),
  );
  const profile = profileFromTikTokUser(user, deps.now());
  await deps.accounts.saveProfile(input.accountId, profile);
  // The snapshot series behind the profile history; without the stats scope there are no counts to keep.
  await recordProfileSnapshot(deps.profileHistory, input.accountId, profile);
  return { status: "completed", stats: profile.followerCount !== undefined };
}
