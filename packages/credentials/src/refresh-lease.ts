import type { Collection, Db } from "mongodb";
import { COLLECTIONS } from "../collections";
import { isDuplicateKeyError } from "../shared/store-kit";

/** Where refresh leases live (one small document per lease; obsolete ones are deleted after each refresh). */
export const TOKEN_LEASES_COLLECTION = COLLECTIONS.tokenLeases;

export interface LeaseDocument {
  _id: string;
  accountId: string;
  version: number;
  generation: number;
  owner: string;
  expiresAt: Date;
}

export interface RefreshLease {
  id: string;
  accountId: string;
  version: number;
}

export function leasesCollection(db: Db): Collection<LeaseDocument> {
  return db.collection<LeaseDocument>(TOKEN_LEASES_COLLECTION);
}

/**
 * Takes the lease to change the credentials of `accountId` at `version`. The lease is an insert with a
 * deterministic `_id` (account, version, generation): a unique-key insert is atomic on MongoDB and on FerretDB,
 * whose conditional updates are not. An expired lease is taken over by inserting the next generation, which again
 * only one process can do. Returns null when someone else holds an unexpired lease.
 */
export async function acquireRefreshLease(
  leases: Collection<LeaseDocument>,
  input: { accountId: string; version: number; owner: string; ttlMs: number; now: Date },
): Promise<RefreshLease | null> {
  const latest = await leases
    .find({ accountId: input.accountId, version: input.version })
    .sort({ generation: -1 })
    .limit(1)
    .next();
  if (latest && latest.expiresAt.getTime() > input.now.getTime()) return null;
  const generation = latest ? latest.generation + 1 : 0;
  const id = `${input.accountId}:${input.version}:${generation}`;
  try {
    await leases.insertOne({
      _id: id,
      accountId: input.accountId,
      version: input.version,
      generation,
      owner: input.owner,
      expiresAt: new Date(input.now.getTime() + input.ttlMs),
    });
    return { id, accountId: input.accountId, version: input.version };
  } catch (error) {
    if (isDuplicateKeyError(error)) return null;
    throw error;
  }
}

/** Ends a lease without a new version: expire it so the next caller takes over at once. */
export async function abandonRefreshLease(leases: Collection<LeaseDocument>, lease: RefreshLease): Promise<void> {
  await leases.updateOne({ _id: lease.id }, { $set: { expiresAt: new Date(0) } });
}

/** After the credentials moved past `lease.version`, every lease up to it is obsolete. */
export async function retireRefreshLeases(leases: Collection<LeaseDocument>, lease: RefreshLease): Promise<void> {
  await leases.deleteMany({ accountId: lease.accountId, version: { $lte: lease.version } });
}
