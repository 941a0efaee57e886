import type { WebhookJob } from "@trendpot/jobs";
import type { WorkerAccount, WorkerLogger } from "../ports";

/** Revokes an account the way `@trendpot/core`'s `revokeAccount` does (bound to the worker's dependencies). */
export type RevokeFn = (input: {
  accountId: string;
  actor: { type: "tiktok"; id: "tiktok" };
  reason: string;
  requestId: string;
  revokeAtTikTok: false;
}) => Promise<unknown>;

export type WebhookResult =
  | { status: "revoked"; accountId: string }
  | { status: "ignored"; reason: "unknown_account" | "unhandled_event" };

/**
 * TikTok webhooks, delivered at least once (the job id is the delivery id, and revocation is idempotent).
 * `authorization.removed`: TikTok already revoked the token, so the account is revoked locally only.
 */
export async function handleWebhook(
  deps: { findByOpenId: (openId: string) => Promise<WorkerAccount | null>; revoke: RevokeFn; logger: WorkerLogger },
  event: WebhookJob,
): Promise<WebhookResult> {
  if (event.event !== "authorization.removed") {
    deps.logger.info({ event: event.event, deliveryId: event.deliveryId }, "webhook event not handled");
    return { status: "ignored", reason: "unhandled_event" };
  }
  const account = await deps.findByOpenId(event.openId);
  if (!account) {
    deps.logger.info({ deliveryId: event.deliveryId }, "authorization.removed for an unknown account");
    return { status: "ignored", reason: "unknown_account" };
  }
  await deps.revoke({
    accountId: account.id,
    actor: { type: "tiktok", id: "tiktok" },
    reason: `authorization.removed:${event.reasonCode ?? 0}`,
    requestId: `webhook-${event.deliveryId}`,
    revokeAtTikTok: false,
  });
  return { status: "revoked", accountId: account.id };
}
