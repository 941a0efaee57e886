import type { RevokeAccountDeps } from "./revoke-account";
import type { Services } from "./services";

/** The parts of the composition root that revocation uses. */
export type RevokeServices = Pick<
  Services,
  "accounts" | "videos" | "metrics" | "profileHistory" | "credentials" | "queues" | "events" | "auditWriter" | "now"
>;

/**
 * `revokeAccount`'s dependencies from the shared services, so the api (a platform's revoke) and the worker (TikTok's
 * `authorization.removed`) revoke with the same instances and cannot drift apart.
 */
export function revokeDeps(services: RevokeServices, logger: RevokeAccountDeps["logger"]): RevokeAccountDeps {
  return {
    accounts: services.accounts,
    videos: services.videos,
    metrics: services.metrics,
    profileHistory: services.profileHistory,
    credentials: services.credentials,
    queues: [services.queues.ingestion, services.queues.metricsRefresh, services.queues.tokenRefresh],
    events: services.events,
    audit: services.auditWriter,
    logger,
    now: services.now,
  };
}
