import type { Db } from "mongodb";
import { ensureAccountsIndexes } from "./accounts/accounts-collection";
import { ensureAuditIndexes } from "./audit/audit-repo";
import { ensureConnectSessionsIndexes } from "./connect-sessions/connect-sessions-repo";
import { ensureMetricsIndexes } from "./metrics/metrics-repo";
import { ensureOAuthStatesIndexes } from "./oauth-states/oauth-states-repo";
import { ensureProfileHistoryIndexes } from "./profile-history/profile-history-repo";
import { ensureSyncRunsIndexes } from "./sync-runs/sync-runs-repo";
import { ensureTokenAccessIndexes } from "./token-access/token-access-repo";
import { ensureVideosIndexes } from "./videos/videos-repo";
import { ensureWebhookDeliveriesIndexes } from "./webhook-deliveries/webhook-deliveries-repo";

/**
 * Creates every index the service relies on, idempotently. Both apps call it at boot, whichever starts first:
 * several correctness guarantees are unique indexes (the audit chain's `seq`, single-use claims, one account per
 * open_id), so no process may write before they exist.
 */
export async function ensureIndexes(db: Db): Promise<void> {
  await Promise.all([
    ensureAccountsIndexes(db),
    ensureAuditIndexes(db),
    ensureConnectSessionsIndexes(db),
    ensureMetricsIndexes(db),
    ensureOAuthStatesIndexes(db),
    ensureProfileHistoryIndexes(db),
    ensureSyncRunsIndexes(db),
    ensureTokenAccessIndexes(db),
    ensureVideosIndexes(db),
    ensureWebhookDeliveriesIndexes(db),
  ]);
}
