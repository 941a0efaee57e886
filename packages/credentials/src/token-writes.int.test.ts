import { uniqueName } from "@trendpot/dev-services/testing";
import type { AppError } from "@trendpot/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CredentialStore, createCredentialStore } from "./credential-store";
import { consentInput, localCipher, openTestDatabase, tokenSet } from "./test-support";

let env: Awaited<ReturnType<typeof openTestDatabase>>;
let store: CredentialStore;
const CONTEXT = { requestId: "req_writes", operation: "writes.test" };

beforeAll(async () => {
  env = await openTestDatabase();
  store = createCredentialStore({
    db: env.database.db,
    cipher: localCipher(),
    refresh: async () => Promise.reject(new Error("no refresh here")),
  });
});
afterAll(() => env.close());

async function connect(label: string) {
  const userId = uniqueName("user");
  const openId = uniqueName("open");
  const account = await store.upsertFromConsent(consentInput(userId, openId, tokenSet(label, 3_600_000, new Date())));
  return { userId, openId, account };
}

describe("token writes", () => {
  it("a reconnect after a revoke hands out the new access token", async () => {
    const { userId, openId, account } = await connect("first");
    await store.accounts.markRevoked(account._id, { reason: "creator asked", at: new Date() });
    await expect(store.getFreshAccessToken(account._id, CONTEXT)).rejects.toMatchObject({ code: "ACCOUNT_NOT_ACTIVE" });
    const next = tokenSet("second", 3_600_000, new Date());
    await store.upsertFromConsent(consentInput(userId, openId, next));
    expect((await store.getFreshAccessToken(account._id, CONTEXT)).accessToken).toBe(next.accessToken);
  });

  it("refuses an empty token without touching the stored credentials", async () => {
    const { userId, openId, account } = await connect("kept");
    const blank = { ...tokenSet("blank", 3_600_000, new Date()), refreshToken: "  " };
    const error = (await store.upsertFromConsent(consentInput(userId, openId, blank)).catch((e) => e)) as AppError;
    expect(error.code).toBe("VALIDATION_FAILED");
    expect((await store.accounts.getById(account._id))?.credentials).toEqual(account.credentials);
  });
});
