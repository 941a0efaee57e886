import type { Collection, Db, Filter } from "mongodb";
import { COLLECTIONS } from "../collections";
import { isDuplicateKeyError, parseDocument, validateInput } from "../shared/store-kit";
import { type CredentialsMirror, CredentialsMirrorSchema, type User, UserSchema } from "./user-schema";

export interface UsersRepo {
  getById(userId: string): Promise<User | null>;
  /**
   * Writes the mirror when `mirror.version` is newer than what the user document holds (or it holds none).
   * Returns false when a newer version is already there: a stale write never overwrites a newer one.
   */
  writeMirror(userId: string, accountId: string, mirror: CredentialsMirror): Promise<boolean>;
  /** Removes the mirrored blobs unless a newer version was mirrored; records `version` as applied. */
  clearMirror(userId: string, version: number, options?: { unlink?: boolean }): Promise<boolean>;
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
    async writeMirror(userId, accountId, mirror) {
      const valid = validateInput(CredentialsMirrorSchema, mirror, "credentials mirror");
      const filter: Filter<UserDocument> = {
        _id: userId,
        $or: [{ mirrorVersion: { $lt: valid.version } }, { mirrorVersion: { $exists: false } }],
      };
      const update = {
        $set: { tiktokAccountId: accountId, credentialsMirror: valid, mirrorVersion: valid.version, updatedAt: now() },
      };
      return conditionalUpsert(users, filter, update);
    },
    async clearMirror(userId, version, clearOptions = {}) {
      // `$lte`: nothing is ever mirrored at the version of a clear, so the clear may repeat safely.
      const filter: Filter<UserDocument> = {
        _id: userId,
        $or: [{ mirrorVersion: { $lte: version } }, { mirrorVersion: { $exists: false } }],
      };
      const unset: Record<string, ""> = { credentialsMirror: "" };
      if (clearOptions.unlink) unset.tiktokAccountId = "";
      return conditionalUpsert(users, filter, { $set: { mirrorVersion: version, updatedAt: now() }, $unset: unset });
    },
  };
}

// An upsert whose filter did not match an existing document tries to insert the same _id: that duplicate-key
// error means "a newer version is already there", not a failure.
async function conditionalUpsert(
  users: Collection<UserDocument>,
  filter: Filter<UserDocument>,
  update: Record<string, unknown>,
): Promise<boolean> {
  try {
    const result = await users.updateOne(filter, update, { upsert: true });
    return result.matchedCount + result.upsertedCount > 0;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
