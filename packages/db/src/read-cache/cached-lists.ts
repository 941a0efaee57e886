import type { AccountsRepo } from "../accounts/accounts-repo";
import type { VideosRepo } from "../videos/videos-repo";
import type { ReadCache } from "./read-cache";

/**
 * The accounts list and an account's videos page through `cache`; every other method is the repository's own.
 * Single-document reads stay uncached: they are cheap, and callers read them right after their own writes.
 */
export function withCachedLists<A extends Pick<AccountsRepo, "list">, V extends Pick<VideosRepo, "listByAccount">>(
  repos: { accounts: A; videos: V },
  cache: ReadCache,
): { accounts: A; videos: V } {
  const { accounts, videos } = repos;
  return {
    accounts: {
      ...accounts,
      list: (input) =>
        cache.read(
          `accounts|${input.status ?? ""}|${input.userId ?? ""}|${input.limit}|${input.cursor ?? ""}`,
          { scope: "accounts", ids: (page) => page.items.map((account) => account._id) },
          () => accounts.list(input),
        ),
    },
    videos: {
      ...videos,
      listByAccount: (input) =>
        cache.read(
          `videos|${input.accountId}|${input.sort}|${input.order}|${input.limit}|${input.cursor ?? ""}`,
          { scope: `videos:${input.accountId}`, ids: (page) => page.items.map((video) => video._id) },
          () => videos.listByAccount(input),
        ),
    },
  };
}
