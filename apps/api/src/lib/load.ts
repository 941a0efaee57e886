import type { Account } from "@trendpot/db";
import { AppError } from "@trendpot/errors";
import type { ApiDeps } from "../deps";

/** The account, or a 404 `NOT_FOUND`. */
export async function loadAccount(deps: ApiDeps, accountId: string): Promise<Account> {
  const account = await deps.accounts.getById(accountId);
  if (!account)
    throw new AppError("NOT_FOUND", { message: "The TikTok account does not exist.", details: { accountId } });
  return account;
}
