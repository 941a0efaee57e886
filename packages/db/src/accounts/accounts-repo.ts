import type { Db } from "mongodb";
import { createUsersRepo } from "../users/users-repo";
import type { Account, AccountCredentials } from "./account-schema";
import { accountsCollection, parseAccount } from "./accounts-collection";
import { accountQueries } from "./accounts-queries";
import { accountUpdates, credentialWrites } from "./accounts-writes";

export interface AccountsRepoOptions {
  now?: () => Date;
}

/** Repository of `tiktok_accounts`, the single source of truth for tokens (mirrored to `users`). */
export function createAccountsRepo(db: Db, options: AccountsRepoOptions = {}) {
  const now = options.now ?? (() => new Date());
  const accounts = accountsCollection(db);
  const users = createUsersRepo(db, { now });
  const writes = credentialWrites({ client: db.client, accounts, users, now });
  return {
    ...accountQueries(accounts, now),
    ...accountUpdates(accounts, now),
    upsertFromConsent: writes.upsertFromConsent,
    writeCredentials: writes.writeCredentials,
    markNeedsReauth: writes.markNeedsReauth,
    /** Accounts holding credentials, in `_id` order after `after` (the re-encryption sweep's batches). */
    async listWithCredentials(input: {
      after?: string;
      limit: number;
    }): Promise<Array<Account & { credentials: AccountCredentials }>> {
      const filter = { credentials: { $exists: true }, ...(input.after ? { _id: { $gt: input.after } } : {}) };
      const docs = await accounts.find(filter).sort({ _id: 1 }).limit(input.limit).toArray();
      return docs.map((doc) => parseAccount(doc) as Account & { credentials: AccountCredentials });
    },
    /** Clears the encrypted blobs from the account and the user mirror, keeping the status. */
    clearCredentials: (accountId: string): Promise<Account | null> => writes.clearCredentials(accountId),
    /** Revokes: status `revoked` with reason and time, blobs cleared from the account and the user document. */
    markRevoked: (accountId: string, input: { reason: string; at: Date }): Promise<Account | null> =>
      writes.clearCredentials(accountId, { status: "revoked", revokedAt: input.at, revokeReason: input.reason }),
  };
}

export type AccountsRepo = ReturnType<typeof createAccountsRepo>;
