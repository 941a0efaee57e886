import type { Collection, Db } from "mongodb";
import { COLLECTIONS } from "../collections";
import { parseDocument, syncIndex } from "../shared/store-kit";
import { type Account, type AccountDocument, AccountSchema } from "./account-schema";

export function accountsCollection(db: Db): Collection<AccountDocument> {
  return db.collection<AccountDocument>(COLLECTIONS.tiktokAccounts);
}

export function parseAccount(doc: unknown): Account {
  return parseDocument(AccountSchema, COLLECTIONS.tiktokAccounts, doc);
}

const ListedAccountSchema = AccountSchema.omit({ credentials: true });

/** Parses an account read without its credentials (list reads project them out). */
export function parseListedAccount(doc: unknown): Account {
  return parseDocument(ListedAccountSchema, COLLECTIONS.tiktokAccounts, doc);
}

export function parseAccountOrNull(doc: unknown): Account | null {
  return doc ? parseAccount(doc) : null;
}

/** Indexes of `tiktok_accounts`, `users` and the refresh leases. */
export async function ensureAccountsIndexes(db: Db): Promise<void> {
  const accounts = accountsCollection(db);
  await syncIndex(accounts, { openId: 1 }, { unique: true, name: "openId_unique" });
  await syncIndex(accounts, { userId: 1 }, { name: "userId" });
  await syncIndex(accounts, { status: 1, _id: 1 }, { name: "status_id" });
  await syncIndex(accounts, { "credentials.accessExpiresAt": 1 }, { name: "access_expiry" });
  await syncIndex(accounts, { "credentials.refreshExpiresAt": 1 }, { name: "refresh_expiry" });
  await syncIndex(accounts, { "sync.metricsSyncedAt": 1 }, { name: "metrics_synced" });
  await syncIndex(db.collection(COLLECTIONS.users), { tiktokAccountId: 1 }, { name: "tiktokAccountId" });
  await syncIndex(
    db.collection(COLLECTIONS.tokenLeases),
    { accountId: 1, version: 1, generation: -1 },
    { name: "account_version" },
  );
}
