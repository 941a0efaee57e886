import type { AuditWriter } from "@trendpot/db";
import { isAppError } from "@trendpot/errors";
import type { EventPublisher } from "@trendpot/jobs";
import type { TikTokMetrics } from "@trendpot/telemetry";
import type { AccessContext, UsableAccount } from "./access";

export type RefreshOutcome = "refreshed" | "coalesced" | "waited" | "lease_busy" | "invalid_grant" | "failed";

/** One step of a refresh, logged and counted. Never carries a token. */
export interface RefreshEvent {
  accountId: string;
  outcome: RefreshOutcome;
}

/** Where a refresh's consequences go; every part is optional so a test can watch only what it checks. */
export interface RefreshObservers {
  /** The tamper-evident audit log (`token.refresh_failed`). */
  audit?: AuditWriter;
  /** The `tiktok.videos.update` stream (`account_status: needs_reauth`), so the platform asks the creator again. */
  events?: Pick<EventPublisher, "publish">;
  /** `tiktok.token.refresh` by outcome. */
  metrics?: Pick<TikTokMetrics, "tokenRefresh">;
}

export interface Reporter {
  emit(event: RefreshEvent): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

const METRIC_OUTCOMES = { refreshed: "success", invalid_grant: "reauth_required", failed: "failure" } as const;

/** Counts a refresh step on `tiktok.token.refresh` (steps that are not an outcome of a call to TikTok are not). */
export function countRefresh(metrics: RefreshObservers["metrics"], outcome: RefreshOutcome): void {
  const attribute = METRIC_OUTCOMES[outcome as keyof typeof METRIC_OUTCOMES];
  if (attribute) metrics?.tokenRefresh.add(1, { outcome: attribute });
}

/**
 * The one path after TikTok refused a refresh token and the account was marked `needs_reauth`: the metric, an
 * audit entry by the system with the reason, and the `account_status` event. The account is already marked, so a
 * failing audit or publish is logged and does not hide that from the caller.
 */
export async function reportNeedsReauth(
  observers: RefreshObservers,
  reporter: Reporter,
  input: { account: UsableAccount; context: AccessContext; at: Date },
): Promise<void> {
  const { account, context, at } = input;
  reporter.emit({ accountId: account._id, outcome: "invalid_grant" });
  await observe(reporter, "audit", () =>
    observers.audit?.({
      actor: { type: "system", id: "token-refresh" },
      action: "token.refresh_failed",
      target: { accountId: account._id, userId: account.userId, openId: account.openId },
      reason: "invalid_grant",
      requestId: context.requestId,
      details: {
        tiktokCode: "invalid_grant",
        operation: context.operation,
        credentialsVersion: account.credentialsVersion,
      },
    }),
  );
  await observe(reporter, "event", () =>
    observers.events?.publish({
      type: "account_status",
      accountId: account._id,
      userId: account.userId,
      at: at.toISOString(),
      status: "needs_reauth",
      reason: "invalid_grant",
    }),
  );
}

async function observe(reporter: Reporter, what: string, run: () => unknown): Promise<void> {
  try {
    await run();
  } catch (error) {
    const code = isAppError(error) ? error.code : "INTERNAL";
    reporter.warn({ event: "token.refresh_observer_failed", what, code }, "a needs_reauth observer failed");
  }
}
