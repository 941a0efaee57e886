import type { Account } from "@trendpot/db";
import type { AccessContext } from "./access";
import type { ConsentTokensInput } from "./credential-store";
import { type Credentials, storeBehind } from "./credentials";

/**
 * Stores a token pair as a consent would, sealed like any other: for tests and benchmarks that seed accounts
 * without a TikTok to consent at. Production code connects through `exchangeCode` and `connect`.
 */
export function storeTestTokens(credentials: Credentials, input: ConsentTokensInput): Promise<Account> {
  return storeBehind(credentials).upsertFromConsent(input);
}

/** The access token `withDisplay` would hand TikTok (decrypted, and logged as such): for tests of what was stored. */
export async function readAccessToken(
  credentials: Credentials,
  accountId: string,
  context: AccessContext,
): Promise<string> {
  return (await storeBehind(credentials).getFreshAccessToken(accountId, context)).accessToken;
}
