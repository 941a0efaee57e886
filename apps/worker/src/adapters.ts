import type { Credentials } from "@trendpot/credentials";
import { type Account, type AccountsRepo, type MetricsRepo, reconcileMirrors } from "@trendpot/db";
import type { Db } from "mongodb";
import type { AccountsPort, MaintenancePort, WorkerAccount } from "./ports";

/** Maps a stored account onto the jobs' view (no credentials leave the repository here). */
function toWorkerAccount(account: Account): WorkerAccount {
  const cursor = account.sync.ingestionCursor;
  const numeric = typeof cursor === "string" ? Number(cursor) : cursor;
  return {
    id: account._id,
    userId: account.userId,
    openId: account.openId,
    status: account.status,
    grantedScopes: account.grantedScopes,
    ingestionCursor: numeric !== undefined && Number.isSafeInteger(numeric) && numeric > 0 ? numeric : undefined,
    videosSyncedAt: account.sync.videosSyncedAt,
    profileSyncedAt: account.sync.profileSyncedAt,
    createdAt: account.createdAt,
  };
}

/** Adapts `@trendpot/db`'s accounts repository to the jobs' {@link AccountsPort}. */
export function createAccountsAdapter(accounts: AccountsRepo): AccountsPort {
  const view = (account: Account | null) => (account ? toWorkerAccount(account) : null);
  return {
    get: async (accountId) => view(await accounts.getById(accountId)),
    findByOpenId: async (openId) => view(await accounts.getByOpenId(openId)),
    listActive: async () => (await accounts.listActive()).map(toWorkerAccount),
    recordSync: (accountId, field, at) => accounts.completeSync(accountId, field, at),
    async recordError(accountId, error) {
      await accounts.setLastError(accountId, error);
    },
    async saveProfile(accountId, profile) {
      await accounts.updateProfile(accountId, profile);
    },
    listTokensExpiringBefore: (date, limit) => accounts.listTokensExpiringBefore(date, limit),
  };
}

/** Adapts the credential store's sweep, db's mirror reconciliation and history purge to {@link MaintenancePort}. */
export function createMaintenanceAdapter(
  db: Db,
  store: Pick<Credentials, "reEncryptAllCredentials">,
  history: Pick<MetricsRepo, "purgeOlderThan">,
): MaintenancePort {
  return {
    async reEncryptBatch(input) {
      const progress = await store.reEncryptAllCredentials({
        batchSize: input.batchSize,
        ...(input.resumeAfter ? { resumeAfter: input.resumeAfter } : {}),
      });
      return { reEncrypted: progress.reEncrypted, lastId: progress.lastId, done: progress.done };
    },
    async reconcileMirrors(input) {
      let resumeAfter: string | undefined;
      let repaired = 0;
      for (;;) {
        const progress = await reconcileMirrors(db, {
          batchSize: input.batchSize,
          ...(resumeAfter ? { resumeAfter } : {}),
        });
        repaired += progress.repaired + progress.cleared;
        if (progress.done || !progress.lastId) return { repaired };
        resumeAfter = progress.lastId;
      }
    },
    purgeHistoryBefore: (day) => history.purgeOlderThan(day),
  };
}
