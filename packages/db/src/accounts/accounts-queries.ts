import type { Collection, Filter } from "mongodb";
import { ACCOUNT_STATUSES, type Account, type AccountDocument, type AccountStatus } from "./account-schema";
import { parseAccountOrNull, parseListedAccount } from "./accounts-collection";

export interface ListAccountsInput {
  status?: AccountStatus;
  userId?: string;
  limit: number;
  /** The last `_id` of the previous page. */
  cursor?: string;
}

export interface AccountsPage {
  /** Accounts as shown in lists: everything but `credentials`, which lists never read. */
  items: Account[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

/** Read-side operations of the accounts repository. */
export function accountQueries(accounts: Collection<AccountDocument>, now: () => Date) {
  return {
    getById: async (accountId: string) => parseAccountOrNull(await accounts.findOne({ _id: accountId })),
    getByOpenId: async (openId: string) => parseAccountOrNull(await accounts.findOne({ openId })),
    /** The user's most recently updated account. */
    getByUserId: async (userId: string) =>
      parseAccountOrNull(await accounts.find({ userId }).sort({ updatedAt: -1 }).limit(1).next()),

    async list(input: ListAccountsInput): Promise<AccountsPage> {
      const limit = Math.max(1, Math.min(input.limit, 500));
      const filter: Filter<AccountDocument> = {};
      if (input.status) filter.status = input.status;
      if (input.userId) filter.userId = input.userId;
      if (input.cursor) filter._id = { $gt: input.cursor };
      // The sealed credentials are most of an account document and no list shows them: they are neither read nor
      // parsed (a platform polling the list would otherwise pull every account's ciphertexts on every call).
      const docs = await accounts
        .find(filter, { projection: { credentials: 0 } })
        .sort({ _id: 1 })
        .limit(limit + 1)
        .toArray();
      const items = docs.slice(0, limit).map(parseListedAccount);
      const last = items.at(-1);
      return docs.length > limit && last ? { items, nextCursor: last._id } : { items };
    },

    /**
     * Accounts per status, every status present (zero when none). One count per status, each answered from the
     * `status` index alone; a `$group` over the collection would read every account document.
     */
    async countByStatus(): Promise<Record<AccountStatus, number>> {
      const counts = await Promise.all(ACCOUNT_STATUSES.map((status) => accounts.countDocuments({ status })));
      return Object.fromEntries(ACCOUNT_STATUSES.map((status, i) => [status, counts[i] ?? 0])) as Record<
        AccountStatus,
        number
      >;
    },

    /** Every active account without its credentials, in one query (the planner reads them all each cycle). */
    async listActive(): Promise<Account[]> {
      const docs = await accounts
        .find({ status: "active" }, { projection: { credentials: 0 } })
        .sort({ _id: 1 })
        .toArray();
      return docs.map(parseListedAccount);
    },

    /** Active accounts whose refresh token expires within `ms` (already expired ones included). */
    countRefreshExpiringWithin: (ms: number) =>
      accounts.countDocuments({
        status: "active",
        "credentials.refreshExpiresAt": { $lte: new Date(now().getTime() + ms) },
      }),

    /**
     * Stored credentials whose ciphertexts name a key other than `currentKeyId` (what a rotation or a re-pointed
     * alias has left for the re-encryption sweep), whatever the account's status: revoked accounts hold none.
     */
    countCredentialsNotUnder: (currentKeyId: string) =>
      accounts.countDocuments({ credentials: { $exists: true }, "credentials.keyId": { $ne: currentKeyId } }),

    /** The oldest metrics sync among active accounts that synced at least once; null when none did. */
    async oldestMetricsSyncedAt(): Promise<Date | null> {
      const doc = await accounts
        .find({ status: "active", "sync.metricsSyncedAt": { $exists: true } }, { projection: { sync: 1 } })
        .sort({ "sync.metricsSyncedAt": 1 })
        .limit(1)
        .next();
      const at = doc?.sync?.metricsSyncedAt;
      return at instanceof Date ? at : null;
    },

    /** Active accounts whose access token expires before `date`, soonest first (for proactive refresh). */
    async listTokensExpiringBefore(
      date: Date,
      limit = 500,
    ): Promise<Array<{ accountId: string; accessExpiresAt: Date }>> {
      const docs = await accounts
        .find(
          { status: "active", "credentials.accessExpiresAt": { $lt: date } },
          { projection: { _id: 1, credentials: 1 } },
        )
        .sort({ "credentials.accessExpiresAt": 1 })
        .limit(limit)
        .toArray();
      return docs.flatMap((doc) => {
        const at = doc.credentials?.accessExpiresAt;
        return at instanceof Date ? [{ accountId: String(doc._id), accessExpiresAt: at }] : [];
      });
    },
  };
}
