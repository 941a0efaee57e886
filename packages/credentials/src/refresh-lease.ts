import type { TokenLeasesRepo } from "@trendpot/db";

/** A lease held by this process on one credentials version of one account. */
export interface RefreshLease {
  id: string;
  accountId: string;
  version: number;
}

/**
 * Takes the lease to change the credentials of `accountId` at `version`. The lease is an insert with a
 * deterministic `_id` (account, version, generation): a unique-key insert is atomic on every server we run on,
 * conditional updates are not. An expired lease is taken over by inserting the next generation, which again only
 * one process can do. Returns null when someone else holds an unexpired lease.
 */
export async function acquireRefreshLease(
  leases: TokenLeasesRepo,
  input: { accountId: string; version: number; owner: string; ttlMs: number; now: Date },
): Promise<RefreshLease | null> {
  const latest = await leases.latest(input.accountId, input.version);
  if (latest && latest.expiresAt.getTime() > input.now.getTime()) return null;
  const generation = latest ? latest.generation + 1 : 0;
  const id = `${input.accountId}:${input.version}:${generation}`;
  const won = await leases.insertOnce({
    _id: id,
    accountId: input.accountId,
    version: input.version,
    generation,
    owner: input.owner,
    expiresAt: new Date(input.now.getTime() + input.ttlMs),
  });
  return won ? { id, accountId: input.accountId, version: input.version } : null;
}

/** Ends a lease without a new version: expire it so the next caller takes over at once. */
export async function abandonRefreshLease(leases: TokenLeasesRepo, lease: RefreshLease): Promise<void> {
  await leases.expire(lease.id);
}

/** After the credentials moved past `lease.version`, every lease up to it is obsolete. */
export async function retireRefreshLeases(leases: TokenLeasesRepo, lease: RefreshLease): Promise<void> {
  await leases.deleteThrough(lease.accountId, lease.version);
}
