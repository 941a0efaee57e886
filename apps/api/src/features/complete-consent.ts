import { profileFromTikTokUser, recordProfileSnapshot } from "@trendpot/core";
import type { ConsentGrant } from "@trendpot/credentials";
import type { Account, AccountProfile, ConnectSession } from "@trendpot/db";
import { isAppError } from "@trendpot/errors";
import { userFieldsForScopes } from "@trendpot/tiktok-display";
import { z } from "zod";
import type { ApiDeps } from "../deps";
import { recordAccountClaim } from "./account-claim";

// What the account store reports with ACCOUNT_LINKED_ELSEWHERE.
const LinkedElsewhereSchema = z.object({ accountId: z.string().min(1), linkedUserId: z.string().min(1) });

export interface ConsentResult {
  account: Account;
  grantedScopes: string[];
  missingScopes: string[];
  reconnect: boolean;
  ingestionQueued: boolean;
}

/**
 * The callback's work once the state checked out: exchange the code, compare scopes, read the profile the grant
 * covers, store the encrypted tokens (account + user mirror), hand off to the ingestion queue and audit. The tokens
 * stay inside the credentials: this function sees the grant's identity and scopes, never a token.
 * Throws (TikTokApiError, AppError) before anything is stored when the exchange or the profile read fails.
 */
export async function completeConsent(
  deps: ApiDeps,
  input: {
    session: ConnectSession;
    code: string;
    codeVerifier: string;
    requestedScopes: string[];
    redirectUri: string;
    requestId: string;
  },
): Promise<ConsentResult> {
  const grant = await deps.credentials.exchangeCode({
    code: input.code,
    redirectUri: input.redirectUri,
    codeVerifier: input.codeVerifier,
  });
  const grantedScopes = [...grant.grantedScopes];
  const missingScopes = input.requestedScopes.filter((scope) => !grantedScopes.includes(scope));
  const profile = await readProfile(deps, grant);
  const existing = await deps.accounts.getByOpenId(grant.openId);
  const userId = input.session.userId;
  const claim = { openId: grant.openId, toUserId: userId, sessionId: input.session._id, requestId: input.requestId };
  let account: Account;
  try {
    // The store validates the token pair before any write: an empty token never replaces a stored one.
    account = await deps.credentials.connect({
      grant,
      ...(profile.unionId ? { unionId: profile.unionId } : {}),
      userId,
      requestedScopes: input.requestedScopes,
      ...(profile.profile ? { profile: profile.profile } : {}),
    });
  } catch (error) {
    // The account is linked to another user who has not revoked it: nothing was written, both sides are told.
    if (isAppError(error, "ACCOUNT_LINKED_ELSEWHERE")) {
      const { accountId, linkedUserId } = LinkedElsewhereSchema.parse(error.details);
      await recordAccountClaim(deps, { ...claim, outcome: "refused", accountId, fromUserId: linkedUserId });
    }
    throw error;
  }
  if (existing && existing.userId !== userId) {
    // The store only lets a revoked account move; its previous user learns where it went.
    await recordAccountClaim(deps, { ...claim, outcome: "moved", accountId: account._id, fromUserId: existing.userId });
  }
  if (profile.profile) {
    await deps.accounts.recordSync(account._id, { profileSyncedAt: profile.profile.syncedAt });
    // The first point of the account's profile history.
    await recordProfileSnapshot(deps.profileHistory, account._id, profile.profile);
  }
  // Without video.list there is nothing to ingest: the grant is recorded, no job is queued.
  const ingestionQueued = grantedScopes.includes("video.list");
  if (ingestionQueued) {
    await deps.queues.enqueueIngestion(
      { accountId: account._id, reason: "consent", requestId: input.requestId },
      // One ingestion per consent session: a retried callback or a double hand-off adds nothing.
      { key: input.session._id },
    );
  }
  await deps.auditWriter({
    actor: { type: "creator", id: input.session.userId },
    action: "consent.granted",
    target: { accountId: account._id, userId: input.session.userId, openId: grant.openId },
    requestId: input.requestId,
    details: {
      sessionId: input.session._id,
      requestedScopes: input.requestedScopes,
      grantedScopes,
      missingScopes,
      reconnect: existing !== null,
      ingestionQueued,
    },
  });
  return { account, grantedScopes, missingScopes, reconnect: existing !== null, ingestionQueued };
}

/** Reads only the user fields the granted scopes cover, sanitized; nothing when no user scope was granted. */
async function readProfile(
  deps: ApiDeps,
  grant: ConsentGrant,
): Promise<{ unionId?: string; profile?: AccountProfile }> {
  const fields = userFieldsForScopes(grant.grantedScopes);
  if (fields.length === 0) return {};
  const user = await grant.display.getUserInfo(fields);
  return { ...(user.unionId ? { unionId: user.unionId } : {}), profile: profileFromTikTokUser(user, deps.now()) };
}
