import type { AuditActor, AuditWriter } from "@trendpot/db";
import type { EventPublisher } from "@trendpot/jobs";
import type { Queue } from "bullmq";
import { cancelAccountJobs } from "./cancel-jobs";

/** The account fields revocation reads (structurally the db package's Account). */
export interface RevocableAccount {
  _id: string;
  userId: string;
  openId: string;
  status: string;
  credentials?: { accessToken: unknown } | undefined;
}

/** What {@link revokeAccount} needs; both apps pass their composition root's instances. */
export interface RevokeAccountDeps {
  accounts: {
    getById(accountId: string): Promise<RevocableAccount | null>;
    /** Status revoked with reason and time; clears the blobs from the account and the user mirror. */
    markRevoked(accountId: string, input: { reason: string; at: Date }): Promise<RevocableAccount | null>;
  };
  videos: { pruneAccount(accountId: string): Promise<string[]> };
  /** Metric history goes with the videos: nothing of a creator who withdrew consent is kept. */
  metrics?: { purgeAccount(accountId: string): Promise<number> } | undefined;
  /** Profile snapshots (follower counts over time) go too. */
  profileHistory?: { purgeAccount(accountId: string): Promise<number> } | undefined;
  /** Revokes the account's token at TikTok (the credentials' `revokeAtTikTok`; the token never leaves them). */
  credentials: { revokeAtTikTok(accountId: string, context: { requestId: string; operation: string }): Promise<void> };
  /** The queues that hold per-account work (ingestion, metrics refresh, token refresh). */
  queues: readonly Queue[];
  events: EventPublisher;
  audit: AuditWriter;
  logger?: { warn(fields: Record<string, unknown>, message: string): void } | undefined;
  now?: () => Date;
}

export interface RevokeAccountInput {
  accountId: string;
  actor: AuditActor;
  /** Free text from the caller, or the webhook's reason code (e.g. `authorization.removed:1`). */
  reason: string;
  requestId: string;
  /** False for `authorization.removed`: TikTok already revoked the token. */
  revokeAtTikTok: boolean;
}

/** What happened; `alreadyRevoked` when nothing was left to do beyond confirming. */
export interface RevokeAccountResult {
  accountId: string;
  alreadyRevoked: boolean;
  tiktokRevoke: "revoked" | "failed" | "skipped";
  cancelledJobs: number;
  prunedVideos: number;
}

/**
 * Architecture flow 5. Idempotent: every step tolerates having run before, so a retried webhook job or a second
 * manual revoke converges on the same state. Returns null when the account does not exist.
 */
export async function revokeAccount(
  deps: RevokeAccountDeps,
  input: RevokeAccountInput,
): Promise<RevokeAccountResult | null> {
  const account = await deps.accounts.getById(input.accountId);
  if (!account) return null;
  const alreadyRevoked = account.status === "revoked" && !account.credentials;
  const tiktokRevoke = await revokeAtTikTok(deps, account, input);
  const at = (deps.now ?? (() => new Date()))();
  // A second revoke (TikTok's webhook confirming ours, a retried job) must not rewrite the first one's reason and
  // time: the account keeps the record of who revoked it and why; the audit log records the confirmation.
  if (!alreadyRevoked) await deps.accounts.markRevoked(account._id, { reason: input.reason, at });
  const cancelledJobs = await cancelAccountJobs(deps.queues, account._id);
  const videoIds = await deps.videos.pruneAccount(account._id);
  await deps.metrics?.purgeAccount(account._id);
  await deps.profileHistory?.purgeAccount(account._id);
  if (!alreadyRevoked || videoIds.length > 0) await publishRevocation(deps, account, videoIds, at, input.reason);
  await deps.audit({
    actor: input.actor,
    action: "account.revoked",
    target: { accountId: account._id, userId: account.userId, openId: account.openId },
    reason: input.reason,
    requestId: input.requestId,
    details: { alreadyRevoked, tiktokRevoke, cancelledJobs, prunedVideos: videoIds.length },
  });
  return { accountId: account._id, alreadyRevoked, tiktokRevoke, cancelledJobs, prunedVideos: videoIds.length };
}

async function revokeAtTikTok(
  deps: RevokeAccountDeps,
  account: RevocableAccount,
  input: RevokeAccountInput,
): Promise<RevokeAccountResult["tiktokRevoke"]> {
  if (!input.revokeAtTikTok || !account.credentials) return "skipped";
  try {
    await deps.credentials.revokeAtTikTok(account._id, { requestId: input.requestId, operation: "revoke" });
    return "revoked";
  } catch (error) {
    // Local revocation must happen even when TikTok refuses (an expired or already revoked token): the creator
    // asked us to stop, and our copy of the tokens goes either way.
    const code = (error as { code?: unknown }).code;
    deps.logger?.warn(
      { accountId: account._id, code: typeof code === "string" ? code : "unknown" },
      "TikTok revoke failed",
    );
    return "failed";
  }
}

async function publishRevocation(
  deps: RevokeAccountDeps,
  account: RevocableAccount,
  videoIds: string[],
  at: Date,
  reason: string,
): Promise<void> {
  const base = { accountId: account._id, userId: account.userId, at: at.toISOString() };
  await deps.events.publish(
    videoIds.length > 0
      ? { type: "prune", ...base, videoIds, scope: "videos" }
      : { type: "prune", ...base, videoIds: [], scope: "account" },
  );
  await deps.events.publish({ type: "account_status", ...base, status: "revoked", reason: reason.slice(0, 100) });
}
