import type { Account } from "@trendpot/db";
import type { TikTokClient } from "@trendpot/tiktok-display";
import type { AccessContext } from "./access";
import type { ConsentTokensInput } from "./credential-store";
import { type ConsentGrant, type Credentials, storeBehind } from "./credentials";

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

/** The authorize page of a local TikTok (the sandbox's scenario): the redirect `Location` for a creator's consent. */
export interface ConsentPage {
  authorize(input: { authorizeUrl: string; openId: string }): Promise<string>;
}

/**
 * A creator's whole consent at a local TikTok, as the api's connect flow does it: a PKCE pair, the authorize URL, the
 * page's redirect code, and the code exchanged for a grant.
 */
export async function consentGrant(
  credentials: Pick<Credentials, "exchangeCode">,
  input: {
    client: Pick<TikTokClient, "createPkcePair" | "buildAuthorizeUrl">;
    page: ConsentPage;
    openId: string;
    scopes: readonly string[];
    redirectUri: string;
  },
): Promise<ConsentGrant> {
  const { codeVerifier, codeChallenge } = input.client.createPkcePair();
  const { scopes, redirectUri } = input;
  const authorizeUrl = input.client.buildAuthorizeUrl({ scopes: [...scopes], redirectUri, state: "s", codeChallenge });
  const location = await input.page.authorize({ authorizeUrl, openId: input.openId });
  const code = new URL(location).searchParams.get("code") ?? "";
  return credentials.exchangeCode({ code, redirectUri, codeVerifier });
}
