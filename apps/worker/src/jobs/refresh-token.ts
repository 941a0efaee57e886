import { isAppError } from "@trendpot/errors";
import type { JobDeps } from "../ports";

export type RefreshTokenResult =
  | { status: "refreshed" }
  | { status: "needs_reauth" }
  | { status: "skipped"; reason: "not_active" };

/**
 * Refreshes one account's access token now, through the single-flight store (one refresh per account across
 * every process; a concurrent caller waits for and reuses the result). TikTok's `invalid_grant` makes the store
 * mark the account `needs_reauth` and tell the platform; the job then completes, since retrying cannot help.
 */
export async function refreshToken(
  deps: JobDeps,
  input: { accountId: string; requestId: string },
): Promise<RefreshTokenResult> {
  const account = await deps.accounts.get(input.accountId);
  if (account?.status !== "active") return { status: "skipped", reason: "not_active" };
  try {
    await deps.credentials.refreshNow(input.accountId, { requestId: input.requestId, operation: "token.refresh" });
    return { status: "refreshed" };
  } catch (error) {
    if (isAppError(error, "ACCOUNT_NEEDS_REAUTH")) return { status: "needs_reauth" };
    if (isAppError(error, "ACCOUNT_NOT_ACTIVE") || isAppError(error, "NOT_FOUND")) {
      return { status: "skipped", reason: "not_active" };
    }
    throw error;
  }
}

/** What the sweep needs to enqueue one refresh per account and credentials generation. */
export type EnqueueTokenRefresh = (accountId: string, generation: number) => Promise<void>;

/**
 * The repeating sweep: every active account whose access token expires within `aheadMs` gets a refresh job. The
 * job id carries the token's expiry (its generation), so sweeps before the refresh lands add nothing, and the
 * next generation gets a fresh job.
 */
export async function sweepExpiringTokens(
  deps: JobDeps,
  input: { aheadMs: number; enqueue: EnqueueTokenRefresh },
): Promise<{ enqueued: number }> {
  const before = new Date(deps.now().getTime() + input.aheadMs);
  const expiring = await deps.accounts.listTokensExpiringBefore(before);
  for (const entry of expiring) await input.enqueue(entry.accountId, entry.accessExpiresAt.getTime());
  if (expiring.length > 0) deps.logger.info({ count: expiring.length }, "token refreshes enqueued");
  return { enqueued: expiring.length };
}
