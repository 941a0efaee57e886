import { AppError } from "@trendpot/errors";
import type { ClientSession, Collection, Filter, MongoClient, TransactionOptions, UpdateFilter } from "mongodb";
import { z } from "zod";
import { isDuplicateKeyError, validateInput } from "../shared/store-kit";
import type { UsersRepo } from "../users/users-repo";
import { mintAccountId } from "./account-id";
import {
  type Account,
  type AccountDocument,
  type AccountProfile,
  AccountProfileSchema,
  type LastError,
  type SealedCredentials,
  SealedCredentialsSchema,
} from "./account-schema";
import { parseAccount, parseAccountOrNull } from "./accounts-collection";

const ConsentIdentitySchema = z.object({
  openId: z.string().min(1),
  unionId: z.string().min(1).optional(),
  userId: z.string().min(1),
  grantedScopes: z.array(z.string().min(1)),
  requestedScopes: z.array(z.string().min(1)),
  profile: AccountProfileSchema.optional(),
});

/** Encrypts the consent's tokens for the account id the upsert resolved (ciphertexts are bound to it). */
export type SealTokens = (accountId: string) => Promise<SealedCredentials>;

export interface UpsertFromConsentInput extends z.input<typeof ConsentIdentitySchema> {
  tokens: SealTokens;
}

export interface WriteCredentialsOptions {
  /** Compare-and-set on `credentialsVersion`; without it the write retries on top of whatever is current. */
  expectedVersion?: number;
  grantedScopes?: string[];
}

export interface WriteDeps {
  client: MongoClient;
  accounts: Collection<AccountDocument>;
  users: UsersRepo;
  now: () => Date;
}

const MAX_WRITE_ATTEMPTS = 5;

/**
 * The account and its user mirror change together or not at all: a reader never sees a revoked account whose
 * user still holds the blobs, nor a refreshed account whose mirror is a version behind. Majority-committed, so a
 * failover cannot take back a token write TikTok has already rotated away from.
 */
const TRANSACTION: TransactionOptions = {
  readConcern: { level: "snapshot" },
  writeConcern: { w: "majority" },
  maxCommitTimeMS: 10_000,
};

/** Credential writes: version-ordered on the account and mirrored to the user document, in one transaction. */
export function credentialWrites(deps: WriteDeps) {
  const { accounts, users, now } = deps;

  /** Runs `fn` as one transaction; write conflicts with a concurrent transaction are retried by the driver. */
  function transaction<T>(fn: (session: ClientSession) => Promise<T>): Promise<T> {
    return deps.client.withSession((session) => session.withTransaction(() => fn(session), TRANSACTION));
  }

  async function mirror(account: Account, session: ClientSession): Promise<void> {
    if (account.credentials) {
      const { updatedAt: _updatedAt, ...blobs } = account.credentials;
      await users.writeMirror(account.userId, account._id, blobs, { session });
    } else {
      await users.clearMirror(account.userId, account.credentialsVersion, { session });
    }
  }

  async function writeOnce(
    accountId: string,
    sealed: SealedCredentials,
    expected: number,
    options: WriteCredentialsOptions,
  ) {
    const at = now();
    const version = expected + 1;
    const filter: Filter<AccountDocument> = {
      _id: accountId,
      credentialsVersion: expected,
      status: { $ne: "revoked" },
    };
    const set: Record<string, unknown> = {
      credentials: { ...sealed, version, updatedAt: at },
      credentialsVersion: version,
      updatedAt: at,
    };
    if (options.grantedScopes) set.grantedScopes = options.grantedScopes;
    return transaction(async (session) => {
      const account = parseAccountOrNull(
        await accounts.findOneAndUpdate(filter, { $set: set }, { returnDocument: "after", session }),
      );
      if (account) await mirror(account, session);
      return account;
    });
  }

  /**
   * Stores a new encrypted token pair (version + 1). Returns null when the compare-and-set lost (the version moved
   * or the account is revoked). Empty or malformed blobs are rejected before anything is written.
   */
  async function writeCredentials(accountId: string, sealed: SealedCredentials, options: WriteCredentialsOptions = {}) {
    const valid = validateInput(SealedCredentialsSchema, sealed, "credentials");
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt += 1) {
      let expected = options.expectedVersion;
      if (expected === undefined) {
        const current = parseAccountOrNull(await accounts.findOne({ _id: accountId }));
        if (!current) throw new AppError("NOT_FOUND", { message: "The TikTok account does not exist." });
        expected = current.credentialsVersion;
      }
      const written = await writeOnce(accountId, valid, expected, options);
      if (written) return written;
      if (options.expectedVersion !== undefined) return null;
    }
    return null;
  }

  /**
   * Removes the blobs from the account and its user mirror in one transaction; `extra` carries a status change
   * (revoke). The version bump makes any refresh that read the old version lose its compare-and-set.
   */
  async function clearCredentials(accountId: string, extra: Record<string, unknown> = {}): Promise<Account | null> {
    return transaction(async (session) => {
      const doc = await accounts.findOneAndUpdate(
        { _id: accountId },
        { $set: { updatedAt: now(), ...extra }, $unset: { credentials: "" }, $inc: { credentialsVersion: 1 } },
        { returnDocument: "after", session },
      );
      const account = parseAccountOrNull(doc);
      if (account) await mirror(account, session);
      return account;
    });
  }

  /** The refresh token was refused: needs_reauth, unless the credentials changed since it was read. */
  async function markNeedsReauth(accountId: string, input: { expectedVersion: number; lastError: LastError }) {
    const doc = await accounts.findOneAndUpdate(
      { _id: accountId, credentialsVersion: input.expectedVersion, status: { $ne: "revoked" } },
      { $set: { status: "needs_reauth", "sync.lastError": input.lastError, updatedAt: now() } },
      { returnDocument: "after" },
    );
    return parseAccountOrNull(doc);
  }

  async function upsertIdentity(
    input: z.output<typeof ConsentIdentitySchema>,
  ): Promise<{ before: Account | null; after: Account }> {
    const at = now();
    const set: Record<string, unknown> = { ...input, status: "active", updatedAt: at };
    delete set.openId;
    const update: UpdateFilter<AccountDocument> = {
      $set: set,
      $setOnInsert: { _id: mintAccountId(), createdAt: at, credentialsVersion: 0 },
      $unset: { revokedAt: "", revokeReason: "", "sync.lastError": "" },
    };
    // The same user reconnects, or the account's previous link is gone (revoked); an account linked to another
    // user matches neither, so the upsert's insert collides with it on the unique open_id and is refused below.
    const claimable: Filter<AccountDocument> = {
      openId: input.openId,
      $or: [{ userId: input.userId }, { status: "revoked" }],
    };
    for (let attempt = 0; ; attempt += 1) {
      try {
        const before = await accounts.findOneAndUpdate(claimable, update, { upsert: true, returnDocument: "before" });
        const after = await accounts.findOne({ openId: input.openId });
        return { before: parseAccountOrNull(before), after: parseAccount(after) };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        await refuseIfLinkedElsewhere(input.openId, input.userId);
        // Two first-time consents for one open_id raced; the loser updates the winner's document.
        if (attempt > 0) throw error;
      }
    }
  }

  async function refuseIfLinkedElsewhere(openId: string, userId: string): Promise<void> {
    const owner = parseAccountOrNull(await accounts.findOne({ openId }));
    if (owner && owner.userId !== userId && owner.status !== "revoked") {
      throw new AppError("ACCOUNT_LINKED_ELSEWHERE", {
        details: { accountId: owner._id, linkedUserId: owner.userId },
      });
    }
  }

  /**
   * Creates or reconnects the account of `openId`: re-activates it, keeps its history (createdAt, sync state),
   * then stores the new tokens. Tokens are only ever replaced by a valid new pair, never blanked. An account stays
   * with its platform user: another user may take it over only once it is revoked, else `ACCOUNT_LINKED_ELSEWHERE`
   * (details: `accountId`, `linkedUserId`) and nothing is written.
   */
  async function upsertFromConsent(input: UpsertFromConsentInput): Promise<Account> {
    const { tokens, ...identity } = input;
    const valid = validateInput(ConsentIdentitySchema, identity, "consent");
    const { before, after } = await upsertIdentity(valid);
    if (before && before.userId !== valid.userId) {
      // The TikTok account moved to another platform user: the previous user keeps no blobs.
      await users.clearMirror(before.userId, after.credentialsVersion, { unlink: true });
    }
    const written = await writeCredentials(after._id, await tokens(after._id), { grantedScopes: valid.grantedScopes });
    if (!written)
      throw new AppError("CONFLICT", { message: "The TikTok account changed during the connection; try again." });
    return written;
  }

  return { writeCredentials, clearCredentials, markNeedsReauth, upsertFromConsent };
}

