import type { Account, AccountCredentials, SealedCredentials } from "@trendpot/db";
import { AppError } from "@trendpot/errors";
import type { TikTokTokenCipher } from "@trendpot/token-cipher";
import type { TokenSet } from "./token-set";

/** What the store needs of the cipher (the real `TikTokTokenCipher` in production). */
export type CredentialCipher = Pick<
  TikTokTokenCipher,
  "currentKeyId" | "encrypt" | "decrypt" | "needsReEncryption" | "reEncrypt"
>;

/** Who is using a token and why: logged with every decryption. */
export interface AccessContext {
  requestId: string;
  operation: string;
}

export interface FreshAccessToken {
  accessToken: string;
  expiresAt: Date;
}

export type UsableAccount = Account & { credentials: AccountCredentials };

/** The account exists, is not revoked or awaiting re-authorization, and holds credentials. */
export function usableAccount(account: Account | null): UsableAccount {
  if (!account) throw new AppError("NOT_FOUND", { message: "The TikTok account does not exist." });
  if (account.status === "revoked") throw new AppError("ACCOUNT_NOT_ACTIVE", { details: { accountId: account._id } });
  if (account.status === "needs_reauth" || !account.credentials) {
    throw new AppError("ACCOUNT_NEEDS_REAUTH", { details: { accountId: account._id } });
  }
  return account as UsableAccount;
}

export async function decryptAccess(
  cipher: CredentialCipher,
  account: UsableAccount,
  context: AccessContext,
): Promise<FreshAccessToken> {
  const accessToken = await cipher.decrypt(account.credentials.accessToken, {
    accountId: account._id,
    kind: "access",
    ...context,
  });
  return { accessToken, expiresAt: account.credentials.accessExpiresAt };
}

/** Encrypts both tokens for one account under the cipher's current key. */
export async function sealTokenSet(
  cipher: CredentialCipher,
  accountId: string,
  tokens: TokenSet,
): Promise<SealedCredentials> {
  const accessToken = await cipher.encrypt(tokens.accessToken, { accountId, kind: "access" });
  const refreshToken = await cipher.encrypt(tokens.refreshToken, { accountId, kind: "refresh" });
  return {
    accessToken,
    refreshToken,
    keyId: accessToken.kid,
    accessExpiresAt: tokens.accessExpiresAt,
    refreshExpiresAt: tokens.refreshExpiresAt,
  };
}

/**
 * TikTok refused the refresh token. Matched on the code alone: the store's `refresh` need not throw the
 * client's class.
 */
export function isInvalidGrant(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && (error as { tiktokCode?: unknown }).tiktokCode === "invalid_grant"
  );
}
