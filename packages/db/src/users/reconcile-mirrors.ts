import type { Db } from "mongodb";
import { accountsCollection, parseAccount } from "../accounts/accounts-collection";
import { createUsersRepo, type UsersRepo } from "./users-repo";

export interface ReconcileProgress {
  scanned: number;
  /** Mirrors rewritten because they fell behind the account's credentials version. */
  repaired: number;
  /** Mirrors that still held blobs although the account has none (missed clear after a revoke). */
  cleared: number;
  /** Pass as `resumeAfter` to continue; absent when nothing was scanned. */
  lastId?: string;
  done: boolean;
}

/**
 * One batch of mirror reconciliation, in account `_id` order: the account is the source of truth, and each
 * repair is the same version-ordered write as usual, so running it twice or beside live writes is safe.
 */
export async function reconcileMirrors(
  db: Db,
  input: { batchSize: number; resumeAfter?: string; now?: () => Date },
): Promise<ReconcileProgress> {
  const users = createUsersRepo(db, input.now ? { now: input.now } : {});
  const filter = input.resumeAfter ? { _id: { $gt: input.resumeAfter } } : {};
  const docs = await accountsCollection(db).find(filter).sort({ _id: 1 }).limit(input.batchSize).toArray();
  const progress: ReconcileProgress = { scanned: 0, repaired: 0, cleared: 0, done: docs.length < input.batchSize };
  for (const doc of docs) {
    const account = parseAccount(doc);
    progress.scanned += 1;
    progress.lastId = account._id;
    const outcome = await reconcileOne(users, account);
    if (outcome === "repaired") progress.repaired += 1;
    if (outcome === "cleared") progress.cleared += 1;
  }
  return progress;
}

async function reconcileOne(
  users: UsersRepo,
  account: ReturnType<typeof parseAccount>,
): Promise<"repaired" | "cleared" | "ok"> {
  const user = await users.getById(account.userId);
  if (account.credentials) {
    if (user?.credentialsMirror && (user.mirrorVersion ?? 0) >= account.credentials.version) return "ok";
    const { updatedAt: _updatedAt, ...blobs } = account.credentials;
    return (await users.writeMirror(account.userId, account._id, blobs)) ? "repaired" : "ok";
  }
  if (!user?.credentialsMirror || user.tiktokAccountId !== account._id) return "ok";
  return (await users.clearMirror(account.userId, account.credentialsVersion)) ? "cleared" : "ok";
}
