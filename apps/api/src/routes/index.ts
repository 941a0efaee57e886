import type { FastifyInstance } from "fastify";
import type { ApiDeps } from "../deps";
import { profileHistoryRoute } from "./accounts/profile-history";
import { accountReadRoutes } from "./accounts/read";
import { revokeRoute } from "./accounts/revoke";
import { auditLogRoutes } from "./audit/audit-logs";
import { callbackRoute } from "./connect/callback";
import { createConnectSessionRoute } from "./connect/create-session";
import { handoffRoutes } from "./connect/handoff";
import { healthRoutes } from "./health/health";
import { failedJobRoutes } from "./ops/failed-jobs";
import { opsStatsRoutes } from "./ops/queues";
import { schedulesRoute } from "./ops/schedules";
import { statusPageRoute } from "./status/status-page";
import { syncHistoryRoute } from "./sync/history";
import { syncTriggerRoute } from "./sync/trigger";
import { metricsHistoryRoutes } from "./videos/metrics-history";
import { videoReadRoutes } from "./videos/read";
import { tiktokWebhookRoute } from "./webhooks/tiktok";

/** Every route of the api, each plugin built from the deps it needs. */
export async function registerRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const plugins = [
    healthRoutes(deps),
    createConnectSessionRoute(deps),
    handoffRoutes(deps),
    callbackRoute(deps),
    accountReadRoutes(deps),
    profileHistoryRoute(deps),
    revokeRoute(deps),
    videoReadRoutes(deps),
    metricsHistoryRoutes(deps),
    syncTriggerRoute(deps),
    syncHistoryRoute(deps),
    opsStatsRoutes(deps),
    schedulesRoute(deps),
    failedJobRoutes(deps),
    auditLogRoutes(deps),
    tiktokWebhookRoute(deps),
    statusPageRoute(deps),
  ];
  for (const plugin of plugins) await app.register(plugin);
}
