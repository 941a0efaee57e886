import type { TokenSet } from "@trendpot/db";
import type { TikTokClient, TikTokTokenSet } from "@trendpot/tiktok-display";

/** What the credential store keeps of TikTok's token answer (expiry instants were computed by the client). */
export function tokenSetFromTikTok(set: TikTokTokenSet): TokenSet {
  return {
    accessToken: set.accessToken,
    refreshToken: set.refreshToken,
    accessExpiresAt: set.accessTokenExpiresAt,
    refreshExpiresAt: set.refreshTokenExpiresAt,
    grantedScopes: set.grantedScopes,
    openId: set.openId,
  };
}

/** The credential store's `refresh`: one refresh-token grant at TikTok, in the store's shape. */
export function refreshWithTikTok(client: Pick<TikTokClient, "refreshAccessToken">) {
  return async (refreshToken: string): Promise<TokenSet> =>
    tokenSetFromTikTok(await client.refreshAccessToken(refreshToken));
}
