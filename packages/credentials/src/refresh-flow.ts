import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { AccountsRepo, TokenLeasesRepo } from "@trendpot/db";
import { AppError, isAppError } from "@trendpot/errors";
import {
  type AccessContext,
  type CredentialCipher,
  decryptAccess,
  type FreshAccessToken,
  isInvalidGrant,
  sealTokenSet,
  type UsableAccount,
  usableAccount,
} from "./access";
import { type RefreshObservers, type Reporter, reportNeedsReauth } from "./needs-reauth";
import { abandonRefreshLease, acquireRefreshLease, type RefreshLease, retireRefreshLeases } from "./refresh-lease";
import { RefreshResultSchema, type TokenSet } from "./token-set";

export interface RefreshDeps extends Reporter {
  accounts: AccountsRepo;
  leases: TokenLeasesRepo;
  cipher: CredentialCipher;
  refresh: (refreshToken: string) => Promise<TokenSet>;
  observers: RefreshObservers;
  now: () => Date;
  lockTtlMs: number;
  waitTimeoutMs: number;
}

const POLL_MIN_MS = 20;
const POLL_MAX_MS = 250;

/**
 * Gets a newer access token than `observedVersion` for one account across processes: whoever takes the lease on
 * the current credentials version calls TikTok; everyone else polls the version until the new one lands or the
 * lease expires (then one of them takes over).
 */
export async function refreshAcrossProcesses(
  deps: RefreshDeps,
  accountId: string,
  context: AccessContext,
  observedVersion: number,
): Promise<FreshAccessToken> {
  // Real elapsed time, not the injected clock: a frozen test clock must not make a waiter wait forever.
  const deadline = performance.now() + deps.waitTimeoutMs;
  let delay = POLL_MIN_MS;
  let reportedBusy = false;
  for (;;) {
    const current = usableAccount(await deps.accounts.getById(accountId));
    if (landedSince(current, observedVersion, deps.now())) {
      deps.emit({ accountId, outcome: "waited" });
      return decryptAccess(deps.cipher, current, context);
    }
    const lease = await acquireRefreshLease(deps.leases, {
      accountId,
      version: current.credentialsVersion,
      owner: randomUUID(),
      ttlMs: deps.lockTtlMs,
      now: deps.now(),
    });
    if (lease) return refreshUnderLease(deps, lease, context, observedVersion);
    if (!reportedBusy) {
      reportedBusy = true;
      deps.emit({ accountId, outcome: "lease_busy" });
    }
    if (performance.now() > deadline) throw new AppError("TOKEN_REFRESH_BUSY", { details: { accountId } });
    await sleep(delay);
    delay = Math.min(delay * 2, POLL_MAX_MS);
  }
}

/** A newer credentials version with an access token that is still valid. */
function landedSince(account: UsableAccount, observedVersion: number, now: Date): boolean {
  return account.credentialsVersion > observedVersion && account.credentials.accessExpiresAt.getTime() > now.getTime();
}

async function refreshUnderLease(
  deps: RefreshDeps,
  lease: RefreshLease,
  context: AccessContext,
  observedVersion: number,
): Promise<FreshAccessToken> {
  let done = false;
  try {
    // Read again under the lease: a refresh that finished between our read and the lease is visible now.
    const account = usableAccount(await deps.accounts.getById(lease.accountId));
    if (account.credentialsVersion !== lease.version)
      return await afterLostWrite(deps, lease.accountId, context, observedVersion);
    const refreshToken = await deps.cipher.decrypt(account.credentials.refreshToken, {
      accountId: account._id,
      kind: "refresh",
      ...context,
    });
    let tokens: TokenSet;
    try {
      tokens = completeTokens(await deps.refresh(refreshToken), refreshToken, account);
    } catch (error) {
      if (!isInvalidGrant(error)) throw error;
      done = true;
      return await handleInvalidGrant(deps, account, context);
    }
    // The rotated refresh token is persisted (new version, current key) before the access token is handed out.
    const sealed = await sealTokenSet(deps.cipher, account._id, tokens);
    const options = {
      expectedVersion: lease.version,
      ...(tokens.grantedScopes ? { grantedScopes: tokens.grantedScopes } : {}),
    };
    const written = await deps.accounts.writeCredentials(account._id, sealed, options);
    if (!written) return await afterLostWrite(deps, account._id, context, observedVersion);
    done = true;
    deps.emit({ accountId: account._id, outcome: "refreshed" });
    return { accessToken: tokens.accessToken, expiresAt: tokens.accessExpiresAt };
  } catch (error) {
    if (!isAppError(error, "ACCOUNT_NEEDS_REAUTH")) deps.emit({ accountId: lease.accountId, outcome: "failed" });
    throw error;
  } finally {
    const end = done ? retireRefreshLeases : abandonRefreshLease;
    await end(deps.leases, lease).catch(() => undefined);
  }
}

/** Validates TikTok's answer; a missing refresh token keeps the stored one rather than blanking it. */
function completeTokens(result: TokenSet, previousRefreshToken: string, account: UsableAccount): TokenSet {
  const parsed = RefreshResultSchema.safeParse(result);
  if (!parsed.success) {
    throw new AppError("TIKTOK_BAD_RESPONSE", {
      details: { fields: parsed.error.issues.map((issue) => issue.path.join(".")) },
    });
  }
  const valid = parsed.data;
  const rotated = valid.refreshToken !== undefined && valid.refreshToken.trim().length > 0;
  return {
    ...valid,
    refreshToken: rotated ? (valid.refreshToken as string) : previousRefreshToken,
    refreshExpiresAt: rotated && valid.refreshExpiresAt ? valid.refreshExpiresAt : account.credentials.refreshExpiresAt,
  };
}

/** The version moved under us (a consent or another refresh wrote first): theirs is the newest, use it. */
async function afterLostWrite(deps: RefreshDeps, accountId: string, context: AccessContext, observedVersion: number) {
  const current = usableAccount(await deps.accounts.getById(accountId));
  if (!landedSince(current, observedVersion, deps.now()))
    throw new AppError("TOKEN_REFRESH_BUSY", { details: { accountId } });
  deps.emit({ accountId, outcome: "waited" });
  return decryptAccess(deps.cipher, current, context);
}

async function handleInvalidGrant(
  deps: RefreshDeps,
  account: UsableAccount,
  context: AccessContext,
): Promise<FreshAccessToken> {
  const at = deps.now();
  const lastError = {
    code: "invalid_grant",
    message: "TikTok refused the refresh token; the creator must reconnect.",
    at,
  };
  const marked = await deps.accounts.markNeedsReauth(account._id, {
    expectedVersion: account.credentialsVersion,
    lastError,
  });
  if (!marked) {
    // Credentials changed since this refresh token was read: it was rotated away, not revoked by the creator.
    return afterLostWrite(deps, account._id, context, account.credentialsVersion);
  }
  await reportNeedsReauth(deps.observers, deps, { account, context, at });
  throw new AppError("ACCOUNT_NEEDS_REAUTH", { details: { accountId: account._id } });
}
