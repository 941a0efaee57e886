import type { ApiDeps } from "../deps";

/** Another platform user connected an account that was linked to `fromUserId`. */
export interface AccountClaim {
  /** `moved`: the previous link was revoked and the account now belongs to `toUserId`; `refused`: it stays. */
  outcome: "moved" | "refused";
  accountId: string;
  openId: string;
  fromUserId: string;
  toUserId: string;
  sessionId: string;
  requestId: string;
}

/**
 * Audits the claim (`account.moved` or `account.move_refused`, actor the creator who consented) and tells the user
 * the account was linked to on the event stream (`account_claimed`): neither a move nor a refused attempt is silent.
 */
export async function recordAccountClaim(deps: Pick<ApiDeps, "auditWriter" | "events" | "now">, claim: AccountClaim) {
  await deps.auditWriter({
    actor: { type: "creator", id: claim.toUserId },
    action: claim.outcome === "moved" ? "account.moved" : "account.move_refused",
    target: { accountId: claim.accountId, userId: claim.fromUserId, openId: claim.openId },
    requestId: claim.requestId,
    details: { fromUserId: claim.fromUserId, toUserId: claim.toUserId, sessionId: claim.sessionId },
  });
  await deps.events.publish({
    type: "account_claimed",
    accountId: claim.accountId,
    userId: claim.fromUserId,
    at: deps.now().toISOString(),
    outcome: claim.outcome,
    claimedByUserId: claim.toUserId,
  });
}
