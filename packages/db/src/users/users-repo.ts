import type { ClientSession, Collection, Db, Filter, UpdateFilter } from "mongodb";
import { COLLECTIONS } from "../collections";
import { isDuplicateKeyError, parseDocument, validateInput } from "../shared/store-kit";
import { type CredentialsMirror, CredentialsMirrorSchema, type User, UserSchema } from "./user-schema";

export interface UsersRepo {
  getById(userId: string): Promise<User | null>;
  /**
   * Writes the mirror when `mirror.version` is newer than what the user document holds (or it holds none).
   * Returns false when a newer version is already there: a stale write never overwrites a newer one.
   */
  writeMirror(userId: string, accountId: string, mirror: CredentialsMirror, options?: InSession): Promise<boolean>;
  /** Removes the mirrored blobs unless a newer version was mirrored; records `version` as applied. */
  clearMirror(userId: string, version: number, options?: { unlink?: boolean } & InSession): Promise<boolean>;
}

/** Run inside the caller's transaction (the account write that this mirror follows). */
export interface InSession {
  session?: ClientSession;
}

type UserDocument = Omit<User, "updatedAt"> & { updatedAt: Date };

export function usersCollection(db: Db): Collection<UserDocument> {
  return db.collection<UserDocument>(COLLECTIONS.users);
}

/** Repository of the `users` collection's TikTok link and token mirror. */
export function createUsersRepo(db: Db, options: { now?: () => Date } = {}): UsersRepo {
  const users = usersCollection(db);
  const now = options.now ?? (() => new Date());
  return {
    async getById(userId) {
      const doc = await users.findOne({ _id: userId });
      return doc ? parseDocument(UserSchema, COLLECTIONS.users, doc) : null;
    },
    async writeMirror(userId, accountId, mirror, options = {}) {
      const valid = validateInput(CredentialsMirrorSchema, mirror, "credentials mirror");
      const update = {
        $set: { tiktokAccountId: accountId, credentialsMirror: valid, mirrorVersion: valid.version, updatedAt: now() },
      };
      return versionedUpsert(users, userId, { newerThan: valid.version, orEqual: false }, update, options.session);
    },
    async clearMirror(userId, version, clearOptions = {}) {
      const unset: Record<string, ""> = { credentialsMirror: "" };
      if (clearOptions.unlink) unset.tiktokAccountId = "";
      const update = { $set: { mirrorVersion: version, updatedAt: now() }, $unset: unset };
      // Nothing is ever mirrored at the version of a clear, so the clear may repeat safely (`orEqual`).
      return versionedUpsert(users, userId, { newerThan: version, orEqual: true }, update, clearOptions.session);
    },
  };
}

/**
 * Applies `update` to the user unless the document already holds a newer mirror version, creating the document
 * when there is none. Alone, one conditional upsert does it: when the version condition fails on an existing
 * document the upsert collides on `_id`, which means "a newer version is already there". Inside a transaction a
 * collision would abort the whole transaction, so there the version is read first; a concurrent change to the
 * document is then a write conflict, which the transaction retries.
 */
async function versionedUpsert(
  users: Collection<UserDocument>,
  userId: string,
  version: { newerThan: number; orEqual: boolean },
  update: UpdateFilter<UserDocument>,
  session: ClientSession | undefined,
): Promise<boolean> {
  const older = version.orEqual ? { $lte: version.newerThan } : { $lt: version.newerThan };
  if (session) {
    const current = await users.findOne({ _id: userId }, { session, projection: { mirrorVersion: 1 } });
    const held = current?.mirrorVersion;
    if (typeof held === "number" && !(version.orEqual ? held <= version.newerThan : held < version.newerThan)) {
      return false;
    }
    await users.updateOne({ _id: userId }, update, { upsert: true, session });
    return true;
  }
  const filter: Filter<UserDocument> = {
    _id: userId,
    $or: [{ mirrorVersion: older }, { mirrorVersion: { $exists: false } }],
  };
  try {
    const result = await users.updateOne(filter, update, { upsert: true });
    return result.matchedCount + result.upsertedCount > 0;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
