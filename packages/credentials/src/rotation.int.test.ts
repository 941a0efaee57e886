import { CreateKeyCommand } from "@aws-sdk/client-kms";
import { testServices, uniqueName } from "@trendpot/dev-services/testing";
import {
  createKmsClient,
  createKmsDataKeyProvider,
  type KeyMismatchEvent,
  TikTokTokenCipher,
} from "@trendpot/token-cipher";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCredentialStore } from "./credential-store";
import { consentInput, openTestDatabase, tokenSet } from "./test-support";
import type { TokenSet } from "./token-set";

const services = testServices();
const kms = createKmsClient({
  region: services.kms.region,
  endpoint: services.kms.endpoint,
  credentials: services.kms.credentials,
});
let env: Awaited<ReturnType<typeof openTestDatabase>>;
const CONTEXT = { requestId: "req_rotation", operation: "rotation.test" };

beforeAll(async () => {
  env = await openTestDatabase();
});
afterAll(async () => {
  await env.close();
  kms.destroy();
});

async function newKeyArn(): Promise<string> {
  const key = await kms.send(new CreateKeyCommand({ Description: "rotation sweep test", KeyUsage: "ENCRYPT_DECRYPT" }));
  return key.KeyMetadata?.Arn ?? "";
}

function storeWith(currentKeyId: string, previousKeyIds: string[] = [], onKeyMismatch?: (e: KeyMismatchEvent) => void) {
  const cipher = new TikTokTokenCipher({
    provider: createKmsDataKeyProvider(kms),
    currentKeyId,
    previousKeyIds,
    ...(onKeyMismatch ? { onKeyMismatch } : {}),
  });
  return createCredentialStore({
    db: env.database.db,
    cipher,
    refresh: async () => Promise.reject(new Error("unused")),
  });
}

describe("key rotation against the KMS emulator", () => {
  it("encrypt under A, read with B current and A previous, sweep, read under B, retire A", async () => {
    const [keyA, keyB] = [await newKeyArn(), await newKeyArn()];
    const underA = storeWith(keyA);
    const userId = uniqueName("user");
    const connected: Array<{ id: string; tokens: TokenSet }> = [];
    for (let i = 0; i < 5; i += 1) {
      const tokens = tokenSet(`rot${i}`, 3_600_000, new Date());
      connected.push({
        id: (await underA.upsertFromConsent(consentInput(userId, uniqueName("open"), tokens)))._id,
        tokens,
      });
    }
    const [first] = connected;
    if (!first) throw new Error("no accounts");
    const oldDoc = await underA.accounts.getById(first.id);

    const rotating = storeWith(keyB, [keyA]);
    expect((await rotating.getFreshAccessToken(first.id, CONTEXT)).accessToken).toBe(first.tokens.accessToken);

    let progress = await rotating.reEncryptAllCredentials({ batchSize: 2 });
    let reEncrypted = progress.reEncrypted;
    while (!progress.done) {
      progress = await rotating.reEncryptAllCredentials({ batchSize: 2, resumeAfter: progress.lastId });
      reEncrypted += progress.reEncrypted;
    }
    expect(reEncrypted).toBeGreaterThanOrEqual(5);
    const again = await rotating.reEncryptAllCredentials({ batchSize: 100 });
    expect(again).toMatchObject({ reEncrypted: 0, failed: [] });

    const mismatches: KeyMismatchEvent[] = [];
    const retired = storeWith(keyB, [], (event) => mismatches.push(event));
    for (const { id, tokens } of connected) {
      const doc = await retired.accounts.getById(id);
      expect(doc?.credentials).toMatchObject({ keyId: keyB, accessToken: { kid: keyB }, refreshToken: { kid: keyB } });
      expect((await retired.getFreshAccessToken(id, CONTEXT)).accessToken).toBe(tokens.accessToken);
    }
    // A ciphertext still under A (restored from before the sweep) now fails with a key mismatch.
    await env.database.db
      .collection<{ _id: string }>("tiktok_accounts")
      .updateOne({ _id: first.id }, { $set: { credentials: oldDoc?.credentials } });
    await expect(retired.getFreshAccessToken(first.id, CONTEXT)).rejects.toMatchObject({
      code: "E_TIKTOK_KEY_MISMATCH",
    });
    expect(mismatches.map((event) => event.keyId)).toEqual([keyA]);
    const sweepAfterRetire = await retired.reEncryptAllCredentials({ batchSize: 1000 });
    expect(sweepAfterRetire.failed).toContainEqual({ accountId: first.id, code: "E_TIKTOK_KEY_MISMATCH" });
  });
});