/** Status, sync and profile updates. None of them touches credentials. */
export function accountUpdates(accounts: Collection<AccountDocument>, now: () => Date) {
  const update = async (accountId: string, filter: Filter<AccountDocument>, change: UpdateFilter<AccountDocument>) => {
    const result = await accounts.updateOne({ ...filter, _id: accountId }, change);
    return result.matchedCount > 0;
  };
  return {
    /** Revoked is terminal here: only a new consent (upsertFromConsent) re-activates a revoked account. */
    setStatus: (accountId: string, status: "active" | "needs_reauth" | "error") =>
      update(accountId, { status: { $ne: "revoked" } }, { $set: { status, updatedAt: now() } }),
    recordSync(
      accountId: string,
      input: {
        profileSyncedAt?: Date;
        videosSyncedAt?: Date;
        metricsSyncedAt?: Date;
        ingestionCursor?: string | number;
      },
    ) {
      const set: Record<string, unknown> = { updatedAt: now() };
      for (const [name, value] of Object.entries(input)) if (value !== undefined) set[`sync.${name}`] = value;
      return update(accountId, {}, { $set: set });
    },
    setLastError: (accountId: string, error: { code: string; message: string; at?: Date }) =>
      update(
        accountId,
        {},
        {
          $set: {
            "sync.lastError": { code: error.code, message: error.message, at: error.at ?? now() },
            updatedAt: now(),
          },
        },
      ),
    /**
     * A sync that succeeded: stamps its field and clears `lastError` in one write, only while the account is
     * active. False when it is not (nothing written), so the caller learns of a revocation without a read.
     */
    completeSync: (accountId: string, field: "videosSyncedAt" | "metricsSyncedAt" | "profileSyncedAt", at: Date) =>
      update(
        accountId,
        { status: "active" },
        { $set: { [`sync.${field}`]: at, updatedAt: now() }, $unset: { "sync.lastError": "" } },
      ),
    updateProfile(accountId: string, profile: AccountProfile) {
      const valid = validateInput(AccountProfileSchema, profile, "profile");
      return update(
        accountId,
        {},
        { $set: { profile: valid, "sync.profileSyncedAt": valid.syncedAt, updatedAt: now() } },
      );
    },
  };
}
