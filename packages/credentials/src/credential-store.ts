import {
  type Account,
  createAccountsRepo,
  createTokenLeasesRepo,
  type UpsertFromConsentInput,
  validateInput,
} from "@trendpot/db";
import { isAppError } from "@trendpot/errors";
import type { Db } from "mongodb";
import {
  type AccessContext,
  type CredentialCipher,
  decryptAccess,
  type FreshAccessToken,
  sealTokenSet,
  usableAccount,
} from "./access";
import { countRefresh, type RefreshEvent, type RefreshObservers } from "./needs-reauth";
import { type ReEncryptProgress, reEncryptBatch } from "./re-encrypt-sweep";
import { type RefreshDeps, refreshAcrossProcesses } from "./refresh-flow";
import { type TokenSet, TokenSetSchema } from "./token-set";

/** Structured logger (pino-compatible); receives ids, codes and outcomes only. */
export interface StoreLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface CredentialStoreOptions extends RefreshObservers {
  db: Db;
  cipher: CredentialCipher;
  /** Trades a refresh token at TikTok (`TikTokClient.refreshAccessToken`, mapped to a `TokenSet`). */
  refresh: (refreshToken: string) => Promise<TokenSet>;
  logger?: StoreLogger;
  now?: () => Date;
  /** Refresh when the access token expires within this window (60 s by default): closer, it could lapse mid-call. */
  refreshWindowMs?: number;
  /** How long a refresh lease holds before another process may take over; above the refresh call's timeout. */
  lockTtlMs?: number;
  /** How long a caller waits for another process's refresh before `TOKEN_REFRESH_BUSY`. Default 2 × lockTtlMs. */
  waitTimeoutMs?: number;
}

export interface ConsentTokensInput extends Omit<UpsertFromConsentInput, "tokens"> {
  tokens: TokenSet;
}

const NOOP_LOGGER: StoreLogger = { info: () => {}, warn: () => {} };

/**
 * The token store under `createCredentials`: fresh access tokens with one refresh per account across processes,
 * token writes with versioned user mirrors, and the re-encryption sweep after a key rotation. It hands out
 * plaintext tokens, so only this package (and its testing entry) calls it.
 */
export function createCredentialStore(options: CredentialStoreOptions) {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? NOOP_LOGGER;
  const refreshWindowMs = options.refreshWindowMs ?? 60_000;
  const lockTtlMs = options.lockTtlMs ?? 30_000;
  const accounts = createAccountsRepo(options.db, { now });
  const { cipher } = options;
  const inflight = new Map<string, Promise<FreshAccessToken>>();
  const emit = (event: RefreshEvent) => {
    logger.info({ event: "token.refresh", ...event }, "token refresh");
    countRefresh(options.metrics, event.outcome);
  };
  const deps: RefreshDeps = {
    accounts,
    leases: createTokenLeasesRepo(options.db),
    cipher,
    refresh: options.refresh,
    observers: { audit: options.audit, events: options.events, metrics: options.metrics },
    emit,
    warn: (fields, message) => logger.warn(fields, message),
    now,
    lockTtlMs,
    waitTimeoutMs: options.waitTimeoutMs ?? 2 * lockTtlMs,
  };

  // In-process coalescing: concurrent callers for one account share one promise (and one lease attempt).
  function singleFlight(accountId: string, context: AccessContext, observedVersion: number): Promise<FreshAccessToken> {
    const existing = inflight.get(accountId);
    if (existing) {
      emit({ accountId, outcome: "coalesced" });
      return existing;
    }
    const promise = refreshAcrossProcesses(deps, accountId, context, observedVersion).finally(() =>
      inflight.delete(accountId),
    );
    inflight.set(accountId, promise);
    return promise;
  }

  async function seal(accountId: string, tokens: TokenSet) {
    return sealTokenSet(cipher, accountId, validateInput(TokenSetSchema, tokens, "token set"));
  }

  return {
    accounts,

    /** A valid access token, refreshed first when it expires within the refresh window. */
    async getFreshAccessToken(accountId: string, context: AccessContext): Promise<FreshAccessToken> {
      const account = usableAccount(await accounts.getById(accountId));
      const remaining = account.credentials.accessExpiresAt.getTime() - now().getTime();
      if (remaining > refreshWindowMs) return decryptAccess(cipher, account, context);
      try {
        return await singleFlight(accountId, context, account.credentialsVersion);
      } catch (error) {
        // A refresh that failed for a passing reason still leaves a usable token until it actually expires.
        if (remaining <= 0 || !isAppError(error) || !error.retryable) throw error;
        logger.warn(
          { event: "token.refresh_fallback", accountId, code: error.code, ...context },
          "refresh failed; token still valid",
        );
        return decryptAccess(cipher, account, context);
      }
    },

    /** Refreshes now (the proactive job), unless another caller's refresh lands first. */
    async refreshNow(accountId: string, context: AccessContext): Promise<FreshAccessToken> {
      const account = usableAccount(await accounts.getById(accountId));
      return singleFlight(accountId, context, account.credentialsVersion);
    },

    /** Creates or reconnects an account from a consent and stores its tokens (validated before any write). */
    async upsertFromConsent(input: ConsentTokensInput): Promise<Account> {
      const tokens = validateInput(TokenSetSchema, input.tokens, "token set");
      return accounts.upsertFromConsent({ ...input, tokens: (accountId) => seal(accountId, tokens) });
    },

    /** Clears the encrypted blobs from the account and the user mirror. */
    clearCredentials: (accountId: string) => accounts.clearCredentials(accountId),

    /** Credentials still under a key other than the cipher's current one (`tiktok.token.previous_key_credentials`). */
    countUnderPreviousKey: (): Promise<number> => accounts.countCredentialsNotUnder(cipher.currentKeyId),

    /** One batch of the re-encryption sweep (see `ReEncryptProgress`); call again with `resumeAfter: lastId`. */
    reEncryptAllCredentials: (input: { batchSize: number; resumeAfter?: string }): Promise<ReEncryptProgress> =>
      reEncryptBatch({ accounts, cipher, leases: deps.leases, now, lockTtlMs }, input),
  };
}

export type CredentialStore = ReturnType<typeof createCredentialStore>;
