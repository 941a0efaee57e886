import type { RevokeAccountDeps } from "@trendpot/core";
import type { ApiDeps } from "../deps";

/** The api's instances for `revokeAccount` (the worker builds the same from its own composition root). */
export function revokeDeps(deps: ApiDeps): RevokeAccountDeps {
  return {
    accounts: deps.accounts,
    videos: deps.videos,
    metrics: deps.metrics,
    accessToken: async (accountId, context) =>
      (await deps.credentials.getFreshAccessToken(accountId, context)).accessToken,
    tiktok: deps.tiktok,
    queues: [deps.queues.ingestion, deps.queues.metricsRefresh, deps.queues.tokenRefresh],
    events: deps.events,
    audit: deps.auditWriter,
    logger: deps.logger,
    now: deps.now,
  };
}
