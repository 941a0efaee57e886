import { randomUUID } from "node:crypto";
import type { AccountsRepo, TokenLeasesRepo } from "@trendpot/db";
import { isAppError } from "@trendpot/errors";
import type { CredentialCipher, UsableAccount } from "./access";
import { abandonRefreshLease, acquireRefreshLease, retireRefreshLeases } from "./refresh-lease";

export interface ReEncryptProgress {
  scanned: number;
  reEncrypted: number;
  /** Already under the current key. */
  skipped: number;
  /** Changed by a refresh or consent meanwhile (that write used the current key), or leased: left alone. */
  conflicts: number;
  failed: Array<{ accountId: string; code: string }>;
  /** Pass as `resumeAfter` to continue; absent when nothing was scanned. */
  lastId?: string;
  /** True when this batch reached the end of the collection. */
  done: boolean;
}

interface SweepDeps {
  accounts: AccountsRepo;
  cipher: CredentialCipher;
  leases: TokenLeasesRepo;
  now: () => Date;
  lockTtlMs: number;
}

const SWEEP_CONTEXT = { requestId: "re-encrypt-sweep", operation: "credentials.re_encrypt" };

/**
 * One batch of the sweep, in `_id` order. Each account is rewritten under the same per-version lease a refresh
 * takes (and a compare-and-set on the version), so the sweep can run twice, resume anywhere, and run beside live
 * refreshes without ever overwriting a rotated refresh token.
 */
export async function reEncryptBatch(
  deps: SweepDeps,
  input: { batchSize: number; resumeAfter?: string },
): Promise<ReEncryptProgress> {
  const accounts = await deps.accounts.listWithCredentials({ after: input.resumeAfter, limit: input.batchSize });
  const progress: ReEncryptProgress = {
    scanned: 0,
    reEncrypted: 0,
    skipped: 0,
    conflicts: 0,
    failed: [],
    done: accounts.length < input.batchSize,
  };
  for (const account of accounts) {
    progress.scanned += 1;
    progress.lastId = account._id;
    try {
      const outcome = await reEncryptOne(deps, account);
      progress[outcome] += 1;
    } catch (error) {
      progress.failed.push({ accountId: account._id, code: isAppError(error) ? error.code : "INTERNAL" });
    }
  }
  return progress;
}

async function reEncryptOne(deps: SweepDeps, account: UsableAccount): Promise<"reEncrypted" | "skipped" | "conflicts"> {
  const { credentials } = account;
  const { cipher } = deps;
  if (!cipher.needsReEncryption(credentials.accessToken) && !cipher.needsReEncryption(credentials.refreshToken))
    return "skipped";
  const leaseInput = {
    accountId: account._id,
    version: account.credentialsVersion,
    owner: randomUUID(),
    ttlMs: deps.lockTtlMs,
    now: deps.now(),
  };
  const lease = await acquireRefreshLease(deps.leases, leaseInput);
  if (!lease) return "conflicts";
  let written = false;
  try {
    const base = { accountId: account._id, ...SWEEP_CONTEXT };
    const sealed = {
      accessToken: await cipher.reEncrypt(credentials.accessToken, { ...base, kind: "access" }),
      refreshToken: await cipher.reEncrypt(credentials.refreshToken, { ...base, kind: "refresh" }),
      keyId: cipher.currentKeyId,
      accessExpiresAt: credentials.accessExpiresAt,
      refreshExpiresAt: credentials.refreshExpiresAt,
    };
    written = (await deps.accounts.writeCredentials(account._id, sealed, { expectedVersion: lease.version })) !== null;
    return written ? "reEncrypted" : "conflicts";
  } finally {
    await (written ? retireRefreshLeases : abandonRefreshLease)(deps.leases, lease).catch(() => undefined);
  }
}
