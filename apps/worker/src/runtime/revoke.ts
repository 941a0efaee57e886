import { revokeAccount } from "@trendpot/core";
import { createAuditRepo, createAuditWriter } from "@trendpot/db";
import type { WorkerDeps } from "../deps";
import type { RevokeFn } from "../jobs/handle-webhook";

/** `revokeAccount` bound to the worker's instances (webhook revocations: TikTok already revoked the token). */
export function bindRevoke(deps: WorkerDeps): RevokeFn {
  const audit = createAuditWriter(createAuditRepo(deps.database.db));
  return (input) =>
    revokeAccount(
      {
        accounts: deps.dbAccounts,
        videos: deps.videosRepo,
        metrics: deps.historyRepo,
        accessToken: async (accountId, context) =>
          (await deps.store.getFreshAccessToken(accountId, context)).accessToken,
        tiktok: deps.runtime.client,
        queues: [deps.queues.ingestion, deps.queues.metricsRefresh, deps.queues.tokenRefresh],
        events: deps.events,
        audit,
        logger: deps.logger,
      },
      input,
    );
}
