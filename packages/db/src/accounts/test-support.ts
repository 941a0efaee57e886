import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import { createLocalDataKeyProvider, TikTokTokenCipher } from "@trendpot/token-cipher";
import { connectDatabase, type Database } from "../database";
import type { SealedCredentials } from "./account-schema";
import type { UpsertFromConsentInput } from "./accounts-writes";

/** A real cipher with a local master key: the repositories store whatever sealed blobs they are given. */
export const testCipher = new TikTokTokenCipher({
  provider: createLocalDataKeyProvider({ "key-a": Buffer.alloc(32, 0xa1) }),
  currentKeyId: "key-a",
});

/** A fresh database for one test file. */
export async function openTestDatabase(): Promise<{ database: Database; close: () => Promise<void> }> {
  const database = await connectDatabase({ uri: testServices().mongo.uri, dbName: uniqueName("accounts") });
  return {
    database,
    close: async () => {
      await database.db.dropDatabase();
      await database.close();
    },
  };
}

/** Tokens `act.<label>` / `rft.<label>` sealed for one account; the access token expires `accessInMs` from now. */
export async function sealedTokens(
  accountId: string,
  label: string,
  accessInMs = 3_600_000,
): Promise<SealedCredentials> {
  const accessToken = await testCipher.encrypt(`act.${label}`, { accountId, kind: "access" });
  const refreshToken = await testCipher.encrypt(`rft.${label}`, { accountId, kind: "refresh" });
  return {
    accessToken,
    refreshToken,
    keyId: accessToken.kid,
    accessExpiresAt: new Date(Date.now() + accessInMs),
    refreshExpiresAt: new Date(Date.now() + 180 * 86_400_000),
  };
}

export function consentInput(
  userId: string,
  openId: string,
  label: string,
  accessInMs?: number,
): UpsertFromConsentInput {
  return {
    openId,
    userId,
    grantedScopes: ["user.info.basic", "video.list"],
    requestedScopes: ["user.info.basic", "video.list"],
    tokens: (accountId) => sealedTokens(accountId, label, accessInMs),
  };
}
