import type { Account, UpsertFromConsentInput } from "@trendpot/db";
import { AppError } from "@trendpot/errors";
import {
  type ExchangeCodeParams,
  isTikTokApiError,
  type ListVideosParams,
  type TikTokClient,
  type TikTokUser,
  type TikTokVideo,
  type UserField,
  type VideoField,
  type VideoPage,
} from "@trendpot/tiktok-display";
import type { AccessContext } from "./access";
import { type CredentialStore, type CredentialStoreOptions, createCredentialStore } from "./credential-store";
import { refreshWithTikTok, type TokenSet, tokenSetFromTikTok } from "./token-set";

/** Every TikTok call that carries a token. The credentials make each of them, so no token leaves this package. */
export type TokenCalls = Pick<
  TikTokClient,
  "exchangeCode" | "refreshAccessToken" | "revokeToken" | "getUserInfo" | "listVideos" | "queryVideos"
>;

/** One account's Display API calls, with its access token already bound. */
export interface AccountDisplay {
  getUserInfo(fields: readonly UserField[]): Promise<TikTokUser>;
  listVideos(params: ListVideosParams): Promise<VideoPage>;
  queryVideos(videoIds: readonly string[], fields: readonly VideoField[]): Promise<TikTokVideo[]>;
}

/**
 * An exchanged consent code: who granted which scopes, and a profile read under the grant. Its tokens are held
 * here until `connect` seals and stores them; nothing outside this package can read them.
 */
export interface ConsentGrant {
  readonly openId: string;
  readonly grantedScopes: readonly string[];
  readonly display: Pick<AccountDisplay, "getUserInfo">;
}

export interface ConnectInput extends Omit<UpsertFromConsentInput, "tokens" | "openId" | "grantedScopes"> {
  grant: ConsentGrant;
}

export interface CredentialsOptions extends Omit<CredentialStoreOptions, "refresh"> {
  tiktok: TokenCalls;
}

const grantTokens = new WeakMap<ConsentGrant, TokenSet>();
const stores = new WeakMap<object, CredentialStore>();

/**
 * Tokens from the consent's code exchange to every call that uses them: the apps hand in a code or an account id
 * and get back an account or TikTok's answer, never a token.
 */
export function createCredentials(options: CredentialsOptions) {
  const { tiktok, ...storeOptions } = options;
  const store = createCredentialStore({ ...storeOptions, refresh: refreshWithTikTok(tiktok) });
  const bind = (accessToken: string): AccountDisplay => ({
    getUserInfo: (fields) => tiktok.getUserInfo(accessToken, fields),
    listVideos: (params) => tiktok.listVideos(accessToken, params),
    queryVideos: (videoIds, fields) => tiktok.queryVideos(accessToken, videoIds, fields),
  });

  const credentials = {
    accounts: store.accounts,

    /** Trades a consent's authorization code for its tokens (kept inside the grant). */
    async exchangeCode(params: ExchangeCodeParams): Promise<ConsentGrant> {
      const answer = await tiktok.exchangeCode(params);
      const grant: ConsentGrant = Object.freeze({
        openId: answer.openId,
        grantedScopes: Object.freeze([...answer.grantedScopes]),
        display: { getUserInfo: bind(answer.accessToken).getUserInfo },
      });
      grantTokens.set(grant, tokenSetFromTikTok(answer));
      return grant;
    },

    /** Creates or reconnects the grant's account and stores its tokens, sealed (validated before any write). */
    async connect(input: ConnectInput): Promise<Account> {
      const { grant, ...identity } = input;
      const tokens = grantTokens.get(grant);
      if (!tokens) throw new AppError("INTERNAL", { message: "The consent grant did not come from exchangeCode." });
      const grantedScopes = [...grant.grantedScopes];
      return store.upsertFromConsent({ ...identity, openId: grant.openId, grantedScopes, tokens });
    },

    /**
     * Runs `call` with the account's Display API, its token fresh (refreshed first when it expires within the
     * window). When TikTok still calls the token invalid (revoked early, rotated by another process) it refreshes
     * once through the single-flight store and runs `call` again; a second rejection or a failed refresh
     * propagates.
     */
    async withDisplay<T>(
      accountId: string,
      context: AccessContext,
      call: (display: AccountDisplay) => Promise<T>,
    ): Promise<T> {
      const { accessToken } = await store.getFreshAccessToken(accountId, context);
      try {
        return await call(bind(accessToken));
      } catch (error) {
        if (!isTikTokApiError(error, "access_token_invalid")) throw error;
        const refreshed = await store.refreshNow(accountId, context);
        return call(bind(refreshed.accessToken));
      }
    },

    /** Refreshes now (the proactive job), unless another caller's refresh lands first; says until when it holds. */
    async refreshNow(accountId: string, context: AccessContext): Promise<{ expiresAt: Date }> {
      const { expiresAt } = await store.refreshNow(accountId, context);
      return { expiresAt };
    },

    /** Revokes the account's access token at TikTok (refreshing an expiring one first). */
    async revokeAtTikTok(accountId: string, context: AccessContext): Promise<void> {
      const { accessToken } = await store.getFreshAccessToken(accountId, context);
      await tiktok.revokeToken(accessToken);
    },

    clearCredentials: store.clearCredentials,
    countUnderPreviousKey: store.countUnderPreviousKey,
    reEncryptAllCredentials: store.reEncryptAllCredentials,
  };
  stores.set(credentials, store);
  return credentials;
}

export type Credentials = ReturnType<typeof createCredentials>;

/** The store behind `credentials`, for the testing entry only. */
export function storeBehind(credentials: Credentials): CredentialStore {
  const store = stores.get(credentials);
  if (!store) throw new Error("These credentials were not built by createCredentials.");
  return store;
}
