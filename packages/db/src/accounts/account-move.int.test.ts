import { uniqueName } from "@trendpot/dev-services/testing";
import { isAppError } from "@trendpot/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureAccountsIndexes } from "./accounts-collection";
import { type AccountsRepo, createAccountsRepo } from "./accounts-repo";
import { consentInput, openTestDatabase } from "./test-support";

let env: Awaited<ReturnType<typeof openTestDatabase>>;
let accounts: AccountsRepo;

beforeAll(async () => {
  env = await openTestDatabase();
  await ensureAccountsIndexes(env.database.db);
  accounts = createAccountsRepo(env.database.db);
});
afterAll(() => env.close());

describe("upsertFromConsent by another user", () => {
  it("refuses while the account is linked (even needing re-authorization) and writes nothing", async () => {
    const [owner, claimer, openId] = [uniqueName("user"), uniqueName("user"), uniqueName("open")];
    const account = await accounts.upsertFromConsent(consentInput(owner, openId, "owner"));
    await accounts.setStatus(account._id, "needs_reauth");

    const error = await accounts.upsertFromConsent(consentInput(claimer, openId, "claimer")).catch((e) => e);
    expect(isAppError(error, "ACCOUNT_LINKED_ELSEWHERE")).toBe(true);
    expect(error.details).toEqual({ accountId: account._id, linkedUserId: owner });
    expect(await accounts.getByOpenId(openId)).toMatchObject({
      userId: owner,
      status: "needs_reauth",
      credentialsVersion: account.credentialsVersion,
    });
  });

  it("moves an account whose link was revoked, keeping its id", async () => {
    const [before, after, openId] = [uniqueName("user"), uniqueName("user"), uniqueName("open")];
    const account = await accounts.upsertFromConsent(consentInput(before, openId, "before"));
    await accounts.markRevoked(account._id, { reason: "creator left", at: new Date() });

    const moved = await accounts.upsertFromConsent(consentInput(after, openId, "after"));
    expect(moved).toMatchObject({ _id: account._id, userId: after, status: "active" });
  });
});
