import type { TikTokClient, TikTokTokenSet } from "@trendpot/tiktok-display";
import { z } from "zod";

/** Tokens as TikTok issued them (plaintext; only ever held in memory). */
export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: Date;
  refreshExpiresAt: Date;
  grantedScopes?: string[];
  openId?: string;
}

const nonEmpty = z.string().refine((value) => value.trim().length > 0);
const validDate = z.date().refine((value) => !Number.isNaN(value.getTime()));

/** A complete token set: an empty or missing token never reaches the store. */
export const TokenSetSchema = z.object({
  accessToken: nonEmpty,
  refreshToken: nonEmpty,
  accessExpiresAt: validDate,
  refreshExpiresAt: validDate,
  grantedScopes: z.array(z.string()).optional(),
  openId: z.string().optional(),
});

/**
 * What a refresh may return: the access token is required; a missing refresh token (or expiry) means "keep the
 * stored one", so a refresh response can never blank it.
 */
export const RefreshResultSchema = TokenSetSchema.extend({
  refreshToken: z.string().optional(),
  refreshExpiresAt: validDate.optional(),
});

/** What the store keeps of TikTok's token answer (the client already turned expiry seconds into instants). */
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

/** The store's `refresh`: one refresh-token grant at TikTok, in the store's shape. */
export function refreshWithTikTok(client: Pick<TikTokClient, "refreshAccessToken">) {
  return async (refreshToken: string): Promise<TokenSet> =>
    tokenSetFromTikTok(await client.refreshAccessToken(refreshToken));
}
