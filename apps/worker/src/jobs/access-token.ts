import { isTikTokApiError } from "@trendpot/tiktok-display";
import type { JobDeps } from "../ports";

/**
 * Runs `call` with the account's access token. When TikTok says the token is invalid (`access_token_invalid`,
 * e.g. revoked early or rotated by another process) it refreshes once through the single-flight store and retries;
 * a second rejection, or a failed refresh, propagates. The token stays inside this function's callers.
 */
export async function withAccessToken<T>(
  credentials: JobDeps["credentials"],
  input: { accountId: string; requestId: string; operation: string },
  call: (accessToken: string) => Promise<T>,
): Promise<T> {
  const context = { requestId: input.requestId, operation: input.operation };
  const { accessToken } = await credentials.getFreshAccessToken(input.accountId, context);
  try {
    return await call(accessToken);
  } catch (error) {
    if (!isTikTokApiError(error, "access_token_invalid")) throw error;
    const refreshed = await credentials.refreshNow(input.accountId, context);
    return call(refreshed.accessToken);
  }
}
